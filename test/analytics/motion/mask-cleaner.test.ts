import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectedComponents } from '../../../src/analytics/motion/components.js';
import { close, MaskCleaner, open } from '../../../src/analytics/motion/morphology.js';
import { seededRandom } from '../track/seeded-random.js';

/** A sparse random mask with a few solid blocks, like a motion mask. */
function mask(seed: number, width: number, height: number): Uint8Array {
  const { uniform } = seededRandom(seed);
  const m = new Uint8Array(width * height).map(() => (uniform() < 0.03 ? 1 : 0));
  for (let k = 0; k < 4; k++) {
    const [x0, y0] = [Math.floor(uniform() * width), Math.floor(uniform() * height)];
    for (let y = y0; y < Math.min(height, y0 + 12); y++) m.fill(1, y * width + x0, y * width + Math.min(width, x0 + 7));
  }
  return m;
}

test('MaskCleaner gives close(open(mask)) frame after frame, its buffers reused, the input untouched', () => {
  for (const [w, h] of [
    [160, 120],
    [93, 51],
  ] as const) {
    const cleaner = new MaskCleaner(w, h);
    for (const [seed, ro, rc] of [
      [1, 1, 2],
      [2, 1, 2],
      [3, 0, 2],
      [4, 2, 0],
      [5, 0, 0],
    ] as const) {
      const m = mask(seed, w, h);
      const before = m.slice();
      const got = cleaner.clean(m, ro, rc);
      assert.deepEqual(got, close(open(m, w, h, ro), w, h, rc), `${w}x${h} seed ${seed}`);
      assert.deepEqual(m, before);
    }
  }
});

test('connected components are the same with a reused labels buffer', () => {
  const labels = new Int32Array(160 * 120);
  for (const seed of [7, 8, 9]) {
    const m = close(open(mask(seed, 160, 120), 160, 120, 1), 160, 120, 2);
    assert.deepEqual(connectedComponents(m, 160, 120, 3, labels), connectedComponents(m, 160, 120, 3));
  }
  assert.throws(() => connectedComponents(new Uint8Array(10), 5, 2, 1, new Int32Array(9)), /labels/);
});
