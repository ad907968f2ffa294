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

/** One pixel's rgb24 bytes at p from its luma term and its block's chroma terms (small: V8 inlines it). */
function put(c: Uint8Array, p: number, l: number, r: number, g: number, b: number): void {
  c[p] = CLAMP[(l + r) >> 16]!;
  c[p + 1] = CLAMP[(l + g) >> 16]!;
  c[p + 2] = CLAMP[(l + b) >> 16]!;
}

/** rgb24 bytes of a yuv420p picture (even width and height). Two rows at a time: one chroma sample per 2x2 block. */
export function yuv420pToRgb24(data: Uint8Array, width: number, height: number, out?: Uint8Array): Uint8Array {
  const n = width * height;
  const cw = width >> 1;
  const uOff = n;
  const vOff = n + (n >> 2);
  const c = out ?? new Uint8Array(n * 3);
  for (let y = 0; y < height; y += 2) {
    const crow = uOff + (y >> 1) * cw;
    const r0 = y * width;
    const r1 = r0 + width;
    const second = y + 1 < height;
    for (let x = 0, p = r0 * 3, q = r1 * 3; x < width; x += 2, p += 6, q += 6) {
      const u = data[crow + (x >> 1)]!;
      const v = data[crow + (vOff - uOff) + (x >> 1)]!;
      const r = RV[v]! + CLAMP_OFFSET;
      const g = CLAMP_OFFSET - GU[u]! - GV[v]!;
      const b = BU[u]! + CLAMP_OFFSET;
      put(c, p, Y[data[r0 + x]!]!, r, g, b);
      put(c, p + 3, Y[data[r0 + x + 1]!]!, r, g, b);
      if (!second) continue;
      put(c, q, Y[data[r1 + x]!]!, r, g, b);
      put(c, q + 3, Y[data[r1 + x + 1]!]!, r, g, b);
    }
  }
  return c;
}

const converted = new WeakMap<Frame, Frame>();

/**
 * rgbOf for one camera's frames, in order, into one buffer kept between frames: a 416-wide frame's 390 kB allocated
 * fresh each detector frame cost about as much as converting it (page faults) and fed the garbage collector. The
 * previous frame's conversion is forgotten when the next one overwrites the buffer (asking again converts anew).
 */
export class RgbScratch {
  private buffer = new Uint8Array(0);
  private owner: Frame | undefined;

  of(frame: Frame): Frame {
    return convertOnce(frame, () => {
      if (this.owner) converted.delete(this.owner);
      this.owner = frame;
      const n = frame.width * frame.height * 3;
      if (this.buffer.length !== n) this.buffer = new Uint8Array(n);
      return this.buffer;
    });
  }
}

/** The frame as rgb24: itself when it already is, else converted once per frame object (masks applied first). */
export function rgbOf(frame: Frame): Frame {
  return convertOnce(frame, () => undefined);
}

/** The remembered conversion of a frame, or a new one into the buffer `into` gives (a fresh one when undefined). */
function convertOnce(frame: Frame, into: () => Uint8Array | undefined): Frame {
  if (frame.format === 'rgb24') return frame;
  if (frame.format !== 'yuv420p') throw new Error(`no colour in a ${frame.format} frame`);
  let rgb = converted.get(frame);
  if (!rgb) {
    rgb = { ...frame, format: 'rgb24', data: yuv420pToRgb24(frame.data, frame.width, frame.height, into()) };
    converted.set(frame, rgb);
  }
  return rgb;
}
