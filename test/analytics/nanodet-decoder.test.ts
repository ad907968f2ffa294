import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type DecodeOptions,
  decodeNanodet,
  dflDistance,
  type HeadOutput,
} from '../../src/analytics/detect/nanodet-decoder.js';

const CLASSES = ['person', 'car', 'dog'];
const BINS = 11;
const SIZE = 64; // grids 8×8, 4×4, 2×2

function emptyHeads(): HeadOutput[] {
  return [8, 16, 32].map((stride) => {
    const anchors = (SIZE / stride) ** 2;
    return { stride, scores: new Float32Array(anchors * CLASSES.length), boxes: new Float32Array(anchors * 4 * BINS) };
  });
}

/** Puts one anchor's score and sharp box distances (in bins, per side l/t/r/b). */
function put(head: HeadOutput, col: number, row: number, cls: number, score: number, sides: number[]): void {
  const grid = SIZE / head.stride;
  const a = row * grid + col;
  head.scores[a * CLASSES.length + cls] = score;
  sides.forEach((bin, s) => {
    for (let b = 0; b < BINS; b++) head.boxes[a * 4 * BINS + s * BINS + b] = b === bin ? 30 : 0;
  });
}

const base: DecodeOptions = {
  classNames: CLASSES,
  keep: [0, 1],
  scoreThreshold: 0.3,
  nmsIou: 0.5,
  transform: { inputWidth: SIZE, inputHeight: SIZE, scale: 1, padX: 0, padY: 0 },
  frameWidth: SIZE,
  frameHeight: SIZE,
};

const near = (a: readonly number[], b: readonly number[], eps = 1e-3) =>
  a.every((v, i) => Math.abs(v - b[i]!) < eps) || assert.fail(`${a} != ${b}`);

test('DFL distance is the softmax-weighted mean of the bins, not the argmax', () => {
  const logits = new Float32Array(BINS);
  logits[2] = 30;
  logits[3] = 30;
  assert.ok(Math.abs(dflDistance(logits, 0, BINS) - 2.5) < 1e-3);
  const skew = new Float32Array(BINS).fill(0);
  skew[4] = Math.log(3);
  // weights: 3 at bin 4, 1 elsewhere → (3·4 + (55 − 4)) / (3 + 10)
  assert.ok(Math.abs(dflDistance(skew, 0, BINS) - (12 + 51) / 13) < 1e-6);
});

test('decodes centre ± distance × stride, filters by score and class', () => {
  const heads = emptyHeads();
  // stride 16, cell (1, 2): centre (24, 40); sides 1,2,1,0 bins → box 8..40 × 8..40
  put(heads[1]!, 1, 2, 0, 0.9, [1, 2, 1, 0]);
  put(heads[0]!, 0, 0, 1, 0.2, [1, 1, 1, 1]); // below threshold
  put(heads[2]!, 1, 1, 2, 0.95, [1, 1, 1, 1]); // class not kept
  const dets = decodeNanodet(heads, base);
  assert.equal(dets.length, 1);
  assert.equal(dets[0]!.cls, 'person');
  assert.ok(Math.abs(dets[0]!.score - 0.9) < 1e-6);
  near(dets[0]!.box, [8, 8, 32, 32]);
});

test('per-class NMS keeps the best of overlapping boxes but not across classes', () => {
  const heads = emptyHeads();
  put(heads[0]!, 3, 3, 0, 0.8, [2, 2, 2, 2]); // centre (28, 28), 32×32
  put(heads[0]!, 4, 3, 0, 0.7, [2, 2, 2, 2]); // shifted by 8 px: IoU 0.6 → suppressed
  put(heads[0]!, 4, 4, 1, 0.6, [2, 2, 2, 2]); // other class: kept
  const dets = decodeNanodet(heads, base);
  assert.deepEqual(
    dets.map((d) => [d.cls, Math.round(d.score * 10)]),
    [
      ['person', 8],
      ['car', 6],
    ],
  );
  const loose = decodeNanodet(heads, { ...base, nmsIou: 0.7 });
  assert.equal(loose.length, 3);
  assert.equal(decodeNanodet(heads, { ...base, maxDetections: 1 }).length, 1);
});

test('boxes go back to frame pixels through the letterbox and are clipped to the frame', () => {
  const heads = emptyHeads();
  // Frame 128×64 letterboxed into 64: scale 0.5, 16 px bands top and bottom.
  put(heads[1]!, 1, 2, 0, 0.9, [1, 2, 1, 0]); // model box 8..40 × 8..40
  put(heads[2]!, 0, 0, 0, 0.8, [10, 10, 1, 2]); // model 0..48 × 0..64: past the top-left corner
  put(heads[0]!, 7, 0, 0, 0.7, [0, 0, 1, 1]); // inside the top band only: dropped
  const dets = decodeNanodet(heads, {
    ...base,
    transform: { inputWidth: SIZE, inputHeight: SIZE, scale: 0.5, padX: 0, padY: 16 },
    frameWidth: 128,
    frameHeight: 64,
  });
  assert.equal(dets.length, 2);
  near(dets[0]!.box, [16, 0, 64, 48]); // y 8..40 → (8 − 16) / 0.5 = −16 → 0 .. 48
  near(dets[1]!.box, [0, 0, 96, 64]); // y −32..96 clipped to 0..64
});

test('decoder rejects outputs that do not match the input size', () => {
  const heads = emptyHeads();
  assert.throws(
    () => decodeNanodet(heads, { ...base, transform: { ...base.transform, inputWidth: 96, inputHeight: 96 } }),
    /scores/,
  );
});
