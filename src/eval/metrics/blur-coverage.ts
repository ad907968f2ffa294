// Blur recall measured on the pictures a viewer received: which cells of a decoded picture are pixelated (flat), how
// much of a ground-truth box they cover, and which source frame a received picture is. Pixelation keeps each cell's
// mean, so cell means match the source frame whatever was hidden: that is how a picture is aligned to its frame.
import type { Box } from '../../analytics/geometry/box.js';

export interface Cells {
  cellPx: number;
  cols: number;
  rows: number;
}

export function cellsOf(width: number, height: number, cellPx: number): Cells {
  return { cellPx, cols: Math.ceil(width / cellPx), rows: Math.ceil(height / cellPx) };
}

/** Mean gray level of each cell (edge cells over their part of the picture). */
export function cellMeans(gray: Uint8Array, width: number, height: number, g: Cells): Float32Array {
  const out = new Float32Array(g.cols * g.rows);
  for (let r = 0; r < g.rows; r++) {
    for (let c = 0; c < g.cols; c++) {
      const x1 = Math.min(width, (c + 1) * g.cellPx);
      const y1 = Math.min(height, (r + 1) * g.cellPx);
      let s = 0;
      for (let y = r * g.cellPx; y < y1; y++) for (let x = c * g.cellPx; x < x1; x++) s += gray[y * width + x]!;
      out[r * g.cols + c] = s / ((x1 - c * g.cellPx) * (y1 - r * g.cellPx));
    }
  }
  return out;
}

/**
 * 1 for each cell that is flat: the spread (max − min) of its inner part, away from the codec's ringing at the cell's
 * edges, within `tolerance` gray levels. A pixelated cell is flat; real texture (a person, paving) is not.
 */
export function flatCells(gray: Uint8Array, width: number, height: number, g: Cells, tolerance = 6): Uint8Array {
  const out = new Uint8Array(g.cols * g.rows);
  const inset = Math.max(1, Math.floor(g.cellPx / 5));
  for (let r = 0; r < g.rows; r++) {
    for (let c = 0; c < g.cols; c++) {
      const x0 = c * g.cellPx + inset;
      const y0 = r * g.cellPx + inset;
      const x1 = Math.min(width, (c + 1) * g.cellPx) - inset;
      const y1 = Math.min(height, (r + 1) * g.cellPx) - inset;
      if (x1 <= x0 || y1 <= y0) continue; // a sliver at the edge: not judged
      let lo = 255;
      let hi = 0;
      for (let y = y0; y < y1; y++)
        for (let x = x0; x < x1; x++) {
          const v = gray[y * width + x]!;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      out[r * g.cols + c] = hi - lo <= tolerance ? 1 : 0;
    }
  }
  return out;
}

/** Share of a box's pixels (clipped to the picture) that lie in flat cells; null when the box is off the picture. */
export function boxCoverage(box: Readonly<Box>, flat: Uint8Array, g: Cells, width: number, height: number) {
  const x0 = Math.max(0, box[0]);
  const y0 = Math.max(0, box[1]);
  const x1 = Math.min(width, box[0] + box[2]);
  const y1 = Math.min(height, box[1] + box[3]);
  if (x1 <= x0 || y1 <= y0) return null;
  let covered = 0;
  for (let r = Math.floor(y0 / g.cellPx); r * g.cellPx < y1; r++) {
    for (let c = Math.floor(x0 / g.cellPx); c * g.cellPx < x1; c++) {
      if (!flat[r * g.cols + c]) continue;
      const w = Math.min(x1, (c + 1) * g.cellPx) - Math.max(x0, c * g.cellPx);
      const h = Math.min(y1, (r + 1) * g.cellPx) - Math.max(y0, r * g.cellPx);
      covered += w * h;
    }
  }
  return covered / ((x1 - x0) * (y1 - y0));
}

/** Mean absolute difference of two cell-mean vectors (gray levels). */
export function meanDiff(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / a.length;
}

/**
 * The source frame a received picture shows: the best match near `expected` (the loop wraps), or over the whole clip
 * when nothing near matches well (the first picture, a jump after dropped pictures).
 */
export function alignFrame(
  means: Float32Array,
  source: readonly Float32Array[],
  expected: number | undefined,
  window = 12,
  goodDiff = 2.5,
): { index: number; diff: number } {
  const n = source.length;
  const best = (indices: Iterable<number>) => {
    let index = -1;
    let diff = Number.POSITIVE_INFINITY;
    for (const i of indices) {
      const d = meanDiff(means, source[i]!);
      if (d < diff) [index, diff] = [i, d];
    }
    return { index, diff };
  };
  if (expected !== undefined) {
    const near = best(Array.from({ length: 2 * window + 1 }, (_, k) => (((expected - window + k) % n) + n) % n));
    if (near.diff <= goodDiff) return near;
  }
  return best(source.keys());
}
