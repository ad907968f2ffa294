import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { KIND_PRIORITY, priorityFor } from '../../src/core/alarms/priorities.js';
import { eventKinds } from '../../src/core/ports/recordings.js';
import { type Desk, openDesk } from './support.js';

let d: Desk;
beforeEach(async () => {
  d = await openDesk();
});
afterEach(() => d.close());

const all = async () => (await d.store.alarms.list({ limit: 100 })).items;

test('the priority table covers every event kind with a reason; some kinds never raise an alarm', () => {
  for (const k of eventKinds) assert.ok(KIND_PRIORITY[k].why.length > 10, `${k} has a reason`);
  assert.equal(priorityFor('fire', {}), 'critical');
  assert.equal(priorityFor('person_on_ground', {}), 'critical');
  assert.equal(priorityFor('intrusion', {}), 'high');
  assert.equal(priorityFor('wrong_way', {}), 'medium');
  assert.equal(priorityFor('camera_offline', {}), 'low');
  for (const k of ['motion', 'camera_online', 'recording_gap'] as const) assert.equal(priorityFor(k, {}), null);
  assert.equal(priorityFor('wrong_way', { severity: 'critical' }), 'critical', "a zone rule's severity lifts it");
  assert.equal(priorityFor('intrusion', { severity: 'low' }), 'high', 'a lower severity never lowers it');
  assert.equal(priorityFor('intrusion', { severity: 'bogus' }), 'high');
});

test('events raise alarms by kind; motion, recording gaps and camera_online do not', async () => {
  await d.emit({ cameraId: 'CAM-G', kind: 'motion' });
  await d.emit({ cameraId: 'CAM-G', kind: 'recording_gap' });
  await d.emit({ cameraId: 'CAM-G', kind: 'camera_online' });
  assert.deepEqual(await all(), []);
  const fire = await d.emit({ cameraId: 'CAM-G', kind: 'fire', score: 0.8 });
  const [a] = await all();
  assert.equal(a?.priority, 'critical');
  assert.equal(a?.state, 'new');
  assert.equal(a?.sectorId, 'gare');
  assert.deepEqual(a?.eventIds, [fire.id]);
  assert.equal(a?.deadlineAt, d.clock.now() + 60_000);
  assert.deepEqual(
    d.published.map((m) => [m.change, m.alarm.id]),
    [['raised', a?.id]],
  );
  assert.equal(d.published[0]?.alarm.sectorId, 'gare', 'published with its sector, for scoped consoles');
});

test('dedup: same kind, camera and zone within the window join one alarm; other zone, camera or later do not', async () => {
  const e1 = await d.emit({ cameraId: 'CAM-G', kind: 'intrusion', zoneId: 'quai' });
  d.clock.advance(30_000);
  const e2 = await d.emit({ cameraId: 'CAM-G', kind: 'intrusion', zoneId: 'quai' });
  await d.emit({ cameraId: 'CAM-G', kind: 'intrusion', zoneId: 'parvis' });
  await d.emit({ cameraId: 'CAM-G2', kind: 'intrusion', zoneId: 'quai' });
  await d.emit({ cameraId: 'CAM-G', kind: 'wrong_way', zoneId: 'quai' });
  const list = await all();
  assert.equal(list.length, 4);
  const quai = list.find((a) => a.cameraId === 'CAM-G' && a.zoneId === 'quai' && a.kind === 'intrusion')!;
  assert.deepEqual(quai.eventIds, [e1.id, e2.id]);
  assert.equal(quai.eventCount, 2);
  assert.equal(quai.ongoing, 2);
  assert.equal(quai.lastEventAt, e2.startedAt);
  // The situation ends with its last event; a new event long after starts another alarm.
  await d.end(e1);
  assert.equal((await d.store.alarms.get(quai.id))?.situationEndedAt, null, 'one event still ongoing');
  d.clock.advance(5_000);
  await d.end(e2);
  const ended = await d.store.alarms.get(quai.id);
  assert.equal(ended?.situationEndedAt, d.clock.now());
  assert.equal(ended?.ongoing, 0);
  d.clock.advance(59_000);
  const e3 = await d.emit({ cameraId: 'CAM-G', kind: 'intrusion', zoneId: 'quai' });
  assert.deepEqual((await d.store.alarms.get(quai.id))?.eventIds, [e1.id, e2.id, e3.id], 'within 60 s of its end');
  await d.end(e3);
  d.clock.advance(61_000);
  await d.emit({ cameraId: 'CAM-G', kind: 'intrusion', zoneId: 'quai' });
  assert.equal((await all()).length, 5, 'past the window: a new alarm');
  assert.ok(d.published.some((m) => m.change === 'situation_ended' && m.alarm.id === quai.id));
});

test('the dedup window is configurable; a redelivered event is not counted twice', async () => {
  await d.close();
  d = await openDesk({ windowMs: 5_000 });
  const e1 = await d.emit({ cameraId: 'CAM-G', kind: 'wrong_way' });
  await d.end(e1);
  d.clock.advance(6_000);
  await d.emit({ cameraId: 'CAM-G', kind: 'wrong_way' });
  assert.equal((await all()).length, 2);
  d.bus.publish('events.wrong_way', e1);
  await d.alarms.idle();
  assert.equal((await d.store.alarms.byEvent(e1.id))?.eventCount, 1);
});

