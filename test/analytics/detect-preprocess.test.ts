import assert from 'node:assert/strict';
import { test } from 'node:test';
import { letterbox } from '../../src/analytics/detect/letterbox.js';
import { fittedInput, letterboxTransform, type Normalisation } from '../../src/analytics/detect/preprocess.js';

const RAW: Normalisation = { order: 'rgb', mean: [0, 0, 0], std: [1, 1, 1] };

function solid(width: number, height: number, rgb: [number, number, number]) {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(rgb, i * 3);
  return { width, height, data };
}

test('letterbox transform of a PETS09-sized frame', () => {
  assert.deepEqual(letterboxTransform(768, 576, 416), {
    inputWidth: 416,
    inputHeight: 416,
    scale: 416 / 768,
    padX: 0,
    padY: 52,
  });
  assert.deepEqual(letterboxTransform(576, 768, 320), {
    inputWidth: 320,
    inputHeight: 320,
    scale: 320 / 768,
    padX: 40,
    padY: 0,
  });
});

test('letterbox fills the image rows and grey bands, NCHW', () => {
  const { tensor, transform } = letterbox(solid(4, 2, [10, 20, 30]), 8, RAW);
  assert.deepEqual(transform, { inputWidth: 8, inputHeight: 8, scale: 2, padX: 0, padY: 2 });
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < 8; y++) {
      const row = [...tensor.subarray(c * 64 + y * 8, c * 64 + y * 8 + 8)];
      const expected = y >= 2 && y < 6 ? [10, 20, 30][c]! : 114;
      assert.deepEqual(row, new Array(8).fill(expected), `channel ${c} row ${y}`);
    }
  }
});

test('letterbox resizes bilinearly with half-pixel centres', () => {
  const frame = { width: 2, height: 1, data: new Uint8Array([0, 0, 0, 100, 0, 0]) };
  const { tensor } = letterbox(frame, 4, RAW);
  assert.deepEqual([...tensor.subarray(4, 8)], [0, 25, 75, 100]); // row 1, red
});

test('default normalisation is NanoDet BGR mean/std and reuses the output buffer', () => {
  const out = new Float32Array(3 * 4 * 4);
  const { tensor } = letterbox(solid(4, 4, [255, 0, 0]), 4, undefined, out);
  assert.equal(tensor, out);
  assert.ok(Math.abs(tensor[0]! - (0 - 103.53) / 57.375) < 1e-5); // blue plane first
  assert.ok(Math.abs(tensor[32]! - (255 - 123.675) / 58.395) < 1e-5); // red plane last
});

test('a full-frame input fitted to the frame: the long side at the size, the other rounded up to 32', () => {
  assert.deepEqual(fittedInput(768, 576, 416), { width: 416, height: 320 }); // 4:3
  assert.deepEqual(fittedInput(640, 480, 320), { width: 320, height: 256 });
  assert.deepEqual(fittedInput(1920, 1080, 320), { width: 320, height: 192 }); // 16:9
  assert.deepEqual(fittedInput(480, 640, 320), { width: 256, height: 320 }); // portrait
  assert.deepEqual(fittedInput(500, 500, 320), { width: 320, height: 320 });
  assert.deepEqual(fittedInput(4000, 100, 320), { width: 320, height: 32 }); // never under one stride
  // The letterbox scale is the square input's: the same picture is seen, with less padding.
  assert.equal(letterboxTransform(768, 576, fittedInput(768, 576, 416)).scale, letterboxTransform(768, 576, 416).scale);
});
