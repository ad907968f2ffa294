// Per-camera counters of the analysis pool: what came in, what was analysed, what was dropped, and how long it took.

export interface CameraStats {
  cameraId: string;
  received: number;
  analysed: number;
  dropped: number;
  failed: number;
  /** Mean analysis time over the last frames (exponential average, ~20 frames), measured inside the worker. */
  msPerFrame: number;
  /** Mean of every analysis time since the camera was added. */
  msPerFrameMean: number;
  /** Frames waiting now, and the most ever waiting (bounded by the queue capacity). */
  queued: number;
  queueHighWater: number;
  /** Which worker runs this camera's pipeline. */
  worker: number;
  /** What the pipeline said it runs when it opened (its describe()), if it says. */
  pipeline?: unknown;
}

const ALPHA = 0.05;

export class StatsCounter {
  analysed = 0;
  failed = 0;
  private ewma = 0;
  private total = 0;

  record(ms: number, ok: boolean): void {
    if (ok) this.analysed++;
    else this.failed++;
    const n = this.analysed + this.failed;
    this.total += ms;
    // The first sample seeds the average so early readings are not biased towards 0.
    this.ewma = n === 1 ? ms : this.ewma + ALPHA * (ms - this.ewma);
  }

  get msPerFrame(): number {
    return this.ewma;
  }

  get msPerFrameMean(): number {
    const n = this.analysed + this.failed;
    return n === 0 ? 0 : this.total / n;
  }
}
