// A day with known outages, pushed through the bus as the recorders and the tamper analytic publish them, stored in
// a real SQLite store, and reported to the second (issue 24). The day is Paris's spring-forward day: 23 hours.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MemoryBus } from '../../src/adapters/bus/memory.js';
import { degradeFloor } from '../../src/app/media/degrade-watch.js';
import { parseConfig } from '../../src/config/load.js';
import { EventService } from '../../src/core/events/event-service.js';
import { AvailabilityService, type HealthCamera, type Row } from '../../src/core/health/availability.js';
import { periods } from '../../src/core/health/calendar.js';
import { DegradeDetector } from '../../src/core/health/degrade-detector.js';
import { HEALTH_DEGRADED, HEALTH_DEGRADED_ENDED, HealthHistory } from '../../src/core/health/health-history.js';
import type { Store } from '../../src/core/ports/store.js';
import { sqliteFactory } from '../support/stores.js';

const at = (iso: string) => Date.parse(iso);
const clock = { t: 0, now: () => clock.t };
let store: Store;
let dispose: () => Promise<void>;
const errors: unknown[] = [];
const cams: HealthCamera[] = [
  { id: 'A', name: 'Gare nord', sectorId: 'gare', createdAt: '2026-01-01T00:00:00Z' },
  { id: 'B', name: 'Place', sectorId: 'centre', createdAt: '2026-01-01T00:00:00Z' },
  // Created at noon (UTC) on the day: only its last 10 hours are observed.
  { id: 'C', name: 'Neuve', sectorId: 'gare', createdAt: '2026-03-29T12:00:00Z' },
];

before(async () => {
  ({ store, dispose } = await sqliteFactory.open());
  const bus = new MemoryBus((e) => errors.push(e));
  const history = new HealthHistory(store.health, bus, (e) => errors.push(e));
  history.subscribe();
  const events = new EventService(store, bus, clock);
  const emit = async (iso: string, cameraId: string, kind: 'camera_offline' | 'camera_online', reason?: string) => {
    clock.t = at(iso);
    await events.emit({ cameraId, kind, details: { reason } });
  };
  // A: offline 08:00 → 08:20 UTC (a retry at 08:05 says offline again: one outage), covered 12:00 → 12:30 while
  // offline 12:10 → 12:40: down 20 min + 40 min (the overlap once).
  await emit('2026-03-29T08:00:00Z', 'A', 'camera_offline', 'Connection refused');
  await emit('2026-03-29T08:05:00Z', 'A', 'camera_offline', 'Connection refused');
  await emit('2026-03-29T08:20:00Z', 'A', 'camera_online');
  clock.t = at('2026-03-29T12:00:00Z');
  const tamper = await events.emit({ cameraId: 'A', kind: 'camera_tamper', details: { subKind: 'covered' } });
  await emit('2026-03-29T12:10:00Z', 'A', 'camera_offline');
  await events.end(tamper, at('2026-03-29T12:30:00Z'));
  await emit('2026-03-29T12:40:00Z', 'A', 'camera_online');
  // B: offline from 22:00 UTC the day before (23:00 Paris: the day starts at 23:00 UTC) to 00:00:13 UTC; low fps
  // 05:00 → 05:10 (degraded, not down); offline again from 21:30 UTC, still now.
  await emit('2026-03-28T22:00:00Z', 'B', 'camera_offline');
  await emit('2026-03-29T00:00:13Z', 'B', 'camera_online');
  const d = { id: 'deg-1', cameraId: 'B', detail: 'fps' };
  await bus.publish(HEALTH_DEGRADED, { ...d, atMs: at('2026-03-29T05:00:00Z') });
  await bus.publish(HEALTH_DEGRADED_ENDED, { ...d, atMs: at('2026-03-29T05:10:00Z') });
  await emit('2026-03-29T21:30:00Z', 'B', 'camera_offline', 'No route to host');
  await bus.publish('health.degraded', { nonsense: true });
  await history.idle();
  clock.t = at('2026-03-30T10:00:00Z');
});
after(async () => dispose?.());

