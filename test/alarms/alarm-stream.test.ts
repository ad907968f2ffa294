import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { alarmStream } from '../../src/http/routes/alarm-stream-routes.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';

let t: TestCentre;
let admin: Client;
let opGare: Client;
let gareCam: string;
let villeCam: string;
const sockets: WebSocket[] = [];
before(async () => {
  alarmStream.recheckMs = 100;
  t = await startCentre({ demo: true });
  admin = await t.user('admin', 'admin');
  opGare = await t.user('op-gare', 'operator', ['gare']);
  const first = async (sectorId: string) =>
    (await t.centre.services.store.cameras.list({ sectorId, limit: 1 })).items[0]!.id;
  gareCam = await first('gare');
  villeCam = await first('centre-ville');
});
after(async () => {
  for (const s of sockets) s.terminate();
  await t.stop();
});

interface Console {
  ws: WebSocket;
  messages: any[];
  closed: Promise<number>;
}

/** Opens the alarm stream as the client; resolves on `ready`, rejects with `HTTP <status>` when refused. */
function openStream(c: Client | undefined, headers: Record<string, string> = {}): Promise<Console> {
  const ws = new WebSocket(`${t.base.replace(/^http/, 'ws')}/api/alarms/stream`, {
    headers: { ...(c?.cookie && { cookie: c.cookie }), ...headers },
  });
  sockets.push(ws);
  const con: Console = { ws, messages: [], closed: new Promise((r) => ws.on('close', (code) => r(code))) };
  return new Promise((resolve, reject) => {
    ws.on('message', (data: Buffer) => {
      const m = JSON.parse(data.toString());
      if (m.type === 'ready') resolve(con);
      else con.messages.push(m);
    });
    ws.once('unexpected-response', (req, res) => {
      req.destroy();
      reject(new Error(`HTTP ${res.statusCode}`));
    });
    ws.once('error', reject);
  });
}

async function until(what: string, cond: () => boolean, ms = 3000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('a console receives the alarms of its sectors as they are raised and handled, and no others', async () => {
  const op = await openStream(opGare);
  const all = await openStream(admin);
  await t.centre.services.events.emit({ cameraId: villeCam, kind: 'fire' });
  const ev = await t.centre.services.events.emit({ cameraId: gareCam, kind: 'intrusion', zoneId: 'quai' });
  await until('the gare alarm', () => op.messages.length >= 1);
  const [m] = op.messages;
  assert.equal(m.type, 'alarm');
  assert.equal(m.change, 'raised');
  assert.equal(m.alarm.cameraId, gareCam);
  assert.deepEqual(m.alarm.eventIds, [ev.id]);
  assert.equal(m.alarm.sectorId, 'gare');
  await until('both alarms for the admin', () => all.messages.length >= 2);
  assert.deepEqual(all.messages.map((x) => x.alarm.cameraId).sort(), [gareCam, villeCam].sort());
  const ack = await opGare.req('POST', `/api/alarms/${m.alarm.id}/acknowledge`);
  assert.equal(ack.status, 200);
  await until('the acknowledgement', () => op.messages.some((x) => x.change === 'acknowledged'));
  assert.ok(
    op.messages.every((x) => x.alarm.sectorId === 'gare'),
    'nothing of another sector',
  );
});

test('the stream needs a login and the same origin, and ends when the session does', async () => {
  await assert.rejects(openStream(undefined), /HTTP 401/);
  await assert.rejects(openStream(opGare, { origin: 'https://evil.example' }), /HTTP 403/);
  const c = await openStream(opGare);
  await opGare.req('POST', '/api/auth/logout');
  assert.equal(await c.closed, 4403);
});
