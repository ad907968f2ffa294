// The minimal console: login, live wall, playback. Talks to the HTTP API only.
import { Playback } from './playback.js';
import { Wall } from './wall.js';

const $ = (id) => document.getElementById(id);
const wall = new Wall($('wall'));
const playback = new Playback($('playback-form'), $('playback-video'), $('playback-error'));

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
  const cameras = (r.json.items ?? []).filter((c) => c.status !== 'decommissioned');
  wall.setCameras(cameras);
  playback.setCameras(cameras);
  view('wall');
}

function view(name) {
  for (const b of document.querySelectorAll('nav button'))
    b.setAttribute('aria-pressed', String(b.dataset.view === name));
  $('wall').hidden = name !== 'wall';
  $('wall-controls').hidden = name !== 'wall';
  $('playback').hidden = name !== 'playback';
  if (name === 'wall') showWall();
  else wall.clear();
  if (name !== 'playback') playback.stop();
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
  wall.clear();
  playback.stop();
  await api('POST', '/api/auth/logout');
  boot();
});
for (const b of document.querySelectorAll('nav button')) b.addEventListener('click', () => view(b.dataset.view));
$('layout').addEventListener('change', () => showWall(0));
$('prev').addEventListener('click', () => showWall(wall.page - 1));
$('next').addEventListener('click', () => showWall(wall.page + 1));

boot();
