import assert from 'node:assert/strict';
import { test } from 'node:test';
import { averagePrecision, detectionAp, precisionRecallAt } from '../../../src/eval/metrics/detection-ap.js';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);
const gt = [
  { frame: 1, box: [0, 0, 10, 20] as const },
  { frame: 2, box: [50, 50, 10, 20] as const },
];

test('perfect detections: AP 1', () => {
  const r = detectionAp(
    gt.map((g) => ({ ...g, score: 0.9 })),
    gt,
  );
  assert.equal(r.ap, 1);
  assert.deepEqual(precisionRecallAt(r, 0.5), { threshold: 0.5, precision: 1, recall: 1, tp: 2, fp: 0, fn: 0 });
});

test('a top-ranked false positive: AP from the interpolated envelope (2/3)', () => {
  const dets = [
    { frame: 1, box: [200, 200, 10, 20] as const, score: 0.9 }, // FP
    { frame: 1, box: [0, 0, 10, 20] as const, score: 0.8 },
    { frame: 2, box: [51, 50, 10, 20] as const, score: 0.7 },
  ];
  const r = detectionAp(dets, gt);
  // Points (r, p): (0, 0) (0.5, 0.5) (1, 2/3); the envelope is 2/3 everywhere → AP = 2/3.
  close(r.ap, 2 / 3);
  const at = precisionRecallAt(r, 0.75);
  assert.deepEqual([at.tp, at.fp, at.fn], [1, 1, 1]);
  close(at.precision, 0.5);
});

test('a duplicate of a found box is a false positive; a box in the wrong frame too', () => {
  const dets = [
    { frame: 1, box: [0, 0, 10, 20] as const, score: 0.9 },
    { frame: 1, box: [1, 0, 10, 20] as const, score: 0.8 }, // duplicate
    { frame: 1, box: [50, 50, 10, 20] as const, score: 0.7 }, // right place, wrong frame
  ];
  const r = detectionAp(dets, gt);
  assert.deepEqual(
    r.curve.map((p) => p.tp),
    [1, 1, 1],
  );
  close(r.ap, 0.5);
});

test('averagePrecision: all-point interpolation of a hand-made curve', () => {
  // (r, p): (0.25, 1) (0.5, 0.5) (0.75, 0.6) → envelope 1, 0.6, 0.6 → 0.25 + 0.15 + 0.15.
  close(
    averagePrecision([
      { recall: 0.25, precision: 1 },
      { recall: 0.5, precision: 0.5 },
      { recall: 0.75, precision: 0.6 },
    ]),
    0.55,
  );
  assert.equal(averagePrecision([]), 0);
});
