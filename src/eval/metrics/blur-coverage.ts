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

/**
 * Each cell's mean gray level (edge cells over their part of the picture) and the standard deviation of its inner
 * part, away from the codec's ringing at the cell's edges (a sliver too thin to judge: NaN).
 */
export function cellStats(gray: Uint8Array, width: number, height: number, g: Cells) {
  const means = new Float32Array(g.cols * g.rows);
  const stds = new Float32Array(g.cols * g.rows);
  const inset = Math.max(1, Math.floor(g.cellPx / 5));
  for (let r = 0; r < g.rows; r++) {
    for (let c = 0; c < g.cols; c++) {
      const [cx0, cy0] = [c * g.cellPx, r * g.cellPx];
      const [cx1, cy1] = [Math.min(width, cx0 + g.cellPx), Math.min(height, cy0 + g.cellPx)];
      let all = 0;
      let s = 0;
      let s2 = 0;
      for (let y = cy0; y < cy1; y++)
        for (let x = cx0; x < cx1; x++) {
          const v = gray[y * width + x]!;
          all += v;
          if (x < cx0 + inset || x >= cx1 - inset || y < cy0 + inset || y >= cy1 - inset) continue;
          s += v;
          s2 += v * v;
        }
      const i = r * g.cols + c;
      means[i] = all / ((cx1 - cx0) * (cy1 - cy0));
      const n = (cx1 - cx0 - 2 * inset) * (cy1 - cy0 - 2 * inset);
      stds[i] = n > 0 ? Math.sqrt(Math.max(0, s2 / n - (s / n) ** 2)) : Number.NaN;
    }
  }
  return { means, stds };
}

/**
 * 1 for each cell of a received picture that is pixelated: flat but for the codec's noise, judged against the same
 * cell of the clear source frame (a cell keeps most of its texture through the codecs when it is not pixelated):
 * its deviation at most `floor` gray levels, or at most `ratio` of the source's. A cell flat in the source too counts
 * as hidden (there is nothing to hide in it); `sourceFlatShare` in the report says how many there are.
 */
export function pixelatedCells(stds: Float32Array, sourceStds: Float32Array, floor = 1.5, ratio = 0.3): Uint8Array {
  const out = new Uint8Array(stds.length);
  for (let i = 0; i < stds.length; i++) {
    const s = stds[i]!;
    out[i] = s <= floor || s <= ratio * sourceStds[i]! ? 1 : 0;
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
