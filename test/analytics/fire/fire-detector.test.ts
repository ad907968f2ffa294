// Fire detector contract: options, refused input, and a view change closing an open situation. Pixel content here is
// SYNTHETIC (flat colours and noise made in the test).
import assert from 'node:assert/strict';
import { test } from 'node:test';
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
