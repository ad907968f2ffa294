// Bulk close and snoozes over HTTP (issue 19): one disposition closes many alarms, each journaled as a single close,
// with a per-id report; a snoozed camera's kind raises no alarm while its events are still stored; bad input (empty or
// oversized lists, unknown or hidden cameras, minutes out of 1..480, unknown keys) is refused and saves nothing.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import type { NewEvent } from '../../src/core/events/event-service.js';
import { SYSTEM } from '../../src/core/users/principal.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';

let t: TestCentre;
let admin: Client;
let opGare: Client;
let auditor: Client;
const GARE = 'BULK-G';
const VILLE = 'BULK-V';

before(async () => {
  t = await startCentre();
  const { fleet } = t.centre.services;
  for (const [sector, cam] of [
    ['gare', GARE],
    ['ville', VILLE],
  ] as const) {
    await fleet.upsertSector(SYSTEM, { id: sector, name: sector });
    await fleet.create(SYSTEM, {
      id: cam,
      name: `Camera ${cam}`,
      sectorId: sector,
      streams: { main: 'rtsp://127.0.0.1:9/none' },
      phase: 'pilot',
      status: 'active',
      tags: [],
    });
  }
  admin = await t.user('admin', 'admin');
  opGare = await t.user('op-gare', 'operator', ['gare']);
  auditor = await t.user('auditor', 'auditor');
});
const sockets: WebSocket[] = [];
after(async () => {
  for (const ws of sockets) ws.terminate();
  await t.stop();
});

/** The alarm stream as the client sees it: every message after `ready`. */
function stream(c: Client): Promise<unknown[]> {
  const ws = new WebSocket(`${t.base.replace(/^http/, 'ws')}/api/alarms/stream`, { headers: { cookie: c.cookie! } });
  sockets.push(ws);
  const got: unknown[] = [];
  return new Promise((resolve, reject) => {
    ws.on('message', (data: Buffer) => {
      const m = JSON.parse(data.toString());
      if (m.type === 'ready') resolve(got);
      else got.push(m);
    });
    ws.once('error', reject);
  });
}

async function raise(e: NewEvent) {
  const ev = await t.centre.services.events.emit(e);
  await t.centre.services.alarms.idle();
  return { event: ev, alarm: await t.centre.services.store.alarms.byEvent(ev.id) };
}
const journal = (action: string) => t.centre.services.store.audit.search({ action, limit: 1000 });

test('bulk close: each visible open alarm closed with the one disposition and journaled; the others reported', async () => {
  const mine = [];
  for (const z of ['b1', 'b2', 'b3'])
    mine.push((await raise({ cameraId: GARE, kind: 'intrusion', zoneId: z })).alarm!.id);
  const hidden = (await raise({ cameraId: VILLE, kind: 'intrusion', zoneId: 'b4' })).alarm!.id;
  const closed = (await raise({ cameraId: GARE, kind: 'intrusion', zoneId: 'b5' })).alarm!.id;
  await t.centre.services.alarms.close(SYSTEM, closed, 'confirmed');
  const unknown = randomUUID();
  const before = (await journal('alarm.close')).length;
  const r = await opGare.req('POST', '/api/alarms/close', {
    ids: [...mine, hidden, closed, unknown],
    disposition: 'false_alarm',
    comment: 'wind',
  });
  assert.equal(r.status, 200, r.text);
  const outcomes = Object.fromEntries(r.json.results.map((x: any) => [x.id, x.outcome]));
  console.log(`bulk close: ${JSON.stringify(Object.values(outcomes))}, closed ${r.json.closed}`);
  assert.deepEqual(outcomes, {
    [mine[0]!]: 'closed',
    [mine[1]!]: 'closed',
    [mine[2]!]: 'closed',
    [hidden]: 'not_found',
    [closed]: 'already_closed',
    [unknown]: 'not_found',
  });
  assert.equal(r.json.closed, 3);
  assert.ok(!r.text.includes(VILLE), 'nothing of the hidden alarm is told');
  for (const id of mine) {
    const a = await admin.req('GET', `/api/alarms/${id}`);
    assert.deepEqual([a.json.state, a.json.disposition, a.json.closedBy], ['closed', 'false_alarm', 'op-gare']);
    assert.equal(a.json.comments.at(-1).text, 'wind');
  }
  assert.equal((await admin.req('GET', `/api/alarms/${hidden}`)).json.state, 'new', 'the hidden one is untouched');
  const entries = (await journal('alarm.close')).slice(0, (await journal('alarm.close')).length - before);
  assert.deepEqual(entries.map((e) => e.target).sort(), [...mine].sort(), 'one journal entry per closed alarm');
});

test('bulk close: bad input is refused with a message and closes nothing', async () => {
  const a = (await raise({ cameraId: GARE, kind: 'intrusion', zoneId: 'bad' })).alarm!.id;
  const many = Array.from({ length: 201 }, () => randomUUID());
  for (const [why, body] of [
    ['no ids', { ids: [], disposition: 'confirmed' }],
    ['201 ids', { ids: many, disposition: 'confirmed' }],
    ['not a UUID', { ids: [a, 'x'], disposition: 'confirmed' }],
    ['unknown disposition', { ids: [a], disposition: 'maybe' }],
    ['no disposition', { ids: [a] }],
    ['unknown key', { ids: [a], disposition: 'confirmed', force: true }],
  ] as const) {
    const r = await opGare.req('POST', '/api/alarms/close', body);
    console.log(`bulk close, ${why}: ${r.status} ${r.json?.message}`);
    assert.equal(r.status, 400, `${why}: ${r.text}`);
    assert.equal(typeof r.json.message, 'string');
  }
  assert.equal((await auditor.req('POST', '/api/alarms/close', { ids: [a], disposition: 'confirmed' })).status, 403);
  assert.equal((await admin.req('GET', `/api/alarms/${a}`)).json.state, 'new', 'nothing closed');
});

