// Unit checks of the object cue: the perspective line of person heights, speeds in person heights per second, the
// class prior, the robust track speed, the flow inside a box, the reasons in words and the model file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlowSpeeds } from '../../../src/analytics/unusual/box-flow.js';
import { makeGrid } from '../../../src/analytics/unusual/cell-features.js';
import { expectedHeight, learnObjectRefs, scoreObjects } from '../../../src/analytics/unusual/object-model.js';
import { type ObjectObs, TrackHistory } from '../../../src/analytics/unusual/objects.js';
import { DEFAULT_USUAL_OPTIONS } from '../../../src/analytics/unusual/options.js';
import { objectReason } from '../../../src/analytics/unusual/reasons.js';
import { fromJsonParts, type UsualModelJson } from '../../../src/analytics/unusual/serialize.js';

const o = DEFAULT_USUAL_OPTIONS;
// A walkway in perspective: a person is 0.05 + 0.2·y frame heights tall at foot row y, walks 0.6-0.9 heights/s.
const walker = (i: number, cls = 'person'): ObjectObs => {
  const y = 0.3 + (0.6 * ((i * 37) % 100)) / 100;
  const h = 0.05 + 0.2 * y;
  return { id: i, cls, x: 0.5, y, h, w: 0.4 * h, speed: h * (0.6 + (0.3 * ((i * 13) % 10)) / 10), box: [0, 0, 1, 1] };
};
const learned = Array.from({ length: 400 }, (_, i) => [walker(i)]);

test('person height is learned as a line over rows; speeds and sizes in its units are perspective-free', () => {
  const r = learnObjectRefs(learned, o);
  assert.ok(Math.abs(r.a - 0.05) < 0.005 && Math.abs(r.b - 0.2) < 0.01, `line ${r.a} + ${r.b}·y`);
  assert.ok(r.speed.person! > 0.85 && r.speed.person! <= 0.9, `usual speed ${r.speed.person}`);
  // The same walk near and far from the camera is equally usual; three times faster is 3x past the usual.
  const near = { ...walker(1), y: 0.9, h: expectedHeight(r, 0.9), speed: 0.8 * expectedHeight(r, 0.9) };
  const far = { ...near, y: 0.2, h: expectedHeight(r, 0.2), speed: 0.8 * expectedHeight(r, 0.2) };
  const fast = { ...far, speed: 3 * 0.9 * expectedHeight(r, 0.2) };
  const speedOf = (x: ObjectObs) => scoreObjects([x], r, o).find((f) => f.feature === 'speed')!.ratio;
  assert.ok(Math.abs(speedOf(near) - speedOf(far)) < 0.02, `${speedOf(near)} vs ${speedOf(far)}`);
  assert.ok(speedOf(fast) > 2.9, `fast ${speedOf(fast)}`);
  assert.match(objectReason(scoreObjects([fast], r, o)[0]!, r), /^a person moving 3\.[0-9]× faster than usual here$/);
});

test('a class never seen is rare, not impossible: its surprise grows with how much was learned', () => {
  const r = learnObjectRefs(learned, o);
  const bike = { ...walker(3, 'bicycle') };
  const f = scoreObjects([bike], r, o).find((x) => x.feature === 'class')!;
  // p = 0.5 / (400 + 2·0.5): log p / log 0.01 ≈ 1.5.
  assert.ok(Math.abs(f.ratio - Math.log(0.5 / 401) / Math.log(0.01)) < 1e-9, `${f.ratio}`);
  assert.equal(objectReason(f, r), 'a bicycle where only people pass');
  const person = scoreObjects([walker(3)], r, o).find((x) => x.feature === 'class')!;
  assert.ok(person.ratio < 0.01, 'people pass here all the time');
});

test('track speed is the median of its moves: an identity switch (one jump) does not make it fast', () => {
  const h = new TrackHistory(1200);
  const box = (x: number): [number, number, number, number] => [x, 100, 20, 50];
  let last: ObjectObs[] = [];
  // 10 px per 200 ms on a 200 px high frame = 0.25 heights/s; one 120 px jump.
  for (const [k, x] of [0, 10, 20, 140, 150, 160].entries()) {
    last = h.observe([{ id: 7, cls: 'person', box: box(x), score: 0.9 }], k * 200, 200);
  }
  assert.ok(Math.abs(last[0]!.speed! - 0.25) < 1e-9, `speed ${last[0]!.speed}`);
  assert.equal(h.observe([{ id: 8, cls: 'person', box: box(0), score: 0.9 }], 1200, 200)[0]!.speed, undefined);
});

test('flow inside a box: the moving object, not the still background around it, gives its speed', () => {
  const g = makeGrid(40, 20, 10);
  const flow = new Float32Array(2 * 40 * 20);
  // 2 px per frame to the right over a 4x10 px object inside a 10x10 px box (40 % of it).
  for (let y = 5; y < 15; y++) for (let x = 13; x < 17; x++) flow[2 * (y * 40 + x)] = 2;
  const obs: ObjectObs = { id: 1, cls: 'person', x: 0, y: 0, h: 0, w: 0, box: [20, 10, 20, 20] };
  setFlowSpeeds([obs], flow, g, 80, 40, 0.2);
  // 2 px / 20 px (analysis height) / 0.2 s = 0.5 frame heights per second.
  assert.ok(Math.abs(obs.speed! - 0.5) < 1e-9, `speed ${obs.speed}`);
});

test('a version 1 model file (motion only) still loads: its threshold stays on the motion scale', () => {
  const grid = makeGrid(24, 12, 12);
  const v1 = {
    kind: 'vigie.unusual' as const,
    version: 1 as const,
    cameraId: 'c',
    options: { width: 24, cell: 12 } as typeof o,
    grid,
    references: [1, 1, 0.1, 0.1],
    samples: [5, 5, 5, 5],
    calibration: { frames: 30, median: 0.5, q99: 1, q999: 1.1, max: 1.2, threshold: 1.1 },
  };
  const p = fromJsonParts(v1 as unknown as UsualModelJson);
  assert.equal(p.calibration.flowNorm, 1);
  assert.equal(p.objectRefs, undefined);
  assert.equal(p.options.cues, 'both', 'settings the file predates take their defaults');
  assert.throws(() => fromJsonParts({ ...v1, version: 3 } as unknown as UsualModelJson), /version/);
});
