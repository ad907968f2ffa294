// Fire detector contract: options, refused input, and a view change closing an open situation. Pixel content here is
// SYNTHETIC (flat colours and noise made in the test).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BlockSeries, chancePeriodicity } from '../../../src/analytics/fire/block-series.js';
import { FireDetector, FireOptionsSchema } from '../../../src/analytics/fire/index.js';
import type { Frame } from '../../../src/media/frames/frame.js';

const frame = (seq: number, fill: (x: number, y: number) => number[], w = 160, h = 120): Frame => {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set(fill(x, y), (y * w + x) * 3);
  return { cameraId: 'c', seq, ptsMs: seq * 200, width: w, height: h, format: 'rgb24', data };
};

test('options: strict zod schema with defaults', () => {
  const o = FireOptionsSchema.parse({});
  assert.equal(o.analysisWidth, 160);
  assert.throws(() => FireOptionsSchema.parse({ flicker: 1 }));
});

test('gray frames are refused (flame is a colour)', () => {
  const f = { ...frame(0, () => [0, 0, 0]), format: 'gray' as const, data: new Uint8Array(160 * 120) };
  assert.throws(() => new FireDetector().update(f), /needs colour frames/);
});

test('synthetic: a steady orange patch never fires; a noisy flickering one does, and a resize ends it', () => {
  const steady = new FireDetector();
  const patch = (x: number, y: number) => x >= 60 && x < 90 && y >= 60 && y < 100;
  for (let i = 0; i < 60; i++) {
    assert.deepEqual(steady.update(frame(i, (x, y) => (patch(x, y) ? [250, 140, 20] : [90, 90, 90]))), []);
  }
  // A pseudo-random flame from t=4 s whose height changes as a whole from frame to frame (tongues); pixel-by-pixel
  // noise alone would average out in a block (synthetic stand-in for a flame's flicker).
  let s = 1;
  const rnd = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const det = new FireDetector();
  const events = [];
  for (let i = 0; i < 60; i++) {
    const level = i >= 20 ? 0.2 + 0.8 * rnd() : 0;
    const hot = (x: number, y: number) => patch(x, y) && y >= 100 - 40 * level && rnd() < 0.8;
    events.push(...det.update(frame(i, (x, y) => (hot(x, y) ? [255, 120 + 100 * rnd(), 20] : [90, 90, 90]))));
  }
  assert.equal(events.length, 1);
  assert.equal(events[0]!.phase, 'start');
  const end = det.update(frame(60, () => [90, 90, 90], 320, 240));
  assert.equal(end[0]?.phase, 'end');
  assert.equal(end[0]?.details.reason, 'resized');
});

// A fire already burning when it comes into view: a steady core (always flame-coloured, so never "above the usual")
// under a top edge that jumps every frame. The first method (flame colour above a background) learnt the core as
// usual at the first frame and saw the edge above it only part of the time; it is run beside as the control.
const burning = (evidence: 'flicker' | 'aboveBackground') => {
  let s = 7;
  const rnd = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const det = new FireDetector({ evidence });
  const starts: number[] = [];
  for (let i = 0; i < 40; i++) {
    const top = 50 + 30 * rnd();
    const hot = (x: number, y: number) => x >= 56 && x < 96 && y >= top && y < 100;
    const evs = det.update(frame(i, (x, y) => (hot(x, y) ? [255, 110 + 90 * rnd(), 20] : [90, 90, 90])));
    for (const e of evs) if (e.phase === 'start') starts.push(i * 200);
  }
  return starts;
};

test('synthetic: a flame in view from the first frame fires within 5 s (it is never "new")', () => {
  const starts = burning('flicker');
  assert.equal(starts.length, 1);
  assert.ok(starts[0]! <= 5000, `raised at ${starts[0]} ms`);
  assert.deepEqual(burning('aboveBackground'), [], 'the control (old method) should miss it');
});

test('periodicity: over a few frames one sinusoid fits noise (chance level), a beacon stands out of it', () => {
  let s = 3;
  const rnd = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const score = (n: number, v: (i: number) => number) => {
    const series = new BlockSeries(1);
    const one = (x: number) => new Float32Array([x]);
    for (let i = 0; i < n; i++) series.push(i * 200, one(1), one(v(i)), one(0));
    return series.periodicity([0], series.window(1e9));
  };
  // Broadband noise (a flame's flicker) over 7 frames (its first 1.2 s at 5 fps) and over 30 (6 s): the chance level
  // the limit allows for follows the measured median.
  for (const n of [7, 30]) {
    const noise = Array.from({ length: 60 }, () => score(n, () => rnd())).sort((a, b) => a - b);
    assert.ok(Math.abs(noise[30]! - chancePeriodicity(n)) < 0.12, `noise over ${n} frames: ${noise[30]}`);
  }
  // A beacon at 1.5 Hz over 6 s stays far above the default limit (0.55) and the chance level.
  assert.ok(score(30, (i) => Math.sin(2 * Math.PI * 1.5 * i * 0.2)) > 0.9);
});

// A flame coming into view mid-stream: a top edge jumping every frame over a steady body, from 4 s. Its blocks held no
// flame before, so they are judged on their own frames after minEvidenceSeconds, not once they fill the window.
const appearing = (minEvidenceSeconds: number) => {
  let s = 11;
  const rnd = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const det = new FireDetector({ minEvidenceSeconds });
  for (let i = 0; i < 50; i++) {
    const top = 40 + 40 * rnd();
    const hot = (x: number, y: number) => i >= 20 && x >= 56 && x < 96 && y >= top && y < 100 && rnd() < 0.9;
    const evs = det.update(frame(i, (x, y) => (hot(x, y) ? [255, 100 + 110 * rnd(), 20] : [90, 90, 90])));
    const start = evs.find((e) => e.phase === 'start');
    if (start) return i * 200 - 4000;
  }
  return Number.POSITIVE_INFINITY;
};

test('synthetic: a flame coming into view is judged on its own frames (minEvidenceSeconds acts)', () => {
  const quick = appearing(1.2);
  const full = appearing(2.5);
  assert.ok(quick <= 2600, `raised ${quick} ms after it appeared`);
  assert.ok(full >= quick + 600, `raised ${full} ms after it appeared with 2.5 s of evidence, ${quick} with 1.2 s`);
});
