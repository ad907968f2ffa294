// Times of live frames. A live decoder hands frames over in bursts (the first ~2 s of a stream within a few ms, then
// gaps of 5 to 400 ms around a 200 ms period), so arrival times make a jittery clock: anything that measures speed
// between frames (unusual situations, crowd flow) reads the jitter as motion. Frames are timed instead on the
// stream's nominal period, anchored on the least delayed arrival so far (a frame is never timed after it arrived, and
// late deliveries do not shake the clock); when the clock falls behind the wall clock by more than a real gap (a
// reconnection, a camera sending fewer frames than it says) it is re-anchored to the arrival.
/** The frame period to time by: the analysis rate when it samples, else the source's rate when it is plausible. */
export function nominalPeriodMs(sourceFps: number, fps?: number): number | undefined {
  const plausible = sourceFps > 0 && sourceFps <= 120 ? sourceFps : undefined;
  const rate = fps !== undefined && (plausible === undefined || fps < plausible) ? fps : plausible;
  return rate ? 1000 / rate : undefined;
}

export class LiveClock {
  private anchor: number | undefined;
  private k = 0;
  private last = -Infinity;

  constructor(
    /** Nominal time between frames; undefined: arrival times as they are. */
    private readonly periodMs: number | undefined,
    /** How far the nominal clock may drift from the wall clock before it is re-anchored. */
    private readonly resyncMs = 2_000,
  ) {}

  /** The time of the frame that arrived now (ms, never going backwards, never after its arrival). */
  stamp(arrivalMs: number): number {
    let t = arrivalMs;
    if (this.periodMs !== undefined) {
      const k = this.k++;
      const offset = arrivalMs - k * this.periodMs;
      if (this.anchor === undefined || offset < this.anchor) this.anchor = offset;
      t = this.anchor + k * this.periodMs;
      if (arrivalMs - t > this.resyncMs) {
        this.anchor = offset;
        t = arrivalMs;
      }
    }
    t = Math.max(t, this.last + 1);
    this.last = t;
    return t;
  }
}
