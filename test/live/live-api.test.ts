import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { Client, startCentre, type TestCentre } from '../support/centre.js';
import { startMini } from './support/cameras.js';
import { addCameras, type LiveSocket, openLive } from './support/live-centre.js';
import { until } from './support/viewer.js';

const SECRET = { username: 'viewer', password: 'cam-s3cret-Pass' };

let t: TestCentre;
let open: Awaited<ReturnType<typeof startMini>>;
let locked: Awaited<ReturnType<typeof startMini>>;
let admin: Client;
let opNord: Client;
let opSud: Client;
let auditor: Client;

before(async () => {
  open = await startMini(1, { width: 320, height: 180 });
  locked = await startMini(1, { width: 320, height: 180, auth: SECRET });
  t = await startCentre();
  t.centre.services.live.recheckMs = 200;
  await addCameras(t, [
    { id: 'CAM-N', name: 'Nord 1', sectorId: 'nord', url: open.url(0) },
    { id: 'CAM-S', name: 'Sud 1', sectorId: 'sud', url: locked.url(0), credentials: SECRET },
  ]);
  admin = await t.user('admin', 'admin');
  opNord = await t.user('op-nord', 'operator', ['nord']);
  opSud = await t.user('op-sud', 'operator', ['sud']);
  auditor = await t.user('audit', 'auditor');
});
after(async () => {
  await t.stop();
  await Promise.all([open.stop(), locked.stop()]);
});

const sockets: LiveSocket[] = [];
after(() => {
  for (const s of sockets) s.ws.terminate();
});
async function watch(c: Client, id: string, query = '') {
  const s = await openLive(c, id, query);
  sockets.push(s);
  return s;
}

test('an operator watches a camera of their sector: init JSON, init segment, then fragments', async () => {
  const s = await watch(opNord, 'CAM-N');
  await until('fragments', () => s.binaries.length >= 10);
  const [init, ...rest] = s.log.filter((m) => !m.includes('"type":"status"'));
  assert.match(
    init!,
    /^\{"type":"init","codec":"avc1\.42c0[0-9a-f]{2}","stream":"main","privacy":"off","revealUntil":null\}$/,
    'no sub stream: main is served',
  );
  assert.match(rest[0]!, /^bin:ftyp:/, 'then the init segment');
  assert.ok(
    rest.slice(1, 5).every((m) => m.startsWith('bin:moof:')),
    'then fragments',
  );
  assert.ok(
    s.texts.slice(1).every((m) => m.type === 'status'),
    'later text messages are status only',
  );
  s.ws.close();
  await s.closed;
});

test('viewers of one camera share one upstream RTSP session', async () => {
  const a = await watch(opNord, 'CAM-N');
  const b = await watch(admin, 'CAM-N');
  await until('both get video', () => a.binaries.length >= 5 && b.binaries.length >= 5);
  assert.equal(open.server.players('cam1'), 1);
  // The first test's viewer is detached once the server has seen its close.
  const viewers = () => t.centre.services.live.viewers().find((v) => v.cameraId === 'CAM-N')?.viewers;
  await until('two viewers', () => viewers() === 2, 2000);
  a.ws.close();
  b.ws.close();
  await Promise.all([a.closed, b.closed]);
});

test('the WebSocket is refused before it opens: other sector 404, anonymous 401, auditor 403, other origin 403', async () => {
  const refused = async (c: Client, id: string, query = '', headers: Record<string, string> = {}) => {
    const e = await openLive(c, id, query, headers).then(
      (s) => {
        s.ws.terminate();
        return new Error('opened');
      },
      (err: Error) => err,
    );
    return e.message.split(' ').slice(0, 2).join(' ');
  };
  assert.equal(await refused(opSud, 'CAM-N'), 'HTTP 404', 'out of scope looks like missing');
  assert.equal(await refused(opSud, 'NOPE'), 'HTTP 404');
  assert.equal(await refused(new Client(t.base), 'CAM-N'), 'HTTP 401');
  assert.equal(await refused(auditor, 'CAM-N'), 'HTTP 403');
  assert.equal(await refused(opNord, 'CAM-N', '', { origin: 'https://evil.example' }), 'HTTP 403');
  assert.equal(await refused(opNord, 'CAM-N', '?stream=thermal'), 'HTTP 400');
});

