// Letterboxes an RGB24 frame into the square NCHW float32 tensor the detector reads.

export interface RgbFrameLike {
  width: number;
  height: number;
  /** Packed RGB24, row-major, width * height * 3 bytes. */
  data: Uint8Array;
}

/** Frame → model input mapping: model = frame * scale + pad. */
export interface Letterbox {
  inputSize: number;
  scale: number;
  padX: number;
  padY: number;
}

export interface Normalisation {
  /** Channel order of the model input. */
  order: 'rgb' | 'bgr';
  /** Per model channel, in 0-255 pixel units: value = (pixel - mean) / std. */
  mean: [number, number, number];
  std: [number, number, number];
}

// Upstream NanoDet's own (BGR, ImageNet mean/std in 0-255 units); the graph has no normalisation of its own.
// The human library feeds RGB / 255 instead: on PETS09 (every 15th frame, person AP50) that scored .908 vs .923
// at 416 and .872 vs .903 at 320, so the upstream normalisation is kept.
export const NANODET_NORMALISATION: Normalisation = {
  order: 'bgr',
  mean: [103.53, 116.28, 123.675],
  std: [57.375, 57.12, 58.395],
};

// Neutral grey for the borders, as usual for letterboxed detectors.
const PAD_PIXEL = 114;

export function letterboxTransform(width: number, height: number, inputSize: number): Letterbox {
  const scale = Math.min(inputSize / width, inputSize / height);
  const padX = (inputSize - Math.round(width * scale)) / 2;
  const padY = (inputSize - Math.round(height * scale)) / 2;
  return { inputSize, scale, padX: Math.floor(padX), padY: Math.floor(padY) };
}

/** Bilinear (half-pixel) resize into the letterbox, normalised, NCHW. `out` is reused when given. */
export function letterbox(
  frame: RgbFrameLike,
  inputSize: number,
  norm: Normalisation = NANODET_NORMALISATION,
  out = new Float32Array(3 * inputSize * inputSize),
): { tensor: Float32Array; transform: Letterbox } {
  const { width, height, data } = frame;
  if (data.length < width * height * 3) throw new Error(`frame data too short for ${width}x${height} rgb24`);
  const t = letterboxTransform(width, height, inputSize);
  const plane = inputSize * inputSize;
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
    let o = (y + t.padY) * inputSize + t.padX;
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
  return { tensor: out, transform: t };
}
