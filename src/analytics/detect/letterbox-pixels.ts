// Letterboxes an RGB24 frame into the uint8 NHWC RGB input of a converted detector (onnx/pixel-input.ts): at scale 1
// (a frame decoded at the detector's width, a crop) each row is one copy; otherwise the same bilinear taps as the
// float letterbox, rounded to bytes.
import { lerp2, resampleTaps, stageColumns } from './letterbox.js';
import { type InputShape, type Letterbox, letterboxGeometry, PAD_PIXEL, type RgbFrameLike } from './preprocess.js';

const ROW_BYTES = 3 * 8192;
// Staged source rows: see letterbox.ts (V8 reads a module-level typed array faster than a frame's).
const ROWS = new Uint8Array(2 * ROW_BYTES);

function resample(frame: RgbFrameLike, t: Letterbox, w: number, h: number, out: Uint8Array): void {
  const { width, height, data } = frame;
  const { x0, fxs, y0, fys, dx, dy } = resampleTaps(width, height, t.scale, w, h);
  for (let y = 0; y < h; y++) {
    const row0 = y0[y]!;
    const fy = fys[y]!;
    const o = ((y + t.padY) * t.inputWidth + t.padX) * 3;
    for (let xa = 0, xb = 0; xa < w; xa = xb) {
      const base = x0[xa]!;
      xb = stageColumns(data, width, x0, xa, w, row0, dx, dy, ROWS);
      for (let x = xa; x < xb; x++) {
        const p0 = x0[x]! - base;
        const p2 = p0 + ROW_BYTES;
        const fx = fxs[x]!;
        const q = o + 3 * x;
        // + 0.5 and truncation: rounding, as the values are never negative.
        out[q] = lerp2(ROWS, p0, p0 + dx, p2, p2 + dx, fx, fy) + 0.5;
        out[q + 1] = lerp2(ROWS, p0 + 1, p0 + dx + 1, p2 + 1, p2 + dx + 1, fx, fy) + 0.5;
        out[q + 2] = lerp2(ROWS, p0 + 2, p0 + dx + 2, p2 + 2, p2 + dx + 2, fx, fy) + 0.5;
      }
    }
  }
}

/** The frame in the model input's pixels (grey borders), NHWC RGB. `out` is reused when given. */
export function letterboxPixels(
  frame: RgbFrameLike,
  input: number | InputShape,
  out?: Uint8Array,
): { tensor: Uint8Array; transform: Letterbox } {
  const { width, height, data } = frame;
  const { t, w, h } = letterboxGeometry(frame, input);
  const { inputWidth: inputW, inputHeight: inputH } = t;
  out ??= new Uint8Array(3 * inputW * inputH);
  const rowBytes = 3 * inputW;
  // Only the borders get the pad grey.
  out.fill(PAD_PIXEL, 0, t.padY * rowBytes);
  out.fill(PAD_PIXEL, (t.padY + h) * rowBytes);
  if (w < inputW) {
    for (let y = t.padY; y < t.padY + h; y++) {
      out.fill(PAD_PIXEL, y * rowBytes, y * rowBytes + 3 * t.padX);
      out.fill(PAD_PIXEL, y * rowBytes + 3 * (t.padX + w), (y + 1) * rowBytes);
    }
  }
  if (t.scale !== 1) resample(frame, t, w, h, out);
  else if (w === inputW) out.set(data.subarray(0, 3 * width * height), t.padY * rowBytes);
  else {
    for (let y = 0; y < h; y++) {
      out.set(data.subarray(3 * y * width, 3 * (y + 1) * width), (y + t.padY) * rowBytes + 3 * t.padX);
    }
  }
  return { tensor: out, transform: t };
}
