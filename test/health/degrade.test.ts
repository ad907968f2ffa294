// Degraded streams: the frame rate measured between samples, held under a floor for a while (issue 24).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DegradeDetector } from '../../src/core/health/degrade-detector.js';

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
