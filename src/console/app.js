// The operator console: login, live wall, alarm queue, map, playback, search, administration. Talks to the HTTP API
// only.

import { AccessRequests } from './access-requests.js';
import { FleetAdmin } from './admin-fleet.js';
import { LegalAdmin } from './admin-legal.js';
import { PublicationAdmin } from './admin-publication.js';
import { UserAdmin } from './admin-users.js';
import { AlarmQueue } from './alarms.js';
import { Attention } from './attention.js';
import { SoundSettings } from './attention-settings.js';
import { locale, roleLabel, setLocale, t, translatePage } from './i18n.js';
import { FleetMap } from './map.js';
import { Playback } from './playback.js';
import { canReveal, endReveal, RevealDialog } from './reveal.js';
import { RevealsReport } from './reveals-report.js';
import { EventSearch } from './search.js';
import { Timeline } from './timeline.js';
import { Wall } from './wall.js';
import { WallPanel } from './wall-panel.js';
import { ZoneEditor } from './zone-editor.js';

const $ = (id) => document.getElementById(id);
// Alt+1..9 then Alt+0 (the reveals report).
const VIEWS = ['wall', 'alarms', 'map', 'playback', 'search', 'admin', 'manage', 'legal', 'requests', 'reveals'];
const wall = new Wall($('wall'));
// Lifting the blur of a tile: the reason asked, then the tile's views reconnect (the centre serves them clear).
const revealDialog = new RevealDialog($('reveal-dialog'), api);
/** A reveal made or ended: every open live view of the camera (wall tiles, the map's) opens again. */
const reconnectViews = (cameraId) => {
  wall.reconnect(cameraId);
  fleetMap.reconnect(cameraId);
};
wall.privacy.reveal = (cam, opener) => revealDialog.open(cam, () => reconnectViews(cam.id), opener);
wall.privacy.end = async (cam) => {
  const r = await endReveal(api, cam.id);
  if (r.ok) reconnectViews(cam.id);
  else $('wall-message').textContent = r.message;
};
// The camera tree, keyboard placement, named layouts, pop-out windows and tours; where this window keeps its wall.
const wallPanel = new WallPanel(
  wall,
  api,
  (saved) => {
    prefs = saved;
  },
  () => {
    $('layout').value = wall.layout;
    $('page').textContent = `${wall.page + 1} / ${wall.pages}`;
  },
);
const playback = new Playback(
  $('playback-form'),
  $('playback-video'),
  $('playback-error'),
  new Timeline($('timeline'), $('playback-video'), api),
  api,
);
const fleetMap = new FleetMap($('map'), api);
// The map's live view shares the wall's reveal actions (and who may use them).
fleetMap.privacy = wall.privacy;
const zones = new ZoneEditor($('admin'), api);
const fleetAdmin = new FleetAdmin($('manage'), api, () => loadCameras());
const userAdmin = new UserAdmin($('manage'), api);
// The legal register, what the public register publishes, and the contracts (admins).
const legalAdmin = new LegalAdmin($('legal'), api);
const publicationAdmin = new PublicationAdmin($('legal'), api);
// Right-of-access requests: supervisors and admins handle them, auditors read them.
const accessRequests = new AccessRequests($('requests'), api);
// Who lifted the blur of which camera, why, and for how long (supervisors, admins, auditors).
const revealsReport = new RevealsReport($('reveals'), api);
let role = '';
fleetAdmin.onSectors = (sectors) => userAdmin.setSectors(sectors);
let cameras = [];
let current = 'wall';
// A toast opens its alarm in the alarm view, from wherever the operator is.
const attention = new Attention(
  $('toasts'),
  (a) => {
    view('alarms');
    alarms?.select(a.id);
  },
  (id) => cameras.find((c) => c.id === id)?.name,
);
const saveAttention = (settings) => {
  prefs = { ...prefs, attention: settings };
  api('PUT', '/api/me/preferences', prefs);
};
const sounds = new SoundSettings($('sound-settings'), attention, saveAttention);

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
  translatePage();
  const me = await api('GET', '/api/me');
  if (me.status === 200) return enter(me.json);
  $('app').hidden = true;
  $('login').hidden = false;
}

