// Interval arithmetic of the availability report: the unavailable time of a camera is the UNION of its offline and
// tampered intervals (a camera both offline and covered is down once, not twice), clipped to each period.

export interface Span {
  fromMs: number;
  toMs: number;
}

/** Sorted, non-overlapping spans covering the same time as `spans` (open ones, toMs null, end at `openEndMs`). */
export function union(spans: ReadonlyArray<{ fromMs: number; toMs: number | null }>, openEndMs: number): Span[] {
  const s = spans
    .map((x) => ({ fromMs: x.fromMs, toMs: x.toMs ?? Math.max(openEndMs, x.fromMs) }))
    .filter((x) => x.toMs > x.fromMs)
    .sort((p, q) => p.fromMs - q.fromMs);
  const out: Span[] = [];
  for (const x of s) {
    const last = out[out.length - 1];
    if (last && x.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, x.toMs);
    else out.push({ ...x });
  }
  return out;
}

/**
 * For each window (sorted, non-overlapping), how many ms of the sorted disjoint `spans` fall in it: one sweep,
 * so a camera's three years of outages against a thousand days costs their sum, not their product.
 */
export function coveredMs(spans: readonly Span[], windows: readonly Span[]): number[] {
  const out = new Array<number>(windows.length).fill(0);
  let i = 0;
  for (let w = 0; w < windows.length; w++) {
    const win = windows[w]!;
    while (i < spans.length && spans[i]!.toMs <= win.fromMs) i++;
    for (let j = i; j < spans.length && spans[j]!.fromMs < win.toMs; j++) {
      const a = Math.max(spans[j]!.fromMs, win.fromMs);
      const b = Math.min(spans[j]!.toMs, win.toMs);
      if (b > a) out[w]! += b - a;
    }
  }
  return out;
}
