import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { alarmStream } from '../../src/http/routes/alarm-stream-routes.js';
import { Client, PASSWORD, startCentre, type TestCentre } from '../support/centre.js';
import { startMini } from './support/cameras.js';
import { addCameras, type LiveSocket, openLive } from './support/live-centre.js';
import { until } from './support/viewer.js';

// The periodic re-check is pushed far out: whatever ends a view within 2 s here was pushed on the bus, not polled.
const POLL_MS = 120_000;
const LIMIT_MS = 2000;

let t: TestCentre;
let cams: Awaited<ReturnType<typeof startMini>>;
let admin: Client;
const sockets: WebSocket[] = [];
const figures: string[] = [];
before(async () => {
  cams = await startMini(1, { width: 320, height: 180 });
  t = await startCentre();
  t.centre.services.live.recheckMs = POLL_MS;
  alarmStream.recheckMs = POLL_MS;
  await addCameras(t, [
    { id: 'CAM-N', name: 'Nord 1', sectorId: 'nord', url: cams.url(0) },
    { id: 'CAM-X', name: 'Sud 1', sectorId: 'sud', url: cams.url(0) },
  ]);
  admin = await t.user('admin', 'admin');
});
after(async () => {
  for (const s of sockets) s.terminate();
  console.log(`live cut after (ms): ${figures.join(', ')}`);
  alarmStream.recheckMs = 30_000;
  await t.stop();
  await cams.stop();
});

async function watching(c: Client, camera = 'CAM-N'): Promise<LiveSocket> {
  const s = await openLive(c, camera);
  sockets.push(s.ws);
  await until('video flows', () => s.binaries.length >= 1);
  return s;
}

/** Runs `act`, then measures how long the open socket takes to close (from the start of `act`). */
async function cutWithin(what: string, closed: Promise<{ code: number }>, act: () => Promise<unknown>) {
  const start = performance.now();
  const end = closed.then((c) => ({ code: c.code, ms: performance.now() - start }));
  await act();
  const r = await Promise.race([
    end,
    new Promise<undefined>((res) => setTimeout(() => res(undefined), LIMIT_MS + 1000)),
  ]);
  assert.ok(r, `${what}: still open ${LIMIT_MS + 1000} ms later`);
  figures.push(`${what} ${Math.round(r.ms)}`);
  assert.equal(r.code, 4403, what);
  assert.ok(r.ms <= LIMIT_MS, `${what}: cut after ${Math.round(r.ms)} ms`);
}

const idOf = async (c: Client) => (await c.req('GET', '/api/me')).json.userId as string;

test('a live view ends within 2 s of its session logging out', async () => {
  const op = await t.user('op-logout', 'operator', ['nord']);
  const s = await watching(op);
  await cutWithin('logout', s.closed, () => op.req('POST', '/api/auth/logout'));
});

test('a live view ends within 2 s of its user being disabled', async () => {
  const op = await t.user('op-disable', 'operator', ['nord']);
  const s = await watching(op);
  const id = await idOf(op);
  await cutWithin('disable', s.closed, () => admin.req('PATCH', `/api/users/${id}`, { disabled: true }));
});

test('a live view ends within 2 s of a password change made from another session', async () => {
  const op = await t.user('op-password', 'operator', ['nord']);
  const other = new Client(t.base);
  await other.login('op-password');
  const s = await watching(op);
  const id = await idOf(op);
  await cutWithin('password change', s.closed, () =>
    other.req('PATCH', `/api/users/${id}`, { password: 'quite another passphrase', currentPassword: PASSWORD }),
  );
});

test('a live view ends within 2 s of the viewer losing the sector, or of the camera leaving it', async () => {
  const op = await t.user('op-sector', 'operator', ['nord', 'sud']);
  const s = await watching(op);
  const id = await idOf(op);
  await cutWithin('sector removed', s.closed, () => admin.req('PATCH', `/api/users/${id}`, { sectorIds: ['sud'] }));
  const op2 = await t.user('op-camera', 'operator', ['sud']);
  const s2 = await watching(op2, 'CAM-X');
  await cutWithin('camera moved', s2.closed, () => admin.req('PATCH', '/api/cameras/CAM-X', { sectorId: 'nord' }));
});

function alarmConsole(c: Client): Promise<{ closed: Promise<{ code: number }> }> {
  const ws = new WebSocket(`${t.base.replace(/^http/, 'ws')}/api/alarms/stream`, { headers: { cookie: c.cookie } });
  sockets.push(ws);
  const closed = new Promise<{ code: number }>((r) => ws.on('close', (code) => r({ code })));
  return new Promise((resolve, reject) => {
    ws.on('message', (d: Buffer) => JSON.parse(d.toString()).type === 'ready' && resolve({ closed }));
    ws.once('error', reject);
  });
}

test('the alarm stream ends within 2 s of logout or disable', async () => {
  const op = await t.user('op-alarms', 'operator', ['nord']);
  const a = await alarmConsole(op);
  await cutWithin('alarm stream logout', a.closed, () => op.req('POST', '/api/auth/logout'));
  const op2 = await t.user('op-alarms2', 'operator', ['nord']);
  const b = await alarmConsole(op2);
  const id = await idOf(op2);
  await cutWithin('alarm stream disable', b.closed, () => admin.req('PATCH', `/api/users/${id}`, { disabled: true }));
});

test('streams of other users, and of the same user’s other sessions, are untouched by a logout', async () => {
  const keep = await t.user('op-keep', 'operator', ['nord']);
  const leaver = await t.user('op-leave', 'operator', ['nord']);
  const sameUserElsewhere = new Client(t.base);
  await sameUserElsewhere.login('op-keep');
  const s = await watching(keep);
  let closed = false;
  void s.closed.then(() => (closed = true));
  await leaver.req('POST', '/api/auth/logout');
  await sameUserElsewhere.req('POST', '/api/auth/logout');
  const before = s.binaries.length;
  await until('more video', () => s.binaries.length > before + 2);
  assert.equal(closed, false);
});
