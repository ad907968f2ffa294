import assert from 'node:assert/strict';
import { test } from 'node:test';
import { downscaleGray, frameGray } from '../../../src/analytics/motion/downscale.js';
import type { Frame } from '../../../src/media/frames/frame.js';

function rgbFrame(seed: number): Frame {
  const data = new Uint8Array(64 * 48 * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31 + seed * 7) % 256;
  return { cameraId: 'c', seq: seed, ptsMs: seed * 200, width: 64, height: 48, format: 'rgb24', data };
}

test('frameGray: the same picture as downscaleGray, made once per frame and size, copied into each caller', () => {
  const f = rgbFrame(1);
  const first = frameGray(f, 32, 24);
  assert.deepEqual(first.data, downscaleGray(f, 32, 24).data);
  // The frame is remembered: a change after the first call is not seen (the pipeline masks before any analytic).
  f.data.fill(0);
  const mine = { width: 32, height: 24, data: new Uint8Array(32 * 24) };
  const second = frameGray(f, 32, 24, mine);
  assert.equal(second, mine, 'written into the caller’s own buffer');
  assert.deepEqual(second.data, first.data);
  second.data.fill(9);
  assert.deepEqual(frameGray(f, 32, 24).data, first.data, 'a caller writing into its copy changes nobody else’s');
  // Another size, or another frame object, is made afresh.
  assert.deepEqual(frameGray(f, 16, 12).data, new Uint8Array(16 * 12));
  const g = rgbFrame(2);
  assert.deepEqual(frameGray(g, 32, 24).data, downscaleGray(g, 32, 24).data);
});