test('a camera back online ends its offline alarm; flapping within the window stays one alarm', async () => {
  await d.emit({ cameraId: 'CAM-C', kind: 'camera_offline' });
  d.clock.advance(600_000);
  await d.emit({ cameraId: 'CAM-C', kind: 'camera_offline' });
  let [a] = await all();
  assert.equal(a?.eventCount, 2, 'still offline: the same situation');
  await d.emit({ cameraId: 'CAM-C', kind: 'camera_online' });
  [a] = await all();
  assert.equal(a?.situationEndedAt, d.clock.now());
  assert.equal(a?.priority, 'low');
});

test('an offline alarm nobody took is closed by the system when the camera recovers, and never escalates', async () => {
  await d.emit({ cameraId: 'CAM-C', kind: 'camera_offline' });
  d.clock.advance(5_000);
  await d.emit({ cameraId: 'CAM-C', kind: 'camera_online' });
  const [a] = await all();
  assert.deepEqual([a?.state, a?.disposition, a?.closedBy], ['closed', 'not_actionable', 'system']);
  assert.match(a?.history.at(-1)?.text ?? '', /^recovered: camera back online at 2026-06-01T08:00:05/);
  assert.deepEqual(
    d.published.filter((m) => m.alarm.id === a?.id).map((m) => m.change),
    ['raised', 'situation_ended', 'closed'],
  );
  const journal = await d.store.audit.page(0, 100);
  assert.deepEqual(
    journal.filter((e) => e.target === a?.id).map((e) => [e.actor, e.action]),
    [
      ['system', 'alarm.raise'],
      ['system', 'alarm.situation_end'],
      ['system', 'alarm.close'],
    ],
  );
  d.clock.advance(24 * 3600_000);
  assert.deepEqual(await d.alarms.escalateDue(), [], 'a closed alarm does not escalate');
  // Offline again later: a new alarm, closed again when it recovers.
  await d.emit({ cameraId: 'CAM-C', kind: 'camera_offline' });
  assert.equal((await all()).filter((x) => x.state === 'new').length, 1);
});

test('an offline alarm an operator already took stays theirs when the camera recovers', async () => {
  await d.emit({ cameraId: 'CAM-C', kind: 'camera_offline' });
  const op = await d.user('op', 'operator', ['centre']);
  const [raised] = await all();
  await d.alarms.acknowledge(op, raised!.id);
  await d.emit({ cameraId: 'CAM-C', kind: 'camera_online' });
  const [a] = await all();
  assert.deepEqual([a?.state, a?.ongoing, a?.closedBy], ['acknowledged', 0, null]);
});

test('a higher-severity event joining an alarm lifts its priority', async () => {
  await d.emit({ cameraId: 'CAM-G', kind: 'crowd_density', zoneId: 'z' });
  await d.emit({ cameraId: 'CAM-G', kind: 'crowd_density', zoneId: 'z', details: { severity: 'critical' } });
  const [a] = await all();
  assert.equal(a?.priority, 'critical');
  assert.equal(a?.eventCount, 2);
});

test('escalation: a new alarm past its deadline goes one priority up, once, and is published', async () => {
  const escalated: unknown[] = [];
  d.bus.subscribe('alarms.escalated', (a) => escalated.push(a));
  await d.emit({ cameraId: 'CAM-G', kind: 'intrusion' }); // high: 120 s
  await d.emit({ cameraId: 'CAM-G', kind: 'wrong_way' }); // medium: 300 s
  await d.emit({ cameraId: 'CAM-G', kind: 'fire' }); // critical: 60 s
  const ack = await d.user('op', 'operator', ['gare']);
  const wrongWay = (await all()).find((a) => a.kind === 'wrong_way')!;
  d.clock.advance(59_000);
  assert.deepEqual(await d.alarms.escalateDue(), []);
  d.clock.advance(2_000);
  const first = await d.alarms.escalateDue();
  assert.deepEqual(
    first.map((a) => [a.kind, a.priority, a.basePriority]),
    [['fire', 'critical', 'critical']],
  );
  assert.equal(first[0]?.escalatedAt, d.clock.now());
  await d.alarms.acknowledge(ack, wrongWay.id);
  d.clock.advance(600_000);
  const second = await d.alarms.escalateDue();
  assert.deepEqual(
    second.map((a) => [a.kind, a.priority]),
    [['intrusion', 'critical']],
    'the acknowledged one and the already escalated one stay',
  );
  assert.deepEqual(await d.alarms.escalateDue(), []);
  assert.equal(escalated.length, 2);
  assert.equal(d.published.filter((m) => m.change === 'escalated').length, 2);
  const journal = await d.store.audit.search({ action: 'alarm.escalate', limit: 10 });
  assert.equal(journal.length, 2);
  assert.equal(journal[0]?.actor, 'system');
});

test('the escalation timer runs once started and stops with the service', async () => {
  await d.close();
  d = await openDesk({ tickMs: 10 });
  await d.emit({ cameraId: 'CAM-G', kind: 'fire' });
  d.alarms.start();
  d.clock.advance(61_000);
  for (let i = 0; i < 100 && !(await all())[0]?.escalatedAt; i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok((await all())[0]?.escalatedAt, 'escalated by the timer');
});
