import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { verifyJournal } from '../../src/core/audit/verify.js';
import { DomainError } from '../../src/core/errors.js';
import type { Alarm } from '../../src/core/ports/alarms.js';
import type { Principal } from '../../src/core/users/principal.js';
import { type Desk, openDesk } from './support.js';

let d: Desk;
let op: Principal;
let opCentre: Principal;
let sup: Principal;
let auditor: Principal;
let alarm: Alarm;
beforeEach(async () => {
  d = await openDesk();
  op = await d.user('op-gare', 'operator', ['gare']);
  opCentre = await d.user('op-centre', 'operator', ['centre']);
  sup = await d.user('sup-gare', 'supervisor', ['gare']);
  auditor = await d.user('auditor', 'auditor');
  const e = await d.emit({ cameraId: 'CAM-G', kind: 'abandoned_object', zoneId: 'hall' });
  alarm = (await d.store.alarms.byEvent(e.id))!;
});
afterEach(() => d.close());

/** Asserts a refusal with its status and a message matching `re`. */
async function refused(p: Promise<unknown>, status: number, re: RegExp) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof DomainError, String(e));
    assert.equal(e.status, status, e.message);
    assert.match(e.message, re);
    return true;
  });
}

test('new → acknowledged → assigned → closed, each step recording who and when', async () => {
  d.clock.advance(10_000);
  const acked = await d.alarms.acknowledge(op, alarm.id, '10.0.0.9');
  assert.equal(acked.state, 'acknowledged');
  assert.equal(acked.acknowledgedBy, 'op-gare');
  assert.equal(acked.acknowledgedAt, d.clock.now());
  d.clock.advance(10_000);
  const assigned = await d.alarms.assign(sup, alarm.id, op.userId);
  assert.equal(assigned.state, 'assigned');
  assert.deepEqual([assigned.assignee, assigned.assigneeId, assigned.assignedBy], ['op-gare', op.userId, 'sup-gare']);
  const commented = await d.alarms.comment(op, alarm.id, '  bag near platform 2  ');
  assert.deepEqual(commented.history.at(-1), {
    action: 'commented',
    by: 'op-gare',
    at: d.clock.now(),
    text: 'bag near platform 2',
  });
  d.clock.advance(60_000);
  const closed = await d.alarms.close(op, alarm.id, 'confirmed', 'owner found');
  assert.equal(closed.state, 'closed');
  assert.deepEqual([closed.closedBy, closed.closedAt, closed.disposition], ['op-gare', d.clock.now(), 'confirmed']);
  assert.deepEqual(
    closed.history.map((h) => [h.action, h.by]),
    [
      ['raised', 'system'],
      ['acknowledged', 'op-gare'],
      ['assigned', 'sup-gare'],
      ['commented', 'op-gare'],
      ['closed', 'op-gare'],
    ],
  );
  assert.equal(closed.version, alarm.version + 4);
  assert.deepEqual(
    d.published.map((m) => m.change),
    ['raised', 'acknowledged', 'assigned', 'commented', 'closed'],
  );
  const journal = (await d.store.audit.search({ target: alarm.id, limit: 20 })).reverse();
  assert.deepEqual(
    journal.map((e) => [e.action, e.actor]),
    [
      ['alarm.raise', 'system'],
      ['alarm.acknowledge', 'op-gare'],
      ['alarm.assign', 'sup-gare'],
      ['alarm.comment', 'op-gare'],
      ['alarm.close', 'op-gare'],
    ],
  );
  assert.equal(journal[1]?.ip, '10.0.0.9');
  assert.ok(!journal.some((e) => e.details.includes('platform')), 'comment texts stay out of the permanent journal');
  assert.equal((await verifyJournal(d.store.audit, d.key)).ok, true);
});