test('a day with known outages: availability, down time and MTTR to the second, per camera, sector and fleet', async () => {
  assert.deepEqual(errors, []);
  const svc = new AvailabilityService(store.health, clock, 'Europe/Paris');
  const r = await svc.report(cams, { from: '2026-03-29', to: '2026-03-30', by: 'day' });
  assert.deepEqual(r.periods, ['2026-03-29', '2026-03-30']);
  const DAY = 23 * 3600; // spring forward
  const day = (row: Row, i: number) => {
    const { period: _p, ...f } = row.periods[i]!;
    return f;
  };
  const [A, B, C] = r.cameras;
  assert.deepEqual(day(A!, 0), {
    availability: (DAY - 3600) / DAY,
    observedSeconds: DAY,
    downSeconds: 3600,
    degradedSeconds: 0,
    repairs: 2,
    mttrSeconds: 1800,
  });
  // 00:00:13 UTC − 23:00 UTC = 1 h 0 min 13 s, plus 21:30 → 22:00 UTC; the first outage lasted 2 h 0 min 13 s.
  assert.deepEqual(day(B!, 0), {
    availability: (DAY - 5413) / DAY,
    observedSeconds: DAY,
    downSeconds: 5413,
    degradedSeconds: 600,
    repairs: 1,
    mttrSeconds: 7213,
  });
  assert.deepEqual(day(C!, 0), {
    availability: 1,
    observedSeconds: 36_000,
    downSeconds: 0,
    degradedSeconds: 0,
    repairs: 0,
    mttrSeconds: null,
  });
  // The 30th so far (22:00 UTC → 10:00 UTC): B has been down all of it, and is not repaired.
  assert.deepEqual(day(B!, 1), {
    availability: 0,
    observedSeconds: 43_200,
    downSeconds: 43_200,
    degradedSeconds: 0,
    repairs: 0,
    mttrSeconds: null,
  });
  const fleetDay = day(r.fleet, 0);
  assert.equal(fleetDay.observedSeconds, 2 * DAY + 36_000);
  assert.equal(fleetDay.downSeconds, 9013);
  assert.equal(fleetDay.availability, (2 * DAY + 36_000 - 9013) / (2 * DAY + 36_000));
  assert.equal(fleetDay.mttrSeconds, (1200 + 2400 + 7213) / 3);
  assert.deepEqual(
    r.sectors.map((s) => [s.sectorId, day(s, 0).downSeconds, day(s, 0).observedSeconds]),
    [
      ['centre', 5413, DAY],
      ['gare', 3600, DAY + 36_000],
    ],
  );
  // The whole month as one figure: the same seconds.
  const m = await svc.report(cams, { from: '2026-03-01', to: '2026-03-31', by: 'month' });
  assert.deepEqual(m.periods, ['2026-03']);
  assert.equal(m.cameras[0]!.downSeconds, 3600);
  // B in March: all of its first outage (2 h 0 min 13 s) and the second one up to now (12 h 30 min).
  assert.equal(m.cameras[1]!.downSeconds, 7213 + 45_000);
  assert.equal(m.cameras[1]!.observedSeconds, at('2026-03-30T10:00:00Z') / 1000 - at('2026-02-28T23:00:00Z') / 1000);
});

test('ten days on, the same day reads the same from the settled history; a later outage is added to it', async () => {
  const svc = new AvailabilityService(store.health, clock, 'Europe/Paris');
  const q = { from: '2026-03-29', to: '2026-03-29', by: 'day' } as const;
  const then = await svc.report(cams, q);
  const saved = clock.t;
  clock.t = at('2026-04-09T10:00:00Z');
  try {
    const later = await svc.report(cams, q);
    assert.deepEqual({ ...later, generatedAt: then.generatedAt }, then);
    await store.health.open({
      id: 'late',
      cameraId: 'C',
      state: 'offline',
      detail: null,
      fromMs: at('2026-04-08T08:00:00Z'),
      toMs: at('2026-04-08T08:00:30Z'),
    });
    const april = await svc.report(cams, { from: '2026-04-08', to: '2026-04-08', by: 'day' });
    assert.equal(april.cameras[2]!.downSeconds, 30);
    clock.t = at('2026-04-12T10:00:00Z');
    const settled = await svc.report(cams, { from: '2026-04-08', to: '2026-04-08', by: 'day' });
    assert.equal(settled.cameras[2]!.downSeconds, 30, 'once settled, from memory');
  } finally {
    clock.t = saved;
  }
});

test('current outages, oldest first, with their age; a camera not given is left out', async () => {
  const svc = new AvailabilityService(store.health, clock, 'Europe/Paris');
  assert.deepEqual(await svc.outages(cams), [
    {
      cameraId: 'B',
      name: 'Place',
      sectorId: 'centre',
      state: 'offline',
      detail: 'No route to host',
      since: '2026-03-29T21:30:00.000Z',
      ageSeconds: 12.5 * 3600,
    },
  ]);
  assert.deepEqual(await svc.outages(cams.filter((c) => c.id !== 'B')), []);
  const h = await svc.history('A', at('2026-03-29T00:00:00Z'), at('2026-03-30T00:00:00Z'));
  assert.deepEqual(
    h.map((i) => [i.state, i.detail, i.toMs! - i.fromMs]),
    [
      ['offline', 'Connection refused', 1_200_000],
      ['tampered', 'covered', 1_800_000],
      ['offline', null, 1_800_000],
    ],
  );
});