test('snooze: bad input is refused (unknown or hidden camera 404, minutes out of range 400) and saves nothing', async () => {
  const ok = { cameraId: GARE, kind: 'intrusion', minutes: 10, reason: 'swaying tree' };
  const before = (await journal('alarm.snooze')).length;
  for (const [why, who, body, status] of [
    ['unknown camera', opGare, { ...ok, cameraId: 'NOPE' }, 404],
    ['camera of another sector', opGare, { ...ok, cameraId: VILLE }, 404],
    ['minutes 0', opGare, { ...ok, minutes: 0 }, 400],
    ['minutes 10000', opGare, { ...ok, minutes: 10000 }, 400],
    ['minutes 2.5', opGare, { ...ok, minutes: 2.5 }, 400],
    ['unknown kind', opGare, { ...ok, kind: 'ghost' }, 400],
    ['no reason', opGare, { ...ok, reason: '  ' }, 400],
    ['unknown key', opGare, { ...ok, scope: 'all' }, 400],
    ['auditor', auditor, ok, 403],
  ] as const) {
    const r = await who.req('POST', '/api/alarms/snoozes', body);
    console.log(`snooze, ${why}: ${r.status} ${r.json?.message}`);
    assert.equal(r.status, status, `${why}: ${r.text}`);
    assert.equal(typeof r.json.message, 'string');
  }
  assert.deepEqual((await admin.req('GET', '/api/alarms/snoozes')).json, [], 'no snooze saved');
  assert.equal((await journal('alarm.snooze')).length, before, 'nothing journaled');
  for (const id of ['not-a-uuid', randomUUID()])
    assert.equal((await opGare.req('DELETE', `/api/alarms/snoozes/${id}`)).status, id.length === 36 ? 404 : 400);
});

test('snooze: the kind of one camera raises no alarm until it ends, its events are stored, all journaled', async () => {
  const created = await opGare.req('POST', '/api/alarms/snoozes', {
    cameraId: GARE,
    kind: 'abandoned_object',
    minutes: 30,
    reason: 'market stalls left overnight',
  });
  assert.equal(created.status, 201, created.text);
  const s = created.json;
  assert.equal(s.until - s.createdAt, 30 * 60_000);
  const { event, alarm } = await raise({ cameraId: GARE, kind: 'abandoned_object', zoneId: 'snz' });
  assert.equal(alarm, undefined, 'no alarm while snoozed');
  const stored = await admin.req('GET', `/api/events/${event.id}`);
  assert.equal(stored.status, 200, 'the event is stored and found');
  assert.ok((await raise({ cameraId: GARE, kind: 'intrusion', zoneId: 'snz' })).alarm, 'another kind still raises');
  assert.ok((await raise({ cameraId: VILLE, kind: 'abandoned_object', zoneId: 'snz' })).alarm, 'another camera too');
  const [entry] = await journal('alarm.snooze');
  const details = JSON.parse(entry!.details);
  console.log(`journal: ${entry!.actor} ${entry!.action} ${entry!.details}`);
  assert.deepEqual(
    [entry!.actor, entry!.target, details.camera, details.kind, details.minutes, details.reason],
    ['op-gare', s.id, GARE, 'abandoned_object', 30, 'market stalls left overnight'],
  );
  assert.equal(details.until, new Date(s.until).toISOString());
  // Listed for those who see the camera only.
  assert.deepEqual(
    (await opGare.req('GET', '/api/alarms/snoozes')).json.map((x: any) => x.id),
    [s.id],
  );
  const opVille = await t.user('op-ville', 'operator', ['ville']);
  assert.deepEqual((await opVille.req('GET', '/api/alarms/snoozes')).json, []);
  assert.equal((await opVille.req('DELETE', `/api/alarms/snoozes/${s.id}`)).status, 404, 'hidden: 404');
  const ended = await opGare.req('DELETE', `/api/alarms/snoozes/${s.id}`);
  assert.equal(ended.status, 200, ended.text);
  assert.equal(ended.json.endedBy, 'op-gare');
  assert.equal((await opGare.req('DELETE', `/api/alarms/snoozes/${s.id}`)).status, 404, 'ended once');
  assert.equal((await journal('alarm.snooze_end')).length, 1);
  assert.ok((await raise({ cameraId: GARE, kind: 'abandoned_object', zoneId: 'snz2' })).alarm, 'raised again');
});

test("snoozes reach the other consoles of the camera's sector on the alarm stream, and only them", async () => {
  const opVille = await t.user('op-ville-ws', 'operator', ['ville']);
  const [gare, ville] = await Promise.all([stream(opGare), stream(opVille)]);
  const body = { cameraId: GARE, kind: 'fire', minutes: 5, reason: 'barbecue du marché' };
  const s = (await opGare.req('POST', '/api/alarms/snoozes', body)).json;
  await opGare.req('DELETE', `/api/alarms/snoozes/${s.id}`);
  const end = Date.now() + 3000;
  while (gare.length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  const seen = (gare as any[]).filter((m) => m.type === 'snooze').map((m) => [m.change, m.snooze.id, m.snooze.kind]);
  console.log(`stream: gare ${JSON.stringify(seen)}, ville ${ville.length} messages`);
  assert.deepEqual(seen, [
    ['snoozed', s.id, 'fire'],
    ['ended', s.id, 'fire'],
  ]);
  assert.deepEqual(ville, [], 'nothing of another sector');
});