test('refused steps say why and change nothing', async () => {
  await d.alarms.acknowledge(op, alarm.id);
  await refused(d.alarms.acknowledge(op, alarm.id), 409, /already acknowledged by op-gare/);
  await refused(d.alarms.close(op, alarm.id, undefined), 400, /disposition: required/);
  await refused(d.alarms.comment(op, alarm.id, '   '), 400, /text: must not be empty/);
  // Unknown, out of sector, wrong role: one answer naming only the id sent (no user enumeration).
  for (const id of ['00000000-0000-4000-8000-000000000000', opCentre.userId, auditor.userId]) {
    await refused(d.alarms.assign(sup, alarm.id, id), 400, new RegExp(`^userId: ${id} cannot take this alarm \\(`));
  }
  await refused(d.alarms.assign(op, alarm.id, sup.userId), 403, /supervisors and admins/);
  const mid = await d.store.alarms.get(alarm.id);
  assert.equal(mid?.state, 'acknowledged');
  assert.equal(mid?.version, alarm.version + 1);
  await d.alarms.close(op, alarm.id, 'false_alarm');
  for (const act of [
    d.alarms.acknowledge(op, alarm.id),
    d.alarms.comment(op, alarm.id, 'late'),
    d.alarms.close(op, alarm.id, 'confirmed'),
    d.alarms.assign(op, alarm.id, op.userId),
  ])
    await refused(act, 409, /is closed \(false_alarm by op-gare/);
  const after = await d.store.alarms.get(alarm.id);
  assert.equal(after?.disposition, 'false_alarm');
  assert.equal(after?.history.length, 3);
});

test('an operator may take an alarm; closing or assigning a new alarm acknowledges it too', async () => {
  const taken = await d.alarms.assign(op, alarm.id, op.userId);
  assert.deepEqual(
    taken.history.map((h) => h.action),
    ['raised', 'acknowledged', 'assigned'],
  );
  assert.equal(taken.acknowledgedBy, 'op-gare');
  await refused(d.alarms.assign(op, alarm.id, op.userId), 409, /already assigned to op-gare/);
  const e = await d.emit({ cameraId: 'CAM-G', kind: 'fire' });
  const fire = (await d.store.alarms.byEvent(e.id))!;
  const closed = await d.alarms.close(op, fire.id, 'not_actionable');
  assert.equal(closed.acknowledgedBy, 'op-gare');
  assert.equal(closed.version, fire.version + 1, 'one write');
});

test("sector scoping: another sector's alarm is 404 for reading and acting; auditors read but never act", async () => {
  await refused(d.alarms.get(opCentre, alarm.id), 404, /not found/);
  await refused(d.alarms.acknowledge(opCentre, alarm.id), 404, /not found/);
  await refused(d.alarms.get(op, 'not-a-uuid'), 404, /not found/);
  assert.equal((await d.alarms.list(opCentre, { limit: 10, offset: 0 })).total, 0);
  assert.equal((await d.alarms.list(op, { limit: 10, offset: 0 })).total, 1);
  assert.equal((await d.alarms.stats(opCentre, {})).total, 0);
  assert.equal((await d.alarms.get(auditor, alarm.id)).id, alarm.id);
  await refused(d.alarms.acknowledge(auditor, alarm.id), 403, /not allowed/);
  assert.equal(d.alarms.visibleTo(opCentre, alarm), false);
  assert.equal(d.alarms.visibleTo(op, { ...alarm, sectorId: 'gare' }), true);
});

test('concurrent acknowledgements: one wins, the other is told who did it', async () => {
  const results = await Promise.allSettled([d.alarms.acknowledge(op, alarm.id), d.alarms.acknowledge(sup, alarm.id)]);
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  assert.match(lost.reason.message, /already acknowledged/);
  assert.equal((await d.store.audit.search({ action: 'alarm.acknowledge', limit: 10 })).length, 1);
});

test('statistics per kind, camera and disposition, with the false-alarm rate per kind', async () => {
  const raise = async (kind: 'intrusion' | 'fire', cameraId: string) =>
    (await d.store.alarms.byEvent((await d.emit({ cameraId, kind, zoneId: crypto.randomUUID() })).id))!;
  const i1 = await raise('intrusion', 'CAM-G');
  const i2 = await raise('intrusion', 'CAM-G2');
  const i3 = await raise('intrusion', 'CAM-G');
  await raise('fire', 'CAM-C');
  await d.alarms.close(op, i1.id, 'false_alarm');
  await d.alarms.close(op, i2.id, 'false_alarm');
  await d.alarms.close(op, i3.id, 'confirmed');
  const s = await d.alarms.stats(sup, {});
  assert.equal(s.total, 4, 'the supervisor sees gare only');
  assert.deepEqual(s.byDisposition, { confirmed: 1, false_alarm: 2, not_actionable: 0 });
  assert.deepEqual(s.byState, { new: 1, acknowledged: 0, assigned: 0, closed: 3 });
  const intrusion = s.byKind.find((k) => k.kind === 'intrusion')!;
  assert.deepEqual(intrusion, {
    kind: 'intrusion',
    total: 3,
    open: 0,
    closed: 3,
    falseAlarms: 2,
    falseAlarmRate: 2 / 3,
  });
  assert.equal(s.byKind.find((k) => k.kind === 'abandoned_object')?.falseAlarmRate, null, 'none closed yet');
  assert.deepEqual(
    s.byCamera.map((c) => [c.cameraId, c.total]),
    [
      ['CAM-G', 3],
      ['CAM-G2', 1],
    ],
  );
  const admin: Principal = { ...sup, role: 'admin', sectorIds: [] };
  assert.equal((await d.alarms.stats(admin, {})).total, 5);
  assert.equal((await d.alarms.stats(admin, { kind: 'fire' })).total, 1);
});
