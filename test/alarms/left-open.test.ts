// Situations left open by an analysis that died (a node killed with kill -9, a crashed centre): the next analysis of
// the camera ends them first (EventService.endLeftOpen, called by the analytics supervisor when a camera starts), so
// their alarm is not `ongoing` for ever and later situations raise alarms of their own instead of joining it.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { type Desk, openDesk } from './support.js';

let d: Desk;
beforeEach(async () => {
  d = await openDesk({ windowMs: 0 });
});
afterEach(() => d.close());

const all = async () => (await d.store.alarms.list({ limit: 100 })).items;
const settle = () => d.alarms.idle();

test('an open situation of a dead analysis is ended by the next start; the next situation is an alarm of its own', async () => {
  const open = await d.emit({ cameraId: 'CAM-G', kind: 'camera_tamper' });
  const other = await d.emit({ cameraId: 'CAM-G2', kind: 'camera_tamper' });
  const offline = await d.emit({ cameraId: 'CAM-G', kind: 'camera_offline' });
  d.clock.advance(5000);
  const ended = await d.events.endLeftOpen('CAM-G', d.clock.now());
  await settle();
  assert.deepEqual(
    ended.map((e) => e.id),
    [open.id],
    'only that camera, only analysis kinds (a recorder event is not ours)',
  );
  const stored = await d.store.events.get(open.id);
  assert.equal(stored?.endedAt, d.clock.now());
  assert.equal(stored?.details.reason, 'analysis lost');
  assert.equal((await d.store.events.get(other.id))?.endedAt, undefined, 'another camera untouched');
  assert.equal((await d.store.events.get(offline.id))?.endedAt, undefined, 'camera_offline untouched');
  const first = await d.store.alarms.byEvent(open.id);
  assert.equal(first?.ongoing, 0, 'its alarm is no longer ongoing');
  d.clock.advance(6000);
  const next = await d.emit({ cameraId: 'CAM-G', kind: 'camera_tamper' });
  const second = await d.store.alarms.byEvent(next.id);
  assert.notEqual(second?.id, first?.id, 'the next situation raises its own alarm');
  assert.equal((await all()).filter((a) => a.cameraId === 'CAM-G' && a.kind === 'camera_tamper').length, 2);
  assert.deepEqual(
    await d.events.endLeftOpen('CAM-G2', d.clock.now() - 20_000),
    [],
    'a situation newer than the start is not ours',
  );
});

test('without it (what happened before): the open situation swallows every later one of the camera', async () => {
  const open = await d.emit({ cameraId: 'CAM-G', kind: 'camera_tamper' });
  d.clock.advance(600_000);
  const later = await d.emit({ cameraId: 'CAM-G', kind: 'camera_tamper' });
  assert.equal((await d.store.alarms.byEvent(later.id))?.id, (await d.store.alarms.byEvent(open.id))?.id);
});

test('an end is published once: a second end of the same event (the old owner, a redelivery) changes nothing', async () => {
  const a = await d.emit({ cameraId: 'CAM-G', kind: 'intrusion', zoneId: 'quai' });
  const b = await d.emit({ cameraId: 'CAM-G', kind: 'intrusion', zoneId: 'quai' });
  assert.equal(
    (await d.store.alarms.byEvent(a.id))?.id,
    (await d.store.alarms.byEvent(b.id))?.id,
    'both ongoing: one alarm',
  );
  await d.events.endLeftOpen('CAM-G', d.clock.now());
  await settle();
  assert.equal((await d.store.alarms.byEvent(a.id))?.ongoing, 0);
  const before = d.published.length;
  const again = await d.events.end(a, d.clock.now() + 1000);
  await settle();
  assert.equal(again.endedAt, d.clock.now(), 'the stored end stands');
  assert.equal(d.published.length, before, 'nothing published again');
});

test('the new owner raising the same ongoing situation again joins its alarm within the dedup window', async () => {
  const desk = await openDesk({ windowMs: 60_000 });
  try {
    const open = await desk.emit({ cameraId: 'CAM-G', kind: 'intrusion', zoneId: 'quai' });
    desk.clock.advance(12_000); // lease + a camera start
    await desk.events.endLeftOpen('CAM-G', desk.clock.now());
    await desk.alarms.idle();
    desk.clock.advance(3000); // the new owner learns the scene and sees the intruder again
    const again = await desk.emit({ cameraId: 'CAM-G', kind: 'intrusion', zoneId: 'quai' });
    const a = await desk.store.alarms.byEvent(again.id);
    assert.equal(a?.id, (await desk.store.alarms.byEvent(open.id))?.id, 'one alarm, two events');
    assert.equal(a?.ongoing, 1);
    assert.equal((await desk.store.alarms.list({ limit: 10 })).items.length, 1);
  } finally {
    await desk.close();
  }
});
