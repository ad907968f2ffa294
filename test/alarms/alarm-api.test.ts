import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { NewEvent } from '../../src/core/events/event-service.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';

let t: TestCentre;
let admin: Client;
let opGare: Client;
let supGare: Client;
let auditor: Client;
let gareCam: string;
let villeCam: string;
before(async () => {
  t = await startCentre({ demo: true });
  admin = await t.user('admin', 'admin');
  opGare = await t.user('op-gare', 'operator', ['gare']);
  supGare = await t.user('sup-gare', 'supervisor', ['gare']);
  auditor = await t.user('auditor', 'auditor');
  const first = async (sectorId: string) =>
    (await t.centre.services.store.cameras.list({ sectorId, limit: 1 })).items[0]!.id;
  gareCam = await first('gare');
  villeCam = await first('centre-ville');
});
after(() => t.stop());

/** Emits an event as the analytics would, and returns the alarm it raised or joined. */
async function raise(e: NewEvent) {
  const ev = await t.centre.services.events.emit(e);
  await t.centre.services.alarms.idle();
  return (await t.centre.services.store.alarms.byEvent(ev.id))!;
}
const userId = async (username: string) => (await t.centre.services.store.users.getByUsername(username))!.id;

test('an operator lists, opens and handles an alarm of their sector through to its disposition', async () => {
  const a = await raise({ cameraId: gareCam, kind: 'person_on_ground', zoneId: 'quai-1', score: 0.7 });
  const list = await opGare.req('GET', '/api/alarms?state=open&kind=person_on_ground');
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json.total, 1);
  assert.equal(list.json.items[0].priority, 'critical');
  assert.equal(list.json.items[0].sectorId, 'gare');
  const one = await opGare.req('GET', `/api/alarms/${a.id}`);
  assert.equal(one.status, 200, one.text);
  assert.deepEqual(
    one.json.events.map((e: any) => e.id),
    a.eventIds,
  );
  assert.equal(one.json.events[0].score, 0.7);
  const ack = await opGare.req('POST', `/api/alarms/${a.id}/acknowledge`);
  assert.equal(ack.status, 200, ack.text);
  assert.equal(ack.json.acknowledgedBy, 'op-gare');
  const again = await opGare.req('POST', `/api/alarms/${a.id}/acknowledge`, {});
  assert.equal(again.status, 409);
  assert.match(again.json.message, /already acknowledged by op-gare/);
  const assigned = await supGare.req('POST', `/api/alarms/${a.id}/assign`, { userId: await userId('op-gare') });
  assert.equal(assigned.status, 200, assigned.text);
  assert.equal(assigned.json.assignee, 'op-gare');
  const commented = await opGare.req('POST', `/api/alarms/${a.id}/comment`, { text: 'paramedics called' });
  assert.deepEqual(
    commented.json.comments.map((c: any) => [c.by, c.text]),
    [['op-gare', 'paramedics called']],
  );
  const noDisposition = await opGare.req('POST', `/api/alarms/${a.id}/close`, { comment: 'done' });
  assert.equal(noDisposition.status, 400);
  assert.match(noDisposition.json.message, /body\.disposition/);
  const closed = await opGare.req('POST', `/api/alarms/${a.id}/close`, { disposition: 'confirmed', comment: 'ok' });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.state, 'closed');
  const late = await opGare.req('POST', `/api/alarms/${a.id}/comment`, { text: 'late' });
  assert.equal(late.status, 409);
  assert.match(late.json.message, /is closed \(confirmed by op-gare/);
  const journal = await auditor.req('GET', `/api/audit?target=${a.id}&limit=20`);
  assert.deepEqual(journal.json.map((e: any) => e.action).reverse(), [
    'alarm.raise',
    'alarm.acknowledge',
    'alarm.assign',
    'alarm.comment',
    'alarm.close',
  ]);
});

