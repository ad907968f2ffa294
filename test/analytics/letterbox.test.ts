import assert from 'node:assert/strict';
import { test } from 'node:test';
import { letterbox } from '../../src/analytics/detect/letterbox.js';
import {
  letterboxTransform,
  NANODET_NORMALISATION,
  type Normalisation,
  PAD_PIXEL,
  type RgbFrameLike,
} from '../../src/analytics/detect/preprocess.js';

const RGB01: Normalisation = { order: 'rgb', mean: [0, 0, 0], std: [255, 255, 255] };
const RAW: Normalisation = { order: 'rgb', mean: [0, 0, 0], std: [1, 1, 1] };

let seed = 987;
function randomFrame(width: number, height: number) {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    data[i] = seed >>> 24;
  }
  return { width, height, data };
}

/** The first (straightforward) implementation, kept as the reference the fast one must match. */
function reference(frame: RgbFrameLike, inputSize: number, norm: Normalisation = NANODET_NORMALISATION): Float32Array {
  const { width, height, data } = frame;
  const t = letterboxTransform(width, height, inputSize);
  const inputWidth = inputSize;
  const plane = inputSize * inputSize;
  const out = new Float32Array(3 * plane);
  const plane2 = 2 * plane;
  const srcCh = norm.order === 'rgb' ? [0, 1, 2] : [2, 1, 0];
  const mul = norm.std.map((s) => 1 / s);
  const add = norm.mean.map((m, c) => -m * mul[c]!);
  for (let c = 0; c < 3; c++) out.fill(PAD_PIXEL * mul[c]! + add[c]!, c * plane, (c + 1) * plane);
  const w = Math.round(width * t.scale);
  const h = Math.round(height * t.scale);
  // Same scale both ways, so boxes map back exactly with the Letterbox transform.
  const sx = 1 / t.scale;
  const sy = sx;
  // Per-column source taps, computed once per frame.
  const x0s = new Int32Array(w);
  const x1s = new Int32Array(w);
  const fxs = new Float32Array(w);
  for (let x = 0; x < w; x++) {
    const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), width - 1);
    x0s[x] = Math.floor(fx) * 3;
    x1s[x] = Math.min(Math.floor(fx) + 1, width - 1) * 3;
    fxs[x] = fx - Math.floor(fx);
  }
  const [r0, r1, r2] = srcCh as [number, number, number];
  const [m0, m1, m2] = mul as [number, number, number];
  const [a0, a1, a2] = add as [number, number, number];
  for (let y = 0; y < h; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), height - 1);
    const row0 = Math.floor(fy) * width * 3;
    const row1 = Math.min(Math.floor(fy) + 1, height - 1) * width * 3;
    const wy = fy - Math.floor(fy);
    let o = (y + t.padY) * inputWidth + t.padX;
    // Inner loop kept closure-free and inlined: it runs width × height times per frame.
    for (let x = 0; x < w; x++, o++) {
      const p0 = row0 + x0s[x]!;
      const p1 = row0 + x1s[x]!;
      const p2 = row1 + x0s[x]!;
      const p3 = row1 + x1s[x]!;
      const wx = fxs[x]!;
      const w1 = wx * (1 - wy);
      const w0 = 1 - wy - w1;
      const w3 = wx * wy;
      const w2 = wy - w3;
      out[o] = (data[p0 + r0]! * w0 + data[p1 + r0]! * w1 + data[p2 + r0]! * w2 + data[p3 + r0]! * w3) * m0 + a0;
      out[plane + o] =
        (data[p0 + r1]! * w0 + data[p1 + r1]! * w1 + data[p2 + r1]! * w2 + data[p3 + r1]! * w3) * m1 + a1;
      out[plane2 + o] =
        (data[p0 + r2]! * w0 + data[p1 + r2]! * w1 + data[p2 + r2]! * w2 + data[p3 + r2]! * w3) * m2 + a2;
    }
  }
  return out;
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

test('letterbox matches the reference implementation for square inputs', () => {
  const cases: [number, number, number][] = [
    [416, 312, 320],
    [416, 312, 416],
    [320, 240, 320], // frame exactly the input width: scale 1
    [240, 320, 320], // exactly the input height
    [768, 576, 416],
    [640, 480, 320],
    [777, 433, 320],
    [100, 60, 320], // upscale
    [1, 1, 8],
    [333, 333, 320],
    [12000, 400, 128], // wider than the staging buffer: rows are staged in column chunks
    [9000, 300, 16],
  ];
  for (const [w, h, size] of cases) {
    for (const norm of [NANODET_NORMALISATION, RGB01, RAW]) {
      const f = randomFrame(w, h);
      const want = reference(f, size, norm);
      const out = new Float32Array(3 * size * size).fill(Number.NaN); // stale garbage must be overwritten
      const got = letterbox(f, size, norm, out);
      assert.equal(got.tensor, out);
      assert.deepEqual(got.transform, letterboxTransform(w, h, size));
      const tol = norm === RAW ? 255e-5 : 1e-5; // RAW is in pixel units: 1e-5 of the normalised scale
      assert.ok(maxDiff(got.tensor, want) <= tol, `${w}x${h} -> ${size}: ${maxDiff(got.tensor, want)}`);
    }
  }
});

test('letterbox is bit-identical to the reference when the frame is already at the model size', () => {
  const f = randomFrame(320, 240);
  assert.deepEqual(letterbox(f, 320).tensor, reference(f, 320));
});

test('letterbox into a non-square input pads top and bottom (or left and right)', () => {
  const f = randomFrame(640, 480);
  const { tensor, transform } = letterbox(f, { width: 320, height: 256 }, RAW);
  assert.deepEqual(transform, { inputWidth: 320, inputHeight: 256, scale: 0.5, padX: 0, padY: 8 });
  // The image rows equal the square letterbox's image rows (same scale, same taps).
  const sq = reference(f, 320, RAW);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < 256; y++) {
      const row = tensor.subarray(c * 320 * 256 + y * 320, c * 320 * 256 + (y + 1) * 320);
      if (y < 8 || y >= 248)
        assert.ok(
          row.every((v) => v === 114),
          `pad row ${y}`,
        );
      else {
        const ref = sq.subarray(c * 320 * 320 + (y + 32) * 320, c * 320 * 320 + (y + 33) * 320);
        assert.ok(maxDiff(row, ref) <= 255e-5, `channel ${c} row ${y}`);
      }
    }
  }
  // Tall frame into a wide input: pads left and right.
  const tall = letterbox(randomFrame(240, 320), { width: 320, height: 256 }, RAW);
  assert.deepEqual(tall.transform, { inputWidth: 320, inputHeight: 256, scale: 0.8, padX: 64, padY: 0 });
  for (let y = 0; y < 256; y++) {
    const row = tall.tensor.subarray(y * 320, (y + 1) * 320);
    assert.ok(row.subarray(0, 64).every((v) => v === 114) && row.subarray(256).every((v) => v === 114), `row ${y}`);
  }
  assert.throws(() => letterbox({ width: 4, height: 4, data: new Uint8Array(10) }, 8), /too short/);
});
