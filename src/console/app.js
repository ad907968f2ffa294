// The operator console: login, live wall, alarm queue, map, playback, search. Talks to the HTTP API only.
import { ZoneEditor } from './admin.js';
import { AlarmQueue } from './alarms.js';
import { FleetMap } from './map.js';
import { Playback } from './playback.js';
import { EventSearch } from './search.js';
import { Timeline } from './timeline.js';
import { Wall } from './wall.js';

const $ = (id) => document.getElementById(id);
const VIEWS = ['wall', 'alarms', 'map', 'playback', 'search', 'admin'];
const wall = new Wall($('wall'));
const playback = new Playback(
  $('playback-form'),
  $('playback-video'),
  $('playback-error'),
  new Timeline($('timeline'), $('playback-video'), api),
  api,
);
const fleetMap = new FleetMap($('map'));
const zones = new ZoneEditor($('admin'), api);
let cameras = [];
let current = 'wall';

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => ({}));
  return { status: res.status, json };
}

async function boot() {
  const me = await api('GET', '/api/me');
  if (me.status === 200) return enter(me.json);
  $('app').hidden = true;
  $('login').hidden = false;
}

async function enter(user) {
  $('login').hidden = true;
  $('app').hidden = false;
  $('whoami').textContent = `${user.username} (${user.role})`;
  const r = await api('GET', '/api/cameras?limit=1000');
  cameras = (r.json.items ?? []).filter((c) => c.status !== 'decommissioned');
  wall.setCameras(cameras, user.username);
  $('layout').value = String(wall.size);
  playback.setCameras(cameras);
  search.setCameras(cameras);
  zones.setCameras(cameras);
  // Zones are edited by admins (the API enforces it too: fleet.write).
  $('admin-tab').hidden = user.role !== 'admin';
  $('camera-list').replaceChildren(
    ...cameras.map((c) => {
      const li = document.createElement('li');
      li.textContent = c.name;
      li.draggable = true;
      li.dataset.camera = c.id;
      li.addEventListener('dragstart', (e) => e.dataTransfer.setData('text/x-vigie-camera', c.id));
      return li;
    }),
  );
  alarms = new AlarmQueue($('alarms'), api, onAlarm);
  await alarms.start();
  for (const a of alarms.alarms.values()) onAlarm(a);
  view('wall');
  document.body.dataset.ready = 'true';
}

let alarms;
const search = new EventSearch($('search-form'), $('search-results'), $('search-video'), api);

/** A new or changed alarm: the count in the menu, and the highlight on the wall tile of its camera. */
function onAlarm(a) {
  const open = [...alarms.alarms.values()].filter((x) => x.state !== 'closed');
  $('alarm-count').textContent = open.length ? String(open.length) : '';
  wall.alarm(
    a.cameraId,
    open.some((x) => x.cameraId === a.cameraId),
  );
}

function view(name) {
  current = name;
  for (const b of document.querySelectorAll('nav button'))
    b.setAttribute('aria-pressed', String(b.dataset.view === name));
  $('wall-view').hidden = name !== 'wall';
  $('wall-controls').hidden = name !== 'wall';
  for (const v of ['alarms', 'map', 'playback', 'search', 'admin']) $(v).hidden = name !== v;
  if (name !== 'admin') zones.stop();
  if (name === 'wall') showWall();
  else wall.clear();
  if (name === 'map') fleetMap.show(cameras);
  else fleetMap.stop();
  if (name !== 'playback') playback.stop();
  else playback.refreshRange();
}

function showWall(page = wall.page) {
  wall.show(Number($('layout').value), page);
  $('page').textContent = `${wall.page + 1} / ${wall.pages}`;
}

$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = e.target.elements;
  const r = await api('POST', '/api/auth/login', { username: f.username.value, password: f.password.value });
  if (r.status !== 200) {
    $('login-error').textContent = r.json.message ?? 'Login failed.';
    return;
  }
  f.password.value = '';
  $('login-error').textContent = '';
  enter(r.json.user);
});
$('logout').addEventListener('click', async () => {
  delete document.body.dataset.ready;
  alarms?.stop();
  wall.clear();
  playback.stop();
  await api('POST', '/api/auth/logout');
  // Alt+1..6 switch views; 1-4 pick the wall layout; the alarm view has its own keys (alarms.js).
  document.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || $('app').hidden) return;
    if (e.altKey && /^[1-6]$/.test(e.key)) view(VIEWS[Number(e.key) - 1]);
    else if (current === 'wall' && /^[1-4]$/.test(e.key)) {
      $('layout').value = e.key;
      showWall(0);
    } else if (current === 'alarms' && alarms?.key(e)) e.preventDefault();
    else if (current === 'playback' && playback.key(e)) e.preventDefault();
  });

  boot();
});
for (const b of document.querySelectorAll('nav button')) b.addEventListener('click', () => view(b.dataset.view));
$('layout').addEventListener('change', () => showWall(0));
$('prev').addEventListener('click', () => showWall(wall.page - 1));
$('next').addEventListener('click', () => showWall(wall.page + 1));

// Alt+1..6 switch views; 1-4 pick the wall layout; the alarm view has its own keys (alarms.js).
document.addEventListener('keydown', (e) => {
  if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || $('app').hidden) return;
  if (e.altKey && /^[1-6]$/.test(e.key)) view(VIEWS[Number(e.key) - 1]);
  else if (current === 'wall' && /^[1-4]$/.test(e.key)) {
    $('layout').value = e.key;
    showWall(0);
  } else if (current === 'alarms' && alarms?.key(e)) e.preventDefault();
  else if (current === 'playback' && playback.key(e)) e.preventDefault();
});

boot();
