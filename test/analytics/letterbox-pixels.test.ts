import assert from 'node:assert/strict';
import { test } from 'node:test';
import { letterbox } from '../../src/analytics/detect/letterbox.js';
import { letterboxPixels } from '../../src/analytics/detect/letterbox-pixels.js';
import { letterboxTransform, type Normalisation, type RgbFrameLike } from '../../src/analytics/detect/preprocess.js';

const RAW: Normalisation = { order: 'rgb', mean: [0, 0, 0], std: [1, 1, 1] };

let seed = 4242;
function randomFrame(width: number, height: number): RgbFrameLike {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    data[i] = seed >>> 24;
  }
  return { width, height, data };
}

/** The float letterbox in pixel units (NCHW), rounded and laid out NHWC: what the byte letterbox must give. */
function expected(f: RgbFrameLike, shape: { width: number; height: number }): Uint8Array {
  const { tensor } = letterbox(f, shape, RAW);
  const plane = shape.width * shape.height;
  const out = new Uint8Array(3 * plane);
  for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) out[3 * i + c] = Math.round(tensor[c * plane + i]!);
  return out;
}

test('pixel letterbox equals the float letterbox rounded to bytes, NHWC, at every scale and shape', () => {
  const cases: Array<[number, number, number, number]> = [
    [768, 576, 416, 416],
    [768, 576, 416, 320],
    [416, 312, 416, 320], // decoded at the detector's width: scale 1, rows copied
    [256, 256, 256, 256], // a crop: scale 1, no border
    [240, 320, 320, 256], // tall into wide: left and right borders
    [100, 60, 320, 320], // upscale
    [12000, 400, 128, 128], // wider than the staging buffer
  ];
  for (const [w, h, iw, ih] of cases) {
    const f = randomFrame(w, h);
    const out = new Uint8Array(3 * iw * ih).fill(7); // stale bytes must be overwritten
    const got = letterboxPixels(f, { width: iw, height: ih }, out);
    assert.equal(got.tensor, out);
    assert.deepEqual(got.transform, letterboxTransform(w, h, { width: iw, height: ih }));
    const want = expected(f, { width: iw, height: ih });
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got.tensor[i]! - want[i]!));
    // Rounding the same float value can land either side of .5 after float noise: one level at most.
    assert.ok(worst <= 1, `${w}x${h} -> ${iw}x${ih}: ${worst}`);
    if (got.transform.scale === 1) assert.equal(worst, 0, `${w}x${h}: a copy is exact`);
  }
});

test('pixel letterbox pads with the grey the model was folded around, and rejects short frames', () => {
  const f = randomFrame(416, 312);
  const { tensor, transform } = letterboxPixels(f, { width: 416, height: 320 });
  assert.deepEqual(transform, { inputWidth: 416, inputHeight: 320, scale: 1, padX: 0, padY: 4 });
  assert.ok(tensor.subarray(0, 4 * 416 * 3).every((v) => v === 114));
  assert.ok(tensor.subarray(316 * 416 * 3).every((v) => v === 114));
  assert.deepEqual(tensor.subarray(4 * 416 * 3, 316 * 416 * 3), f.data);
  assert.throws(() => letterboxPixels({ width: 4, height: 4, data: new Uint8Array(10) }, 8), /too short/);
});