test('roles: auditors read but never act; operators cannot hand an alarm to someone else; unknown users are 400', async () => {
  const a = await raise({ cameraId: gareCam, kind: 'intrusion', zoneId: 'depot' });
  assert.equal((await auditor.req('GET', `/api/alarms/${a.id}`)).status, 200);
  assert.equal((await auditor.req('POST', `/api/alarms/${a.id}/acknowledge`)).status, 403);
  const other = await opGare.req('POST', `/api/alarms/${a.id}/assign`, { userId: await userId('sup-gare') });
  assert.equal(other.status, 403);
  const unknown = await supGare.req('POST', `/api/alarms/${a.id}/assign`, {
    userId: '00000000-0000-4000-8000-000000000000',
  });
  assert.equal(unknown.status, 400);
  assert.match(unknown.json.message, /userId: 0{8}-0000-4000-8000-0{12} cannot take this alarm/);
  // A real user that may not take it gets the same answer: neither their name nor their role shows.
  const auditorId = await userId('auditor');
  const notAssignable = await supGare.req('POST', `/api/alarms/${a.id}/assign`, { userId: auditorId });
  assert.equal(notAssignable.status, 400);
  assert.equal(notAssignable.json.message, unknown.json.message.replace(/0{8}-0000-4000-8000-0{12}/, auditorId));
  assert.ok(!notAssignable.text.includes('auditor'), 'the name and role of the user stay hidden');
  const extra = await opGare.req('POST', `/api/alarms/${a.id}/close`, { disposition: 'confirmed', why: 'x' });
  assert.equal(extra.status, 400);
  assert.match(extra.json.message, /Unrecognized key: "why"/);
  assert.equal((await admin.req('GET', `/api/alarms/${a.id}`)).json.state, 'new', 'nothing changed');
});

test('sector scoping: an operator never sees nor acts on an alarm of another sector', async () => {
  const foreign = await raise({ cameraId: villeCam, kind: 'fire' });
  assert.equal((await opGare.req('GET', `/api/alarms/${foreign.id}`)).status, 404);
  for (const act of ['acknowledge', 'comment', 'close', 'assign']) {
    const r = await opGare.req('POST', `/api/alarms/${foreign.id}/${act}`, { zz: 1 });
    assert.equal(r.status, 404, `${act}: out of scope answers 404 before the body is read`);
    assert.ok(!r.text.includes(villeCam));
  }
  const mine = await opGare.req('GET', '/api/alarms?limit=500');
  assert.ok(mine.json.items.every((a: any) => a.sectorId === 'gare'));
  assert.equal((await opGare.req('GET', '/api/alarms?sectorId=centre-ville')).json.total, 0);
  assert.ok((await admin.req('GET', '/api/alarms?sectorId=centre-ville')).json.total >= 1);
  assert.equal((await admin.req('GET', `/api/alarms/${foreign.id}`)).json.state, 'new');
});

test('list filters, paging and statistics', async () => {
  for (let i = 0; i < 3; i++) {
    const a = await raise({ cameraId: gareCam, kind: 'crowd_density', zoneId: `z${i}` });
    if (i < 2) await supGare.req('POST', `/api/alarms/${a.id}/close`, { disposition: 'false_alarm' });
  }
  const page = await admin.req('GET', '/api/alarms?kind=crowd_density&limit=2');
  assert.equal(page.json.total, 3);
  assert.equal(page.json.items.length, 2);
  assert.ok(page.json.items[0].raisedAt >= page.json.items[1].raisedAt, 'newest first');
  const rest = await admin.req('GET', '/api/alarms?kind=crowd_density&limit=2&offset=2');
  assert.equal(rest.json.items.length, 1);
  assert.equal((await admin.req('GET', '/api/alarms?kind=crowd_density&state=closed')).json.total, 2);
  assert.equal((await admin.req('GET', `/api/alarms?cameraId=${gareCam}&priority=medium`)).json.total, 3);
  const bad = await admin.req('GET', '/api/alarms?state=finished');
  assert.equal(bad.status, 400);
  assert.match(bad.json.message, /query\.state/);
  const stats = await opGare.req('GET', '/api/alarms/stats?kind=crowd_density');
  assert.equal(stats.status, 200, stats.text);
  assert.equal(stats.json.total, 3);
  assert.equal(stats.json.byDisposition.false_alarm, 2);
  assert.equal(stats.json.byKind[0].falseAlarmRate, 1);
  assert.equal((await opGare.req('GET', '/api/alarms/stats?zz=1')).status, 400);
});
