// Local lighting: the picture's brightness over the long-term background's, block by block, on top of the global
// ratio. Light that drifts over part of the scene (a cloud's edge, a lamp warming up, a shadow creeping) is smooth
// over tens of pixels; the long-term model follows it only with its time constant (a ramp of 1.7 levels a second
// leaves it ~35 levels behind at 20 s), so the ground around an object became static "foreground" speck by speck and
// those specks, joined to the object's blob, diluted it under the fill test before it was ever checked.

/** Block side, analysis pixels (a tenth of the 320-pixel picture: lighting is smooth over this, objects smaller). */
const BLOCK = 32;
/** Ratio histogram: 0.5..1.5 in steps of 0.01 (wider ratios are not a drift: left to the reset and the checks). */
const BINS = 100;
/** A block needs this share of its sampled pixels on ground (not foreground) to measure its light; else 1. */
const MIN_GROUND = 0.25;
/** Measured once a second: a drift is slow by definition (sudden changes are the global gain's and the checks'). */
const EVERY_MS = 1000;

export class LocalLight {
  /** Per pixel: the local factor to multiply the (globally relit) background by; 1 where unmeasured. */
  factor = new Float32Array(0);
  private blockOf = new Uint16Array(0);
  private hist = new Uint32Array(0);
  private counts = new Uint32Array(0);
  private gains = new Float32Array(0);
  private sampled = new Uint32Array(0);
  private width = 0;
  private lastT = Number.NEGATIVE_INFINITY;

  reset(width: number, height: number): void {
    this.width = width;
    this.lastT = Number.NEGATIVE_INFINITY;
    const bw = Math.ceil(width / BLOCK);
    const blocks = bw * Math.ceil(height / BLOCK);
    this.blockOf = new Uint16Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) this.blockOf[y * width + x] = Math.floor(y / BLOCK) * bw + Math.floor(x / BLOCK);
    }
    this.factor = new Float32Array(width * height).fill(1);
    this.hist = new Uint32Array(blocks * BINS);
    this.counts = new Uint32Array(blocks);
    this.sampled = new Uint32Array(blocks);
    this.gains = new Float32Array(blocks).fill(1);
  }

  /**
   * Median, per block, of picture / (background × global gain) over the ground's pixels (not foreground): the
   * median, so that an object still under the threshold or a person not yet foreground does not pull it.
   */
  measure(gray: Uint8Array, long: Float32Array, gain: number, fg: Uint8Array, t: number): void {
    if (t - this.lastT < EVERY_MS) return;
    this.lastT = t;
    const { hist, counts, sampled, blockOf, gains, factor, width } = this;
    hist.fill(0);
    counts.fill(0);
    sampled.fill(0);
    // Every 2nd pixel of every 2nd row: ~250 samples a block is plenty for a median.
    for (let row = 0; row < gray.length; row += 2 * width) {
      for (let i = row; i < row + width; i += 2) {
        const b = blockOf[i]!;
        sampled[b]!++;
        if (fg[i]) continue;
        const k = ((gray[i]! / Math.max(1, long[i]! * gain) - 0.5) * BINS + 0.5) | 0;
        if (k < 0 || k >= BINS) continue;
        hist[b * BINS + k]!++;
        counts[b]!++;
      }
    }
    for (let b = 0; b < gains.length; b++) {
      const n = counts[b]!;
      if (n < MIN_GROUND * sampled[b]!) {
        gains[b] = 1;
        continue;
      }
      let k = 0;
      for (let acc = hist[b * BINS]!; acc * 2 < n; acc += hist[b * BINS + ++k]!);
      gains[b] = 0.5 + k / BINS;
    }
    for (let i = 0; i < factor.length; i++) factor[i] = gains[blockOf[i]!]!;
  }
}
