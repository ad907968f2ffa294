// The last frames' flame share and energy of every block, and what a window of them says: persistence (how often
// the block holds flame), flicker (relative frame-to-frame change of the energy) and, over a region, periodicity (a
// beacon's single strong frequency, measured on a fine frequency grid with the frames' real timestamps).

const CAPACITY = 128;

/**
 * About the median share of white noise's variance that the best single sinusoid explains over n frames (measured on
 * this frequency grid: 0.85 over 6 frames, 0.5 over 13, 0.25 over 30): over few frames one sinusoid fits anything.
 */
export const chancePeriodicity = (n: number): number => Math.min(0.95, 3.3 * n ** -0.76); // > windowSeconds x fps for every allowed setting up to ~6 fps x 20 s, or 12 fps x 10 s

export interface BlockFeatures {
  persistence: number;
  flicker: number;
  /** Median over the window of the per-pixel flame-luminance change (see BlockMeasure.change). */
  pixelFlicker: number;
  meanEnergy: number;
}

export class BlockSeries {
  private readonly times = new Float64Array(CAPACITY);
  private readonly share: Float32Array;
  private readonly energy: Float32Array;
  private readonly change: Float32Array;
  private head = 0; // next slot
  private count = 0;

  constructor(private readonly blocks: number) {
    this.share = new Float32Array(CAPACITY * blocks);
    this.energy = new Float32Array(CAPACITY * blocks);
    this.change = new Float32Array(CAPACITY * blocks);
  }

  push(tMs: number, share: Float32Array, energy: Float32Array, change: Float32Array): void {
    this.times[this.head] = tMs;
    this.change.set(change, this.head * this.blocks);
    this.share.set(share, this.head * this.blocks);
    this.energy.set(energy, this.head * this.blocks);
    this.head = (this.head + 1) % CAPACITY;
    this.count = Math.min(CAPACITY, this.count + 1);
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  /** Slots of the frames within `windowMs` of the newest, oldest first. */
  window(windowMs: number): number[] {
    const out: number[] = [];
    const newest = this.times[(this.head - 1 + CAPACITY) % CAPACITY]!;
    for (let i = 1; i <= this.count; i++) {
      const s = (this.head - i + CAPACITY) % CAPACITY;
      if (newest - this.times[s]! > windowMs) break;
      out.push(s);
    }
    return out.reverse();
  }

  /** The window's span in ms (0 with fewer than two frames). */
  span(slots: number[]): number {
    return slots.length < 2 ? 0 : this.times[slots[slots.length - 1]!]! - this.times[slots[0]!]!;
  }

  /** `energyFloor`: flicker is relative to at least this energy (a few flame pixels toggling are colour noise). */
  features(block: number, slots: number[], minShare: number, energyFloor: number): BlockFeatures {
    const n = slots.length;
    const e = slots.map((s) => this.energy[s * this.blocks + block]!);
    const present = slots.filter((s) => this.share[s * this.blocks + block]! >= minShare).length;
    const mean = e.reduce((a, v) => a + v, 0) / n;
    // Median, not mean: a static yellow object occluded by a passer-by changes a lot in a few frames only; a flame
    // changes in almost every frame.
    const diffs: number[] = [];
    for (let i = 1; i < n; i++) diffs.push(Math.abs(e[i]! - e[i - 1]!));
    diffs.sort((a, b) => a - b);
    const flicker = n > 1 ? diffs[Math.floor(diffs.length / 2)]! / Math.max(mean, energyFloor, 1e-6) : 0;
    const c = slots
      .map((s) => this.change[s * this.blocks + block]!)
      .filter((v) => !Number.isNaN(v))
      .sort((a, b) => a - b);
    return { persistence: present / n, flicker, pixelFlicker: c[Math.floor(c.length / 2)] ?? 0, meanEnergy: mean };
  }

  /**
   * Largest share of the variance of the blocks' summed energy explained by one sinusoid, over 0.25 Hz .. half the
   * frame rate. Summed over a region: a flame's blocks flicker independently, a beacon's all together.
   */
  periodicity(blocks: readonly number[], slots: number[]): number {
    const e = slots.map((s) => blocks.reduce((a, k) => a + this.energy[s * this.blocks + k]!, 0));
    const n = e.length;
    const mean = e.reduce((a, v) => a + v, 0) / n;
    const t = slots.map((s) => this.times[s]! / 1000);
    const dur = t[n - 1]! - t[0]!;
    if (n < 6 || dur <= 0) return 0;
    let power = 0;
    for (const v of e) power += (v - mean) ** 2;
    if (power < 1e-9) return 0;
    const nyquist = (n - 1) / dur / 2;
    let best = 0;
    for (let f = 0.25; f <= nyquist; f += 0.05) {
      let c = 0;
      let s = 0;
      let cc = 0;
      let ss = 0;
      for (let i = 0; i < n; i++) {
        const ph = 2 * Math.PI * f * t[i]!;
        const cs = Math.cos(ph);
        const sn = Math.sin(ph);
        c += (e[i]! - mean) * cs;
        s += (e[i]! - mean) * sn;
        cc += cs * cs;
        ss += sn * sn;
      }
      // Least-squares fit of a sinusoid (the cross term is small away from 0 and Nyquist): explained share.
      // A term with almost no support (sine at Nyquist on even sampling) is dropped, not blown up.
      best = Math.max(best, (cc > 0.05 * n ? (c * c) / cc : 0) + (ss > 0.05 * n ? (s * s) / ss : 0));
    }
    return Math.min(1, best / power);
  }
}