async function enter(user) {
  $('login').hidden = true;
  $('app').hidden = false;
  // Zones and administration are for admins (fleet.write, users.manage: the API enforces it too).
  $('admin-tab').hidden = user.role !== 'admin';
  $('manage-tab').hidden = user.role !== 'admin';
  $('requests-tab').hidden = !['admin', 'supervisor', 'auditor'].includes(user.role);
  $('reveals-tab').hidden = !['admin', 'supervisor', 'auditor'].includes(user.role);
  role = user.role;
  wall.privacy.canReveal = canReveal(user.role);
  prefs = (await api('GET', '/api/me/preferences')).json ?? {};
  // The user's language before any view renders (views build their words as they render).
  setLocale(prefs.locale ?? locale());
  translatePage();
  $('language').value = locale();
  $('whoami').textContent = `${user.username} (${roleLabel(user.role)})`;
  // A pop-out wall (another monitor) does not sound alarms a second time: the main window does.
  attention.configure(wallPanel.windowId ? { ...prefs.attention, mute: true } : prefs.attention);
  $('mute').setAttribute('aria-pressed', String(attention.settings.mute));
  sounds.render();
  await loadCameras();
  alarms = new AlarmQueue($('alarms'), api, onAlarm);
  alarms.me = user;
  alarms.onRevealed = reconnectViews;
  await alarms.start();
  for (const a of alarms.alarms.values()) onAlarm(a);
  view('wall');
  watchAnalytics();
  document.body.dataset.ready = 'true';
}

/** Tiles say when a camera's analytics fall behind or fail: its alarms may then come late, or not at all. */
function watchAnalytics() {
  const poll = () =>
    api('GET', '/api/analytics/health').then((r) => {
      if (Array.isArray(r.json)) wall.analytics(r.json);
    });
  poll();
  setInterval(poll, 10_000);
}

/** The cameras of every view; again after an admin changed the fleet. */
async function loadCameras() {
  const r = await api('GET', '/api/cameras?limit=1000');
  cameras = (r.json.items ?? []).filter((c) => c.status !== 'decommissioned');
  await wallPanel.setCameras(cameras, prefs);
  $('layout').value = wall.layout;
  playback.setCameras(cameras);
  search.setCameras(cameras);
  zones.setCameras(cameras);
  revealsReport.setCameras(cameras);
}

let alarms;
let prefs = {};
const search = new EventSearch($('search-form'), $('search-results'), $('search-video'), api);

/**
 * A new or changed alarm: the count in the menu, the highlight on the wall tile of its camera, the flash of tiles
 * whose camera has an unacknowledged alarm, the title; a toast and a sound when it was just raised.
 */
function onAlarm(a, change) {
  const open = [...alarms.alarms.values()].filter((x) => x.state !== 'closed');
  $('alarm-count').textContent = open.length ? String(open.length) : '';
  wall.flash(new Set(open.filter((x) => x.state === 'new').map((x) => x.cameraId)));
  attention.count(open);
  if (change === 'raised') attention.raised(a);
  wall.alarm(
    a.cameraId,
    open.some((x) => x.cameraId === a.cameraId),
  );
  fleetMap.alarms(open);
}

