// Local lighting under the abandoned-object detector: block medians of picture over background, robust to an object
// on part of a block and to foreground.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LocalLight } from '../../../src/analytics/abandoned/local-light.js';

const W = 64;
const H = 64;
const long = Float32Array.from({ length: W * H }, (_, i) => 100 + ((i * 37) % 50));

function picture(f: (x: number, y: number, v: number) => number): Uint8Array {
  return Uint8Array.from({ length: W * H }, (_, i) => Math.round(f(i % W, Math.floor(i / W), long[i]!)));
}

test('a block under drifting light gets its own factor; the others stay at 1', () => {
  const l = new LocalLight();
  l.reset(W, H);
  // The top-left 32x32 block darkened by 20 %, with a global gain of 1.1 on top of everything.
  const gray = picture((x, y, v) => v * 1.1 * (x < 32 && y < 32 ? 0.8 : 1));
  l.measure(gray, long, 1.1, new Uint8Array(W * H), 0);
  assert.ok(Math.abs(l.factor[5 * W + 5]! - 0.8) <= 0.011, `darkened block ${l.factor[5 * W + 5]}`);
  assert.ok(Math.abs(l.factor[40 * W + 40]! - 1) <= 0.011, `other block ${l.factor[40 * W + 40]}`);
});

test('an object on a third of a block does not pull its light (median); foreground is left out', () => {
  const l = new LocalLight();
  l.reset(W, H);
  const inObject = (x: number, y: number) => x < 32 && y < 11;
  const gray = picture((x, y, v) => (inObject(x, y) ? v * 0.85 : v));
  l.measure(gray, long, 1, new Uint8Array(W * H), 0);
  assert.ok(Math.abs(l.factor[5 * W + 5]! - 1) <= 0.011, `block with an object ${l.factor[5 * W + 5]}`);
  // A block almost all foreground (a crowd, a vehicle) is not measured: 1.
  const fg = Uint8Array.from({ length: W * H }, (_, i) => (i % W >= 32 && Math.floor(i / W) < 32 ? 1 : 0));
  fg[40] = 0;
  l.measure(
    picture((x, y, v) => (x >= 32 && y < 32 ? v * 0.5 : v)),
    long,
    1,
    fg,
    1000,
  );
  assert.equal(l.factor[5 * W + 40], 1);
});
