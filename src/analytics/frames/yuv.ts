// yuv420p frames (what decoders produce: half the bytes of rgb24, and the luma plane is the gray picture every
// motion analytic wants) turned into rgb24 only where colour is needed: the detector, fire, snapshots.
import type { Frame } from './frame.js';

// BT.601 limited range in 16.16 fixed point, nearest chroma: what ffmpeg's unscaled yuv420p → rgb24 path does.
const Y = new Int32Array(256);
const RV = new Int32Array(256);
const GU = new Int32Array(256);
const GV = new Int32Array(256);
const BU = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  Y[i] = Math.round(1.164383 * 65536 * (i - 16)) + 32768; // + half: rounding of the final shift
  RV[i] = Math.round(1.596027 * 65536 * (i - 128));
  GU[i] = Math.round(0.391762 * 65536 * (i - 128));
  GV[i] = Math.round(0.812968 * 65536 * (i - 128));
  BU[i] = Math.round(2.017232 * 65536 * (i - 128));
}

// Saturation by table: index = value + 512 (every sum above lies within -512..767 before the offset).
const CLAMP = new Uint8Array(1536).map((_, i) => Math.max(0, Math.min(255, i - 512)));
const CLAMP_OFFSET = 512 << 16;

/** rgb24 bytes of a yuv420p picture (even width and height). */
export function yuv420pToRgb24(data: Uint8Array, width: number, height: number, out?: Uint8Array): Uint8Array {
  const n = width * height;
  const cw = width >> 1;
  const uOff = n;
  const vOff = n + (n >> 2);
  const c = out ?? new Uint8Array(n * 3);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const crow = (y >> 1) * cw;
    for (let x = 0, p = row * 3; x < width; x += 2, p += 6) {
      const u = data[uOff + crow + (x >> 1)]!;
      const v = data[vOff + crow + (x >> 1)]!;
      const r = RV[v]! + CLAMP_OFFSET;
      const g = CLAMP_OFFSET - GU[u]! - GV[v]!;
      const b = BU[u]! + CLAMP_OFFSET;
      const y0 = Y[data[row + x]!]!;
      const y1 = Y[data[row + x + 1]!]!;
      c[p] = CLAMP[(y0 + r) >> 16]!;
      c[p + 1] = CLAMP[(y0 + g) >> 16]!;
      c[p + 2] = CLAMP[(y0 + b) >> 16]!;
      c[p + 3] = CLAMP[(y1 + r) >> 16]!;
      c[p + 4] = CLAMP[(y1 + g) >> 16]!;
      c[p + 5] = CLAMP[(y1 + b) >> 16]!;
    }
  }
  return c;
}

const converted = new WeakMap<Frame, Frame>();

/** The frame as rgb24: itself when it already is, else converted once per frame object (masks applied first). */
export function rgbOf(frame: Frame): Frame {
  if (frame.format === 'rgb24') return frame;
  if (frame.format !== 'yuv420p') throw new Error(`no colour in a ${frame.format} frame`);
  let rgb = converted.get(frame);
  if (!rgb) {
    rgb = { ...frame, format: 'rgb24', data: yuv420pToRgb24(frame.data, frame.width, frame.height) };
    converted.set(frame, rgb);
  }
  return rgb;
}