test('periods: local days and months, bad dates refused in one line', () => {
  assert.equal(
    periods('2026-10-25', '2026-10-25', 'day', 'Europe/Paris', 10)[0]!.toMs - at('2026-10-24T22:00:00Z'),
    25 * 3600_000,
  );
  assert.throws(() => periods('2026-02-30', '2026-03-01', 'day', 'UTC', 10), /from: '2026-02-30' is not a date/);
  assert.throws(() => periods('2026-03-02', '2026-03-01', 'day', 'UTC', 10), /to \(2026-03-01\) is before from/);
  assert.throws(() => periods('2026-01-01', '2026-12-31', 'day', 'UTC', 10), /more than 10 days/);
});

// Degraded streams: the frame rate measured between samples, held under a floor for a while.
const s = (frames: number, extra: { online?: boolean; bitrateKbps?: number; cameraId?: string } = {}) => ({
  cameraId: 'A',
  online: true,
  frames,
  bitrateKbps: 2000,
  ...extra,
});

test('a frame rate under the floor for afterMs opens one degradation dated from when it fell; back above ends it', () => {
  let n = 0;
  const d = new DegradeDetector({ minFps: 5, minBitrateKbps: 0, afterMs: 3000 }, () => `d${++n}`);
  assert.deepEqual(d.step([s(0)], 0), { started: [], ended: [] }, 'no measure from one sample');
  assert.deepEqual(d.step([s(25)], 1000), { started: [], ended: [] }, '25 fps');
  assert.deepEqual(d.step([s(27)], 2000), { started: [], ended: [] }, '2 fps, not for long yet');
  assert.deepEqual(d.step([s(29)], 4000), { started: [], ended: [] }, '1 fps for 2 s');
  assert.deepEqual(d.step([s(31)], 5000).started, [{ id: 'd1', cameraId: 'A', detail: 'fps', atMs: 2000 }]);
  assert.deepEqual(d.step([s(33)], 6000), { started: [], ended: [] }, 'still degraded: opened once');
  assert.deepEqual(d.step([s(60)], 7000).ended, [{ id: 'd1', cameraId: 'A', detail: 'fps', atMs: 7000 }]);
});

test('a new run (count back to 0) waits for a measure; offline or gone ends a degradation; bitrate floor', () => {
  const d = new DegradeDetector({ minFps: 0, minBitrateKbps: 1000, afterMs: 0 }, () => 'x');
  d.step([s(0, { bitrateKbps: 500 })], 0);
  assert.equal(d.step([s(10, { bitrateKbps: 500 })], 1000).started[0]?.detail, 'bitrate');
  assert.deepEqual(d.step([s(3, { bitrateKbps: 500 })], 2000), { started: [], ended: [] }, 'a restarted run');
  assert.equal(d.step([s(3, { online: false })], 3000).ended.length, 1, 'offline is not degraded');
  d.step([s(0, { bitrateKbps: 500 })], 4000);
  assert.equal(d.step([s(10, { bitrateKbps: 500 })], 5000).started.length, 1);
  assert.deepEqual(d.step([], 6000).ended, [{ id: 'x', cameraId: 'A', detail: 'bitrate', atMs: 6000 }]);
  const off = new DegradeDetector({ minFps: 5, minBitrateKbps: 0, afterMs: 0 });
  off.step([s(0, { bitrateKbps: 1 })], 0);
  assert.deepEqual(off.step([s(100, { bitrateKbps: 1 })], 1000).started, [], 'a floor of 0 is not checked');
});

test('seam: health.degradedBitrateKbps and degradedAfterSeconds from the configuration reach the centre’s detector', () => {
  const cfg = parseConfig({ health: { degradedFps: 0, degradedBitrateKbps: 800, degradedAfterSeconds: 2 } });
  const floor = degradeFloor(cfg);
  assert.deepEqual(floor, { minFps: 0, minBitrateKbps: 800, afterMs: 2000 });
  const d = new DegradeDetector(floor!, () => 'b');
  d.step([s(0, { bitrateKbps: 700 })], 0);
  assert.deepEqual(d.step([s(25, { bitrateKbps: 700 })], 1000).started, [], 'not for 2 s yet');
  assert.deepEqual(d.step([s(50, { bitrateKbps: 700 })], 3000).started, [
    { id: 'b', cameraId: 'A', detail: 'bitrate', atMs: 1000 },
  ]);
  assert.equal(degradeFloor(parseConfig({ health: { degradedFps: 0 } })), undefined, 'no floor: no watch');
  assert.equal(degradeFloor(parseConfig({}))?.minFps, 5, 'default: 5 fps');
  assert.throws(() => parseConfig({ health: { degradedFps: -1 } }), /health\.degradedFps/);
  assert.throws(() => parseConfig({ health: { degradedFPS: 3 } }), /degradedFPS/);
});