function view(name) {
  // A hidden tab is not there for this user (its keyboard shortcut neither).
  // The legal register is a part of the administration (Alt+8, or its button there): there when that tab is.
  const tab = name === 'legal' ? 'manage' : name;
  if (document.querySelector(`nav [data-view=${tab}]`)?.hidden) return;
  current = name;
  for (const b of document.querySelectorAll('nav button'))
    b.setAttribute('aria-pressed', String(b.dataset.view === tab));
  $('wall-view').hidden = name !== 'wall';
  $('wall-controls').hidden = name !== 'wall';
  for (const v of VIEWS.slice(1)) $(v).hidden = name !== v;
  if (name !== 'admin') zones.stop();
  else zones.resume();
  if (name === 'manage') Promise.all([fleetAdmin.load(), userAdmin.load()]);
  if (name === 'legal') Promise.all([legalAdmin.load(), publicationAdmin.load()]);
  if (name === 'requests') accessRequests.load(role);
  if (name === 'reveals') revealsReport.load();
  if (name === 'wall') showWall();
  else wall.clear();
  // The map fetches the stream health itself while it is shown (its colours are the cameras' real state).
  if (name === 'map') fleetMap.show(cameras);
  else fleetMap.stop();
  if (name !== 'playback') playback.stop();
  else playback.refreshRange();
}

function showWall(page = wall.page) {
  wall.show($('layout').value, page);
  wallPanel.fillSelects();
  $('page').textContent = `${wall.page + 1} / ${wall.pages}`;
}

$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = e.target.elements;
  const totp = f.totp.value.trim();
  const body = { username: f.username.value, password: f.password.value, ...(totp && { totp }) };
  const r = await api('POST', '/api/auth/login', body);
  if (r.status !== 200) {
    // Accounts with a one-time code enrolled: the code field appears, and the same form is sent again with it.
    if (r.json.error === 'totp_required') $('login-totp').hidden = false;
    $('login-error').textContent = r.json.message ?? t('login.failed');
    return;
  }
  f.password.value = '';
  f.totp.value = '';
  $('login-error').textContent = '';
  enter(r.json.user);
});
$('logout').addEventListener('click', async () => {
  delete document.body.dataset.ready;
  alarms?.stop();
  $('toasts').replaceChildren();
  attention.count([]);
  wall.clear();
  playback.stop();
  fleetMap.stop();
  fleetAdmin.clear();
  userAdmin.clear();
  legalAdmin.clear();
  publicationAdmin.clear();
  accessRequests.clear();
  revealsReport.clear();
  await api('POST', '/api/auth/logout');
  boot();
});
for (const b of document.querySelectorAll('nav button')) b.addEventListener('click', () => view(b.dataset.view));
for (const b of document.querySelectorAll('[data-goto]')) b.addEventListener('click', () => view(b.dataset.goto));
// Another language: kept in the user's preferences, then the console starts again in it (every view renders its
// words as it is built, so a reload is the one way to be sure none is left in the old language).
$('language').addEventListener('change', async () => {
  prefs = { ...prefs, locale: $('language').value };
  await api('PUT', '/api/me/preferences', prefs);
  setLocale(prefs.locale);
  location.reload();
});
$('mute').addEventListener('click', () => {
  const mute = !attention.settings.mute;
  attention.configure({ ...attention.settings, mute });
  $('mute').setAttribute('aria-pressed', String(mute));
  saveAttention(attention.settings);
});
$('layout').addEventListener('change', () => showWall(0));
$('prev').addEventListener('click', () => showWall(wall.page - 1));
$('next').addEventListener('click', () => showWall(wall.page + 1));

// Alt+1..9 switch views; 1-4 pick the wall layout; the alarm view has its own keys (alarms.js).
document.addEventListener('keydown', (e) => {
  if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || $('app').hidden) return;
  // An open dialog (the reveal's reason) keeps the keys: no view or layout changes behind it.
  if (e.target.closest?.('dialog')) return;
  if (e.altKey && /^[0-9]$/.test(e.key)) view(VIEWS[(Number(e.key) + 9) % 10]);
  else if (current === 'wall' && /^[1-4]$/.test(e.key)) {
    $('layout').value = e.key;
    showWall(0);
  } else if (current === 'alarms' && alarms?.key(e)) e.preventDefault();
  else if (current === 'playback' && playback.key(e)) e.preventDefault();
});

boot();
