// What is usual per cell: a high quantile of each feature over the learning frames, shrunk toward its row band's
// value where the cell saw little motion (so a rarely crossed lawn is judged by perspective, not left noisy).

/** One learning frame's features: speed for every cell, then occupancy for every cell. */
export type FeatureRow = Float32Array;

export interface ReferenceOptions {
  speedQuantile: number;
  occupancyQuantile: number;
  /** The prior weighs as much as `priorTail / (1 - quantile)` samples of the cell (0.3: 30 for q 0.99). */
  priorTail: number;
  /** The prior is this share of the cell's band of rows' quantile (under 1: where little moved, less is unusual). */
  priorShare: number;
}

export interface References {
  /** speed refs for every cell, then occupancy refs. */
  value: Float32Array;
  /** How many learning frames measured something in each cell (same layout). */
  samples: Uint32Array;
}

export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** References from the rows for which `use(i)` holds (all by default; the calibration leaves a block out). */
export function learnReferences(
  rows: FeatureRow[],
  cells: number,
  cols: number,
  o: ReferenceOptions,
  use: (i: number) => boolean = () => true,
): References {
  const per: number[][] = Array.from({ length: 2 * cells }, () => []);
  rows.forEach((r, i) => {
    if (!use(i)) return;
    for (let k = 0; k < 2 * cells; k++) if (r[k]! > 0) per[k]!.push(r[k]!);
  });
  const value = new Float32Array(2 * cells);
  const samples = new Uint32Array(2 * cells);
  for (const [part, q] of [
    [0, o.speedQuantile],
    [1, o.occupancyQuantile],
  ] as const) {
    const slice = per.slice(part * cells, (part + 1) * cells);
    const floor = part === 0 ? 1 : 0.01; // nothing moved at all while learning: judged against a tiny floor
    const global = Math.max(quantile(Float64Array.from(slice.flat()).sort(), q), floor);
    const bands = bandPriors(slice, cols, q, global);
    slice.forEach((v, c) => {
      const n = v.length;
      const local = n ? quantile(Float64Array.from(v).sort(), q) : 0;
      const prior = bands[Math.floor(c / cols)]! * o.priorShare;
      // A q-quantile is reliable from about 1/(1-q) samples: rarer quantiles lean on the prior for longer.
      const k = o.priorTail / (1 - q);
      value[part * cells + c] = (n * local + k * prior) / (n + k);
      samples[part * cells + c] = n;
    });
  }
  return { value, samples };
}

/** Minimum samples for a band of rows to speak for its cells. */
const BAND_MIN_SAMPLES = 50;

// The prior of a cell depends on its row only: at the same distance from the camera objects look alike in size and
// pixel speed. Rows with enough samples give a quantile each; a straight line through them (a ground plane seen in
// perspective) extrapolates to rows nobody crossed while learning, e.g. people walking nearer the camera.
function bandPriors(slice: number[][], cols: number, q: number, global: number): number[] {
  const rows = slice.length / cols;
  const pts: { y: number; v: number; w: number }[] = [];
  for (let r = 0; r < rows; r++) {
    const pooled: number[] = [];
    for (let y = Math.max(0, r - 1); y <= Math.min(rows - 1, r + 1); y++) {
      for (let x = 0; x < cols; x++) pooled.push(...slice[y * cols + x]!);
    }
    if (pooled.length >= BAND_MIN_SAMPLES) {
      pts.push({ y: r, v: quantile(Float64Array.from(pooled).sort(), q), w: Math.sqrt(pooled.length) });
    }
  }
  if (pts.length < 3) return Array.from({ length: rows }, () => global);
  const line = weightedLine(pts);
  const lo = Math.min(...pts.map((p) => p.v));
  // Never under the smallest band seen (a line sloping down must not make far rows hair-trigger).
  return Array.from({ length: rows }, (_, r) => Math.max(line.a + line.b * r, lo));
}

function weightedLine(pts: { y: number; v: number; w: number }[]): { a: number; b: number } {
  let sw = 0;
  let sy = 0;
  let sv = 0;
  for (const p of pts) {
    sw += p.w;
    sy += p.w * p.y;
    sv += p.w * p.v;
  }
  const my = sy / sw;
  const mv = sv / sw;
  let num = 0;
  let den = 0;
  for (const p of pts) {
    num += p.w * (p.y - my) * (p.v - mv);
    den += p.w * (p.y - my) ** 2;
  }
  const b = den > 0 ? num / den : 0;
  return { a: mv - b * my, b };
}
