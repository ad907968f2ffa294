// Counting accuracy: how far a per-frame count (people in view, in a zone) is from the true count.

export interface CountError {
  frames: number;
  /** Mean absolute error per frame. */
  mae: number;
  rmse: number;
  /** Mean signed error (prediction − truth): > 0 over-counts. */
  bias: number;
  /** MAE relative to the mean true count (0 when nothing was there to count). */
  relativeMae: number;
}

/** Compares counts on every frame of `truth`; a frame missing from `predicted` counts as 0. */
export function countError(predicted: ReadonlyMap<number, number>, truth: ReadonlyMap<number, number>): CountError {
  let abs = 0;
  let sq = 0;
  let signed = 0;
  let total = 0;
  for (const [frame, t] of truth) {
    const e = (predicted.get(frame) ?? 0) - t;
    abs += Math.abs(e);
    sq += e * e;
    signed += e;
    total += t;
  }
  const n = truth.size;
  if (n === 0) return { frames: 0, mae: 0, rmse: 0, bias: 0, relativeMae: 0 };
  return {
    frames: n,
    mae: abs / n,
    rmse: Math.sqrt(sq / n),
    bias: signed / n,
    relativeMae: total === 0 ? 0 : abs / total,
  };
}

/** Rows per frame, over the given frames (frames without rows count 0). */
export function countsPerFrame(rows: readonly { frame: number }[], frames: Iterable<number>): Map<number, number> {
  const out = new Map<number, number>();
  for (const f of frames) out.set(f, 0);
  for (const r of rows) if (out.has(r.frame)) out.set(r.frame, out.get(r.frame)! + 1);
  return out;
}
