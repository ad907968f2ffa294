// What the camera usually shows, learned continuously with fading memory: speed per grid cell (log scale),
// the radial score of the scene, and the directions seen in each block of cells.
import { DIRECTIONS, type FieldStats } from './field-analysis.js';
import { FadingHistogram } from './histogram.js';

// Log speed range, analysis px/s: 0.1 (a crawl at 5 fps) to 2000 (across a 160 px frame in 80 ms).
const LOG_LO = Math.log(0.1);
const LOG_HI = Math.log(2000);
/** Pixel samples a cell needs before its own usual speed replaces the scene's. */
const CELL_MIN_SAMPLES = 300;

export class UsualMotion {
  readonly cellSpeed: FadingHistogram[];
  readonly sceneSpeed = new FadingHistogram(LOG_LO, LOG_HI, 80);
  readonly radial = new FadingHistogram(-1, 1, 40);
  readonly blockDirs: FadingHistogram[];
  /** Milliseconds of moving footage learned so far (not faded: it gates the warm-up). */
  learnedMs = 0;

  constructor(
    cells: number,
    blocks: number,
    private readonly tauMs: number,
  ) {
    this.cellSpeed = Array.from({ length: cells }, () => new FadingHistogram(LOG_LO, LOG_HI, 80));
    this.blockDirs = Array.from({ length: blocks }, () => new FadingHistogram(0, DIRECTIONS, DIRECTIONS));
  }

  /** Median log speed per cell (the scene's where a cell has seen too little; NaN before any learning). */
  usualLogs(): Float64Array {
    const scene = this.sceneSpeed.quantile(0.5);
    return Float64Array.from(this.cellSpeed, (h) => (h.total >= CELL_MIN_SAMPLES ? h.quantile(0.5) : scene));
  }

  learn(s: FieldStats, radialScore: number | undefined, blockDirs: Float64Array[], dtMs: number): void {
    const f = Math.exp(-dtMs / this.tauMs);
    for (const h of [...this.cellSpeed, this.sceneSpeed, this.radial, ...this.blockDirs]) h.fade(f);
    for (let k = 0; k < s.moving; k++) {
      this.cellSpeed[s.movingCell[k]!]!.add(s.movingLog[k]!);
      this.sceneSpeed.add(s.movingLog[k]!);
    }
    if (radialScore !== undefined) this.radial.add(radialScore);
    blockDirs.forEach((d, b) => {
      for (let k = 0; k < d.length; k++) if (d[k]! > 0) this.blockDirs[b]!.add(k + 0.5, d[k]!);
    });
    this.learnedMs += dtMs;
  }
}
