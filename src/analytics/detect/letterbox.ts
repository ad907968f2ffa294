// Letterboxes an RGB24 frame into the (square or frame-shaped) NCHW float32 tensor the detector reads.
import {
  type InputShape,
  type Letterbox,
  letterboxGeometry,
  NANODET_NORMALISATION,
  type Normalisation,
  PAD_PIXEL,
  type RgbFrameLike,
} from './preprocess.js';

/**
 * Half-pixel bilinear taps along one axis: lower source offset (index * stride) and the upper neighbour's weight. The
 * upper neighbour is always the next source pixel: at the clamped far edge the lower one steps back with weight 1,
 * which gives exactly the same value, so no second offset table is read per pixel.
 */
interface Taps {
  i0: Int32Array;
  f: Float64Array;
}

function taps(n: number, srcN: number, step: number, stride: number): Taps {
  const t = { i0: new Int32Array(n), f: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const v = Math.min(Math.max((i + 0.5) * step - 0.5, 0), srcN - 1);
    const i0 = Math.min(Math.floor(v), Math.max(srcN - 2, 0));
    t.i0[i] = i0 * stride;
    t.f[i] = v - i0;
  }
  return t;
}

// Taps depend only on the frame size and scale: computed once per size pair, not per frame.
const tapCache = new Map<string, { xs: Taps; ys: Taps }>();

/** Per model channel: its byte within a source pixel, and value = pixel * mul + add. */
interface Channels {
  src: [number, number, number];
  mul: [number, number, number];
  add: [number, number, number];
}

/** Bilinear blend of four source bytes (each read once: repeated typed-array reads are not merged by V8). */
export function lerp2(d: Uint8Array, p0: number, p1: number, p2: number, p3: number, fx: number, fy: number): number {
  const a = d[p0]!;
  const b = d[p1]!;
  const c = d[p2]!;
  const e = d[p3]!;
  const top = a + (b - a) * fx;
  return top + (c + (e - c) * fx - top) * fy;
}

// Source rows are staged here: V8 folds a module-level typed array's base and length into the code, where reading a
// frame's array costs two extra loads per read (about a quarter of the inner loop).
const ROW_BYTES = 3 * 8192;
const ROWS = new Uint8Array(2 * ROW_BYTES);

/**
 * Stages into `rows` (two halves: the upper and lower source row) the bytes that output columns [xa, xb) read, and
 * returns xb: the whole row unless the frame is wider than a half. Offsets in `rows` are then x0[x] - x0[xa].
 */
export function stageColumns(
  data: Uint8Array,
  width: number,
  x0: Int32Array,
  xa: number,
  w: number,
  row0: number,
  dx: number,
  dy: number,
  rows: Uint8Array,
): number {
  const half = rows.length >> 1;
  const base = x0[xa]!;
  let xb = width * 3 <= half ? w : xa + 1;
  while (xb < w && x0[xb]! + dx + 3 - base <= half) xb++;
  const span = x0[xb - 1]! + dx + 3 - base;
  rows.set(data.subarray(row0 + base, row0 + base + span));
  rows.set(data.subarray(row0 + dy + base, row0 + dy + base + span), half);
  return xb;
}

/** Bilinear taps of an rgb24 frame resized by `scale` to w x h, and the byte offsets of the next pixel and row. */
export interface ResampleTaps {
  x0: Int32Array;
  fxs: Float64Array;
  y0: Int32Array;
  fys: Float64Array;
  dx: number;
  dy: number;
}

export function resampleTaps(width: number, height: number, scale: number, w: number, h: number): ResampleTaps {
  const key = `${width}x${height}@${scale}`;
  let tp = tapCache.get(key);
  if (!tp) {
    if (tapCache.size >= 16) tapCache.clear();
    tp = { xs: taps(w, width, 1 / scale, 3), ys: taps(h, height, 1 / scale, width * 3) };
    tapCache.set(key, tp);
  }
  // A 1-pixel-wide (or high) frame has no next pixel; its weight is 0 there, so the tap reads the same pixel.
  const [dx, dy] = [width > 1 ? 3 : 0, height > 1 ? width * 3 : 0];
  return { x0: tp.xs.i0, fxs: tp.xs.f, y0: tp.ys.i0, fys: tp.ys.f, dx, dy };
}

