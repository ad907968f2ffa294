// Turns per-frame scores into a steadier signal and an alarm: one noisy frame must not page an operator.

/** Causal mean of the raw scores of the last `windowMs` (current frame included). */
export class ScoreSmoother {
  private recent: { ptsMs: number; raw: number }[] = [];

  constructor(private readonly windowMs: number) {}

  push(ptsMs: number, raw: number): number {
    this.recent.push({ ptsMs, raw });
    while (this.recent.length > 1 && ptsMs - this.recent[0]!.ptsMs >= this.windowMs) this.recent.shift();
    return this.recent.reduce((s, r) => s + r.raw, 0) / this.recent.length;
  }

  reset(): void {
    this.recent = [];
  }
}

/**
 * An alarm is a smoothed score above the threshold on consecutive frames spanning at least `sustainMs`;
 * it ends on the first frame back under the threshold.
 */
export class SustainedAlarm {
  private since: number | undefined;
  active = false;

  constructor(private readonly sustainMs: number) {}

  /** Returns true on the frame where an alarm starts. */
  push(ptsMs: number, above: boolean): boolean {
    if (!above) {
      this.since = undefined;
      this.active = false;
      return false;
    }
    this.since ??= ptsMs;
    if (this.active || ptsMs - this.since < this.sustainMs) return false;
    this.active = true;
    return true;
  }

  reset(): void {
    this.since = undefined;
    this.active = false;
  }
}
