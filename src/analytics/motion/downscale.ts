// Area-average downscale of a gray or rgb24 frame to a small gray picture for the background model.
import type { Frame } from '../frames/frame.js';

export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Analysis size: `width` wide, the frame's aspect ratio, never larger than the frame. */
export function analysisSize(frameW: number, frameH: number, width: number): { width: number; height: number } {
  const w = Math.min(width, frameW);
  return { width: w, height: Math.max(1, Math.round((frameH * w) / frameW)) };
}

/**
 * Each output pixel is the mean of the source pixels its area covers (integer bounds): no aliasing of fine texture
 * (leaves, rain) into false motion, unlike nearest-neighbour. rgb24 is reduced to luma (BT.601, integer weights).
 */
export function downscaleGray(frame: Frame, width: number, height: number, out?: GrayImage): GrayImage {
  const { width: fw, height: fh, data } = frame;
  const dst =
    out && out.width === width && out.height === height ? out : { width, height, data: new Uint8Array(width * height) };
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
