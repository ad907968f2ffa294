import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analysisSize, downscaleGray, type GrayImage } from '../../../src/analytics/motion/downscale.js';
import type { Frame, PixelFormat } from '../../../src/media/frames/frame.js';

// The previous (reference) implementation, kept verbatim: the fast one must match it bit for bit.
function referenceDownscale(frame: Frame, width: number, height: number): GrayImage {
  const { width: fw, height: fh, data } = frame;
  const dst = { width, height, data: new Uint8Array(width * height) };
  const ch = frame.format === 'gray' ? 1 : 3;
  const x0 = new Int32Array(width + 1);
  for (let x = 0; x <= width; x++) x0[x] = Math.min(fw, Math.floor((x * fw) / width));
  const acc = new Float64Array(width);
  for (let y = 0; y < height; y++) {
    const ya = Math.floor((y * fh) / height);
    const yb = Math.max(ya + 1, Math.floor(((y + 1) * fh) / height));
    acc.fill(0);
    for (let sy = ya; sy < yb; sy++) {
      const row = sy * fw * ch;
      for (let x = 0; x < width; x++) {
        const a = x0[x]!;
        const b = Math.max(a + 1, x0[x + 1]!);
        let s = 0;
        if (ch === 1) for (let sx = a; sx < b; sx++) s += data[row + sx]!;
        else {
          for (let sx = a; sx < b; sx++) {
            const p = row + sx * 3;
            s += (77 * data[p]! + 150 * data[p + 1]! + 29 * data[p + 2]!) >> 8;
          }
        }
        acc[x]! += s;
      }
    }
    const o = y * width;
    const rows = yb - ya;
    for (let x = 0; x < width; x++) {
      const n = rows * (Math.max(x0[x]! + 1, x0[x + 1]!) - x0[x]!);
      dst.data[o + x] = (acc[x]! / n + 0.5) | 0;
    }
  }
  return dst;
}

let seed = 12345;
function rand(): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed >>> 16;
}

function randomFrame(width: number, height: number, format: PixelFormat, levels = 256): Frame {
  const data = new Uint8Array(width * height * (format === 'gray' ? 1 : 3));
  const step = 255 / (levels - 1);
  for (let i = 0; i < data.length; i++) data[i] = Math.round((rand() % levels) * step);
  return { cameraId: 't', seq: 0, ptsMs: 0, width, height, format, data };
}

const SIZES: [number, number, number, number][] = [
  [416, 312, 320, 240],
  [640, 480, 320, 240],
  [768, 576, 320, 240],
  [416, 312, 160, 120],
  [777, 433, 301, 167],
  [320, 240, 320, 240],
  [101, 37, 100, 36],
  [5, 3, 1, 1],
  [1, 1, 1, 1],
  [97, 61, 13, 9],
  [1920, 1080, 320, 180],
  [7, 5, 19, 11], // upscale: never produced by analysisSize, still must match
];

for (const format of ['rgb24', 'gray'] as const) {
  test(`downscaleGray matches the reference bit for bit (${format})`, () => {
    for (const [fw, fh, w, h] of SIZES) {
      // Few levels make exact .5 means (the rounding edge) common.
      for (const levels of [256, 2, 3]) {
        const f = randomFrame(fw, fh, format, levels);
        const got = downscaleGray(f, w, h);
        assert.deepEqual(got.data, referenceDownscale(f, w, h).data, `${fw}x${fh} -> ${w}x${h}, ${levels} levels`);
      }
    }
  });
}

test('downscaleGray reuses `out` and matches for analysisSize sizes', () => {
  for (const [fw, fh] of [
    [416, 312],
    [333, 251],
    [1280, 720],
  ] as const) {
    const { width, height } = analysisSize(fw, fh, 160);
    const out = { width, height, data: new Uint8Array(width * height) };
    for (let i = 0; i < 3; i++) {
      const f = randomFrame(fw, fh, 'rgb24');
      assert.equal(downscaleGray(f, width, height, out), out);
      assert.deepEqual(out.data, referenceDownscale(f, width, height).data);
    }
  }
});

test('downscaleGray matches for frames that are views at odd and word-aligned offsets', () => {
  for (const offset of [1, 2, 4]) {
    const src = randomFrame(416, 312, 'rgb24');
    const buf = new Uint8Array(src.data.length + 8);
    buf.set(src.data, offset);
    const view: Frame = { ...src, data: buf.subarray(offset, offset + src.data.length) };
    assert.deepEqual(downscaleGray(view, 320, 240).data, referenceDownscale(src, 320, 240).data, `offset ${offset}`);
  }
});

test('downscaleGray rounds every possible area sum like the reference (exact .5 ties round up)', () => {
  // A k x r gray frame into 1x1 averages n = r * k pixels; sweep every sum s in [0, 255 n]. With k = 49 a plain
  // reciprocal multiply rounds some ties down, so these spans guard the rounding nudge.
  for (const [k, r] of [
    [49, 2],
    [49, 10],
    [2, 49],
    [7, 3],
    [3, 5],
  ] as const) {
    const f: Frame = {
      cameraId: 't',
      seq: 0,
      ptsMs: 0,
      width: k,
      height: r,
      format: 'gray',
      data: new Uint8Array(k * r),
    };
    for (let s = 0; s <= 255 * k * r; s++) {
      f.data.fill(0);
      for (let i = 0, left = s; left > 0; i++, left -= 255) f.data[i] = Math.min(255, left);
      const want = (s / (k * r) + 0.5) | 0;
      const got = downscaleGray(f, 1, 1).data[0];
      if (got !== want) assert.fail(`${k}x${r} sum ${s}: got ${got}, want ${want}`);
    }
  }
});
