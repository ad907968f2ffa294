// Turns normalised mask polygons into a per-size pixel mask: a bitmap plus row spans for a fast, memset-like fill.
import type { MaskPolygon } from './mask-polygon.js';

export interface MaskRaster {
  width: number;
  height: number;
  /** 1 where the pixel is masked, row-major. */
  bits: Uint8Array;
  /** [start, end) pixel-index pairs of masked runs, row by row. */
  spans: Int32Array;
  maskedPixels: number;
}

/** Even-odd scanline fill at pixel centres of one polygon into `bits` (OR-ed: several polygons make a union). */
function fillPolygon(bits: Uint8Array, width: number, height: number, m: MaskPolygon): void {
  const xs = m.points.map((p) => p[0] * width);
  const ys = m.points.map((p) => p[1] * height);
  const n = xs.length;
  const cross: number[] = [];
  const yMin = Math.max(0, Math.floor(Math.min(...ys)));
  const yMax = Math.min(height - 1, Math.ceil(Math.max(...ys)));
  for (let y = yMin; y <= yMax; y++) {
    const cy = y + 0.5;
    cross.length = 0;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const y1 = ys[j]!;
      const y2 = ys[i]!;
      // Half-open rule (y1 <= cy < y2): a vertex exactly on the scanline is counted once, not twice.
      if (y1 <= cy === y2 <= cy) continue;
      cross.push(xs[j]! + ((cy - y1) * (xs[i]! - xs[j]!)) / (y2 - y1));
    }
    cross.sort((a, b) => a - b);
    for (let k = 0; k + 1 < cross.length; k += 2) {
      const x0 = Math.max(0, Math.ceil(cross[k]! - 0.5));
      const x1 = Math.min(width - 1, Math.floor(cross[k + 1]! - 0.5));
      if (x1 >= x0) bits.fill(1, y * width + x0, y * width + x1 + 1);
    }
  }
}

/** Grows the mask by `r` pixels (square): a pixel only partly inside a private area is masked too. */
function dilate(bits: Uint8Array, width: number, height: number, r: number): Uint8Array {
  if (r <= 0) return bits;
  const rows = new Uint8Array(bits.length);
  for (let y = 0; y < height; y++) {
    const o = y * width;
    for (let x = 0; x < width; x++) {
      if (!bits[o + x]) continue;
      rows.fill(1, o + Math.max(0, x - r), o + Math.min(width, x + r + 1));
    }
  }
  const out = new Uint8Array(bits.length);
  for (let y = 0; y < height; y++) {
    const lo = Math.max(0, y - r);
    const hi = Math.min(height - 1, y + r);
    for (let x = 0; x < width; x++) {
      for (let yy = lo; yy <= hi; yy++) {
        if (rows[yy * width + x]) {
          out[y * width + x] = 1;
          break;
        }
      }
    }
  }
  return out;
}

function toSpans(bits: Uint8Array, width: number, height: number): Int32Array {
  const spans: number[] = [];
  for (let y = 0; y < height; y++) {
    const o = y * width;
    let x = 0;
    while (x < width) {
      if (!bits[o + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < width && bits[o + x]) x++;
      spans.push(o + start, o + x);
    }
  }
  return Int32Array.from(spans);
}

/** Rasterises the union of polygons at a frame size; `marginPx` errs on the side of masking at the edges. */
export function rasteriseMasks(
  polygons: readonly MaskPolygon[],
  width: number,
  height: number,
  marginPx = 1,
): MaskRaster {
  let bits: Uint8Array = new Uint8Array(width * height);
  for (const m of polygons) fillPolygon(bits, width, height, m);
  bits = dilate(bits, width, height, marginPx);
  const spans = toSpans(bits, width, height);
  let maskedPixels = 0;
  for (let i = 0; i < spans.length; i += 2) maskedPixels += spans[i + 1]! - spans[i]!;
  return { width, height, bits, spans, maskedPixels };
}