test('a refused upgrade is answered and its connection closed by the server', async () => {
  const { port } = new URL(t.base);
  const sock = connect(Number(port), '127.0.0.1');
  let answer = '';
  sock.on('data', (d) => (answer += d));
  sock.write(
    'GET /api/live/CAM-N HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
      'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
  );
  // The client keeps its end open: only the server can end this connection.
  await new Promise<void>((resolve, reject) => {
    sock.on('close', () => resolve());
    setTimeout(() => reject(new Error(`connection left open; got ${JSON.stringify(answer.slice(0, 40))}`)), 3000);
  });
  assert.match(answer, /^HTTP\/1\.1 401/);
});

test('every live view is journaled at its start and at its end, with from, to and stream', async () => {
  const s = await watch(opSud, 'CAM-S');
  await until('fragments', () => s.binaries.length >= 3);
  const started = (await admin.req('GET', '/api/audit?action=live.view_start&actor=op-sud')).json;
  assert.equal(started.length, 1, 'the start is journaled while the view goes on');
  assert.equal(started[0].target, 'CAM-S');
  s.ws.close();
  await s.closed;
  // The end is journaled when the server sees the close, just after the client does.
  let views: any[] = [];
  await until(
    'view journaled',
    () => views.length > 0,
    3000,
    async () => {
      views = (await admin.req('GET', '/api/audit?action=live.view&actor=op-sud')).json;
    },
  );
  assert.equal(views.length, 1);
  const d = JSON.parse(views[0].details);
  assert.deepEqual(Object.keys(d).sort(), ['from', 'privacy', 'stream', 'to']);
  assert.equal(d.privacy, 'off', 'test centres default to live.privacy off');
  assert.equal(d.stream, 'main');
  assert.ok(Date.parse(d.to) >= Date.parse(d.from));
  assert.ok(views[0].seq > started[0].seq);
  assert.equal(views[0].ip, '127.0.0.1');
});

test('a view ends when its session ends or its sector is taken away, and is journaled', async () => {
  const leaving = await t.user('op-leaving', 'operator', ['nord']);
  const moved = await t.user('op-moved', 'operator', ['nord']);
  const a = await watch(leaving, 'CAM-N');
  const b = await watch(moved, 'CAM-N');
  await until('both get video', () => a.binaries.length >= 3 && b.binaries.length >= 3);
  await leaving.req('POST', '/api/auth/logout');
  const users = (await admin.req('GET', '/api/users')).json as { id: string; username: string }[];
  const id = users.find((u) => u.username === 'op-moved')!.id;
  assert.equal((await admin.req('PATCH', `/api/users/${id}`, { sectorIds: ['sud'] })).status, 200);
  const [ca, cb] = await Promise.all([a.closed, b.closed]);
  assert.deepEqual([ca.code, cb.code], [4403, 4403]);
  for (const actor of ['op-leaving', 'op-moved']) {
    let views: unknown[] = [];
    await until(
      `${actor} view journaled`,
      () => views.length === 1,
      3000,
      async () => {
        views = (await admin.req('GET', `/api/audit?action=live.view&actor=${actor}`)).json;
      },
    );
  }
});

test('camera credentials reach the camera, never the client or the journal', async () => {
  const s = await watch(admin, 'CAM-S');
  await until('fragments', () => s.binaries.length >= 3);
  assert.ok(locked.server.refusedAuth >= 1, 'the camera did ask for credentials');
  const everything = [...s.log, ...s.binaries.map((b) => b.toString('latin1'))].join('\n');
  assert.ok(!everything.includes(SECRET.password));
  s.ws.close();
  await s.closed;
  const journal = (await admin.req('GET', '/api/audit?limit=1000')).text;
  assert.ok(!journal.includes(SECRET.password));
});