function resample(frame: RgbFrameLike, t: Letterbox, w: number, h: number, ch: Channels, out: Float32Array): void {
  const { width, height, data } = frame;
  const { inputWidth: inputW, scale, padX, padY } = t;
  const { x0, fxs, y0, fys, dx, dy } = resampleTaps(width, height, scale, w, h);
  const [r0, r1, r2] = ch.src;
  const [m0, m1, m2] = ch.mul;
  const [a0, a1, a2] = ch.add;
  const plane = inputW * t.inputHeight;
  for (let y = 0; y < h; y++) {
    const row0 = y0[y]!;
    const fy = fys[y]!;
    const o = (y + padY) * inputW + padX;
    for (let xa = 0, xb = 0; xa < w; xa = xb) {
      const base = x0[xa]!;
      xb = stageColumns(data, width, x0, xa, w, row0, dx, dy, ROWS);
      for (let x = xa; x < xb; x++) {
        const p0 = x0[x]! - base;
        const p1 = p0 + dx;
        const p2 = p0 + ROW_BYTES;
        const p3 = p2 + dx;
        const fx = fxs[x]!;
        out[o + x] = lerp2(ROWS, p0 + r0, p1 + r0, p2 + r0, p3 + r0, fx, fy) * m0 + a0;
        out[plane + o + x] = lerp2(ROWS, p0 + r1, p1 + r1, p2 + r1, p3 + r1, fx, fy) * m1 + a1;
        out[2 * plane + o + x] = lerp2(ROWS, p0 + r2, p1 + r2, p2 + r2, p3 + r2, fx, fy) * m2 + a2;
      }
    }
  }
}

/** Scale exactly 1: the old taps' weights are exactly 0 and 1 there, so a plain copy is bit-identical to them. */
function copy(frame: RgbFrameLike, t: Letterbox, ch: Channels, out: Float32Array): void {
  const { width, height, data } = frame;
  const { inputWidth: inputW, padX, padY } = t;
  for (let c = 0; c < 3; c++) {
    const m = ch.mul[c]!;
    const a = ch.add[c]!;
    for (let y = 0; y < height; y++) {
      const o = c * inputW * t.inputHeight + (y + padY) * inputW + padX;
      for (let x = 0, p = y * width * 3 + ch.src[c]!; x < width; x++, p += 3) out[o + x] = data[p]! * m + a;
    }
  }
}

/** Bilinear (half-pixel) resize into the letterbox, normalised, NCHW. `out` is reused when given. */
export function letterbox(
  frame: RgbFrameLike,
  input: number | InputShape,
  norm: Normalisation = NANODET_NORMALISATION,
  out?: Float32Array,
): { tensor: Float32Array; transform: Letterbox } {
  const { t, w, h } = letterboxGeometry(frame, input);
  const { inputWidth: inputW, inputHeight: inputH } = t;
  out ??= new Float32Array(3 * inputW * inputH);
  const mul = norm.std.map((s) => 1 / s) as Channels['mul'];
  const add = mul.map((m, c) => -norm.mean[c]! * m) as Channels['add'];
  const ch: Channels = { src: norm.order === 'rgb' ? [0, 1, 2] : [2, 1, 0], mul, add };
  // Only the borders get the pad value (the old code filled everything, then overwrote the image area).
  for (let c = 0, plane = inputW * inputH; c < 3; c++) {
    const v = PAD_PIXEL * mul[c]! + add[c]!;
    const top = c * plane + t.padY * inputW;
    out.fill(v, c * plane, top);
    out.fill(v, top + h * inputW, (c + 1) * plane);
    for (let y = 0, o = top; y < h && w < inputW; y++, o += inputW) {
      out.fill(v, o, o + t.padX);
      out.fill(v, o + t.padX + w, o + inputW);
    }
  }
  if (t.scale === 1) copy(frame, t, ch, out);
  else resample(frame, t, w, h, ch, out);
  return { tensor: out, transform: t };
}
