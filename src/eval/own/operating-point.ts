// The operating-point table every own-footage report shows: one row per threshold, the camera's current setting
// marked, so an admin sees what moving it would buy and cost before changing it.

export interface OperatingRow {
  threshold: number;
  /** The camera's present setting. */
  current: boolean;
  precision: number | null;
  recall: number | null;
  /** Further figures of the row (MOTA, false-positive rate, events found…). */
  [figure: string]: number | boolean | null;
}

/** Thresholds from `low` to `high` by `step`, with the current one included, ascending and distinct. */
export function thresholdGrid(low: number, high: number, step: number, current: number): number[] {
  const out = new Set<number>([round(current)]);
  for (let t = low; t <= high + 1e-9; t += step) out.add(round(t));
  return [...out].sort((a, b) => a - b);
}

export function round(v: number, digits = 3): number {
  const k = 10 ** digits;
  return Math.round(v * k) / k;
}

/** Precision (share of what was raised that is true) and recall (share of the truth raised); null when undefined. */
export function pr(tp: number, raised: number, truth: number): { precision: number | null; recall: number | null } {
  return { precision: raised ? tp / raised : null, recall: truth ? tp / truth : null };
}
