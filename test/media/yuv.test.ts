import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { downscaleGray } from '../../src/analytics/motion/downscale.js';
import { FrameSource } from '../../src/media/decode/frame-source.js';
import type { Frame } from '../../src/media/frames/frame.js';
import { RgbScratch, rgbOf, yuv420pToRgb24 } from '../../src/media/frames/yuv.js';
import { PETS09_VIDEO, pets09Missing } from '../analytics/helpers/pets09.js';

/** A 2x2 yuv420p picture of one colour. */
const pixel = (y: number, u: number, v: number) => Uint8Array.of(y, y, y, y, u, v);

test('BT.601 limited range: black, white, grey and the primaries', () => {
  assert.deepEqual([...yuv420pToRgb24(pixel(16, 128, 128), 2, 2).subarray(0, 3)], [0, 0, 0]);
  assert.deepEqual([...yuv420pToRgb24(pixel(235, 128, 128), 2, 2).subarray(0, 3)], [255, 255, 255]);
  assert.deepEqual([...yuv420pToRgb24(pixel(126, 128, 128), 2, 2).subarray(0, 3)], [128, 128, 128]);
  // Saturated red, green and blue as BT.601 codes them (within one level of rounding).
  for (const [yuv, rgb] of [
    [
      [81, 90, 240],
      [255, 0, 0],
    ],
    [
      [145, 54, 34],
      [0, 255, 0],
    ],
    [
      [41, 240, 110],
      [0, 0, 255],
    ],
  ] as const) {
    const got = [...yuv420pToRgb24(pixel(yuv[0], yuv[1], yuv[2]), 2, 2).subarray(0, 3)];
    for (const [i, c] of got.entries()) assert.ok(Math.abs(c - rgb[i]!) <= 1, `${yuv} → ${got}, want ${rgb}`);
  }
  // Out-of-range codes saturate instead of wrapping.
  assert.deepEqual([...yuv420pToRgb24(pixel(255, 128, 128), 2, 2).subarray(0, 3)], [255, 255, 255]);
  assert.deepEqual([...yuv420pToRgb24(pixel(0, 128, 128), 2, 2).subarray(0, 3)], [0, 0, 0]);
});

test('rgbOf: an rgb24 frame is itself, a yuv420p one is converted once, a gray one has no colour', () => {
  const base = { cameraId: 'c', seq: 0, ptsMs: 0, width: 2, height: 2 };
  const rgb: Frame = { ...base, format: 'rgb24', data: new Uint8Array(12) };
  assert.equal(rgbOf(rgb), rgb);
  const yuv: Frame = { ...base, format: 'yuv420p', data: pixel(235, 128, 128) };
  const once = rgbOf(yuv);
  assert.equal(once.format, 'rgb24');
  assert.equal(rgbOf(yuv), once);
  assert.throws(() => rgbOf({ ...base, format: 'gray', data: new Uint8Array(4) }), /no colour in a gray frame/);
});

test("RgbScratch: one buffer for a camera's frames, the same bytes as rgbOf, an overwritten frame converted anew", () => {
  const base = { cameraId: 'c', ptsMs: 0, width: 2, height: 2 };
  const a: Frame = { ...base, seq: 0, format: 'yuv420p', data: pixel(81, 90, 240) };
  const b: Frame = { ...base, seq: 1, format: 'yuv420p', data: pixel(145, 54, 34) };
  const scratch = new RgbScratch();
  const ra = scratch.of(a);
  assert.deepEqual([...ra.data], [...yuv420pToRgb24(a.data, 2, 2)]);
  // Shared with the other analytics of the same frame.
  assert.equal(rgbOf(a), ra);
  assert.equal(scratch.of(a), ra);
  const rb = scratch.of(b);
  assert.equal(rb.data.buffer, ra.data.buffer, 'the buffer is reused');
  assert.deepEqual([...rb.data], [...yuv420pToRgb24(b.data, 2, 2)]);
  // a's bytes were overwritten: asking for a again gives a fresh, correct conversion, not b's pixels.
  const again = rgbOf(a);
  assert.notEqual(again.data.buffer, rb.data.buffer);
  assert.deepEqual([...again.data], [...yuv420pToRgb24(a.data, 2, 2)]);
  const rgb: Frame = { ...base, seq: 2, format: 'rgb24', data: new Uint8Array(12) };
  assert.equal(scratch.of(rgb), rgb);
  assert.throws(() => scratch.of({ ...base, seq: 3, format: 'gray', data: new Uint8Array(4) }), /no colour/);
});

describe('yuv420p from ffmpeg on PETS09', { skip: pets09Missing() }, () => {
  test('converted to rgb24 in Node, it matches ffmpeg’s own rgb24 within 3 levels; its luma gives the same gray picture', async () => {
    const take = async (format: 'rgb24' | 'yuv420p' | 'gray') => {
      const out: Frame[] = [];
      for await (const f of new FrameSource({ cameraId: 'c', input: PETS09_VIDEO, format, width: 416 }).frames()) {
        out.push(f);
        if (out.length === 10) break;
      }
      return out;
    };
    const [rgb, yuv, gray] = [await take('rgb24'), await take('yuv420p'), await take('gray')];
    let max = 0;
    let sum = 0;
    let grayMax = 0;
    for (let i = 0; i < 10; i++) {
      const mine = rgbOf(yuv[i]!).data;
      for (let k = 0; k < mine.length; k++) {
        const d = Math.abs(mine[k]! - rgb[i]!.data[k]!);
        max = Math.max(max, d);
        sum += d;
      }
      // Motion and tamper see ffmpeg's gray picture (full-range luma) from the luma plane.
      const a = downscaleGray(yuv[i]!, 160, 120).data;
      const b = downscaleGray(gray[i]!, 160, 120).data;
      for (let k = 0; k < a.length; k++) grayMax = Math.max(grayMax, Math.abs(a[k]! - b[k]!));
    }
    assert.ok(grayMax <= 1, `gray pictures differ by up to ${grayMax}`);
    const mean = sum / (10 * rgb[0]!.data.length);
    assert.ok(max <= 3 && mean < 1.5, `max ${max}, mean ${mean.toFixed(3)}`);
  });
});
