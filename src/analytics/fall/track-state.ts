// What the ground detector remembers of one person track: its own standing shape, its recent box tops (for the
// fall), and the lying episode in progress.
import type { Box } from '../geometry/box.js';

export interface TopSample {
  tMs: number;
  top: number;
  height: number;
}

export interface Lying {
  /** First frame that looked lying. */
  since: number;
  /** Where the current still stretch began, and when. */
  anchorX: number;
  anchorY: number;
  stillSince: number;
  fallSeen: boolean;
  /** First frame of the current run of upright-looking frames (undefined while still lying). */
  upSince?: number;
  /** Raised situation, once still long enough. */
  situationId?: string;
  score: number;
  aspect: number;
  refAspect: number;
}

export class GroundTrack {
  upAspect = 0;
  upHeight = 0;
  upSamples = 0;
  lastSeenMs: number;
  box: Box;
  readonly tops: TopSample[] = [];
  lying: Lying | undefined;

  constructor(
    readonly id: number,
    box: readonly number[],
    tMs: number,
  ) {
    this.box = [box[0]!, box[1]!, box[2]!, box[3]!];
    this.lastSeenMs = tMs;
  }

  /** Learns the track's own upright shape (a running mean that follows a person walking nearer or farther). */
  learnUpright(box: Box): void {
    const a = this.upSamples < 5 ? 1 / (this.upSamples + 1) : 0.2;
    this.upAspect += a * (box[2] / box[3] - this.upAspect);
    this.upHeight += a * (box[3] - this.upHeight);
    this.upSamples++;
  }

  /** Keeps measured box tops of the last `windowMs`. */
  pushTop(box: Box, tMs: number, windowMs: number): void {
    this.tops.push({ tMs, top: box[1], height: box[3] });
    while (this.tops.length > 0 && this.tops[0]!.tMs < tMs - windowMs) this.tops.shift();
  }

  /** Whether the box top went down by `minDrop` standing heights within the window (the fall itself). */
  fellBy(minDrop: number, standingHeight: number): boolean {
    if (this.tops.length < 2) return false;
    const now = this.tops[this.tops.length - 1]!;
    const highest = Math.min(...this.tops.map((s) => s.top));
    const tallest = Math.max(...this.tops.map((s) => s.height));
    // Image y grows downwards: a fall moves the top down and shrinks the box.
    return now.top - highest >= minDrop * standingHeight && tallest - now.height >= minDrop * standingHeight;
  }
}
