// Normalised cross-correlation of two edge maps, unshifted and over a window of shifts (exhaustive, small maps).

export interface ShiftMatch {
  /** Content of `cur` at (x, y) matches `ref` at (x + dx, y + dy), in map pixels. */
  dx: number;
  dy: number;
  /** Pearson correlation over the overlap, -1..1 (0 when either side is flat). */
  score: number;
}

/** Correlation of cur against ref shifted by (dx, dy), over their overlap only. */
export function nccAt(ref: Float32Array, cur: Float32Array, w: number, h: number, dx: number, dy: number): number {
  const x0 = Math.max(0, -dx);
  const x1 = Math.min(w, w - dx);
  const y0 = Math.max(0, -dy);
  const y1 = Math.min(h, h - dy);
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let y = y0; y < y1; y++) {
    const rc = y * w;
    const rr = (y + dy) * w + dx;
    for (let x = x0; x < x1; x++) {
      const a = cur[rc + x]!;
      const b = ref[rr + x]!;
      sa += a;
      sb += b;
      saa += a * a;
      sbb += b * b;
      sab += a * b;
    }
  }
  const n = (x1 - x0) * (y1 - y0);
  if (n <= 0) return 0;
  const va = saa - (sa * sa) / n;
  const vb = sbb - (sb * sb) / n;
  // A flat map (covered lens) has no structure to compare: no similarity rather than NaN.
  if (va <= 1e-6 * n || vb <= 1e-6 * n) return 0;
  return (sab - (sa * sb) / n) / Math.sqrt(va * vb);
}

/** Best-scoring shift within ±maxDx, ±maxDy (ties keep the smaller shift). */
export function bestShift(
  ref: Float32Array,
  cur: Float32Array,
  w: number,
  h: number,
  maxDx: number,
  maxDy: number,
): ShiftMatch {
  let best: ShiftMatch = { dx: 0, dy: 0, score: nccAt(ref, cur, w, h, 0, 0) };
  for (let dy = -maxDy; dy <= maxDy; dy++) {
    for (let dx = -maxDx; dx <= maxDx; dx++) {
      if (dx === 0 && dy === 0) continue;
      const score = nccAt(ref, cur, w, h, dx, dy);
      if (score > best.score) best = { dx, dy, score };
    }
  }
  return best;
}
