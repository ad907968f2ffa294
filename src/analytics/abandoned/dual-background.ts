// Dual background (Porikli 2008, with selective update): a long-term model that never learns what covers it and a
// short-term one that follows everything. Long-term foreground that the short-term model has absorbed is static
// foreground; a per-pixel age counts how long each pixel has been so.
import type { AbandonedOptions } from './abandoned-options.js';
import { LocalLight } from './local-light.js';

export interface BackgroundState {
  /** Long-term background, in reference lighting (multiply by `gain` to compare with the picture). */
  readonly long: Float32Array;
  /** 1 where the picture differs from the long-term background. */
  readonly fgLong: Uint8Array;
  /** Seconds each pixel has been static foreground (held while something moves over it). */
  readonly age: Float32Array;
  /** Global lighting of the picture relative to the long-term background (1: unchanged). */
  readonly gain: number;
}

export class DualBackground implements BackgroundState {
  long = new Float32Array(0);
  fgLong = new Uint8Array(0);
  age = new Float32Array(0);
  gain = 1;
  /** 1 under an object being followed by its appearance: the long-term model and noise level stay as they were. */
  hold = new Uint8Array(0);
  /**
   * 1 where the picture has differed from the long-term model ever since the learning phase ended: a leftover of
   * that phase (the ghost of someone who stood in the first frame and left while it was learnt), not something put
   * down since. The background is the scene as the camera found it: such a region is learnt, not raised.
   */
  fromLearning = new Uint8Array(0);
  private wasLearning = true;
  private short = new Float32Array(0);
  private dev = new Float32Array(0);
  private flips = new Float32Array(0);
  private learnUntil = 0;
  private lastT = 0;
  private bigSince: number | undefined;
  private readonly light = new LocalLight();

  constructor(private readonly o: AbandonedOptions) {}

  get learning(): boolean {
    return this.lastT < this.learnUntil;
  }

  /** Learns from the picture; returns true when the models were just reset (camera moved, lights switched). */
  update(gray: Uint8Array, t: number, width: number): boolean {
    const n = gray.length;
    if (this.long.length !== n) {
      this.reset(gray, t, width);
      return false;
    }
    const o = this.o;
    // Time-based rates: a late or skipped frame moves the models as much as the frames it replaces.
    const dt = Math.min(2, Math.max(0, (t - this.lastT) / 1000));
    this.lastT = t;
    const learning = t < this.learnUntil;
    const justLearnt = !learning && this.wasLearning;
    this.wasLearning = learning;
    const aL = Math.min(1, dt / (learning ? o.learnSeconds / 4 : o.longTermSeconds));
    const aS = Math.min(1, dt / o.shortTermSeconds);
    this.gain = this.measureGain(gray);
    this.light.measure(gray, this.long, this.gain, this.fgLong, t);
    const { long, short, dev, flips, fgLong, age, gain, hold, fromLearning } = this;
    const local = this.light.factor;
    // Flip counts fade over ~10 s: a pixel that changed state more than 3 times lately is dynamic background.
    const keep = Math.max(0, 1 - dt / 10);
    // Safety net for regions no candidate covers (too large); candidates are absorbed whole by the detector first.
    const absorbAt = o.absorbSeconds * 1.1;
    let fgCount = 0;
    for (let i = 0; i < n; i++) {
      const p = gray[i]!;
      // Compared in the light of the moment, global and local (the long-term model follows only slowly).
      const b = long[i]! * gain * local[i]!;
      const thr = Math.max(o.minDiff, o.noiseFactor * dev[i]!);
      const dL = p > b ? p - b : b - p;
      // Hysteresis: a pixel already counted static keeps counting at a lower contrast (noise must not reset it).
      const fg = !learning && dL > (age[i]! > 0 ? 0.7 * thr : thr);
      const s = short[i]!;
      const dS = p > s ? p - s : s - p;
      short[i] = s + aS * (p - s);
      const flipped = fg !== (fgLong[i] === 1);
      const f = flips[i]! * keep + (flipped ? 1 : 0);
      flips[i] = f;
      if (f > 3) {
        // Dynamic background (a fluttering tape, leaves, a flag): never static, and its noise level is learned so
        // that it stops differing.
        age[i] = 0;
        if (!hold[i]) dev[i]! += aL * (dL - dev[i]!);
      }
      if (fg) {
        fgCount++;
        fgLong[i] = 1;
        if (justLearnt) fromLearning[i] = 1;
        // Static (short-term agrees with the picture): ages; moving over it (a passer-by): the age is held.
        if (f <= 3 && dS <= thr) age[i]! += dt;
        if (age[i]! >= absorbAt) this.absorbPixel(i, p);
      } else {
        fgLong[i] = 0;
        age[i] = 0;
        fromLearning[i] = 0;
        // Selective update, in reference lighting: the background follows drift but never learns an object, not even
        // the parts of a found object that match it closely enough to flicker (they would thin it out for good).
        if (hold[i]) continue;
        // While learning, what moves (the short-term model disagrees: a passer-by) is not the ground: learnt at the
        // fast learning rate it would stay in the model as a trail of ghosts once learning ends.
        if (learning && dS > thr) continue;
        long[i]! += aL * (p / gain - long[i]!);
        // The noise level is what the ground does by itself: learnt only where the short-term model agrees too (not
        // under a passer-by: people walking there, once learnt as noise, made 8 % of PETS09 blind to anything under
        // ~75 levels for minutes, a bag included, whose own difference then kept it so). While learning, only where
        // the long-term model agrees with the short-term one too: else it still holds the ghost of someone who stood
        // in the first frame, and that residue, learnt as noise, left the PETS09 road-left bag unseen.
        if (f <= 3 && dS <= thr && (!learning || Math.abs(b - s) <= thr)) dev[i]! += aL * (dL - dev[i]!);
      }
    }
    return this.checkReset(gray, t, fgCount / n, width);
  }

  /** Makes these pixels background now (a ghost, a light patch, an object parked for good). */
  absorb(pixels: Iterable<number>, gray: Uint8Array): void {
    for (const i of pixels) this.absorbPixel(i, gray[i]!);
  }

  private absorbPixel(i: number, p: number): void {
    // In the light of the moment, local included: else it would differ again at once where the light has drifted.
    this.long[i] = p / (this.gain * (this.light.factor[i] ?? 1));
    this.age[i] = 0;
    this.fgLong[i] = 0;
    this.fromLearning[i] = 0;
  }

  /** Ratio of picture to background brightness over pixels that matched the background last time. */
  private measureGain(gray: Uint8Array): number {
    let sp = 0;
    let sb = 0;
    // Every 3rd pixel is plenty for a global ratio and keeps this cheap.
    for (let i = 0; i < gray.length; i += 3) {
      if (this.fgLong[i]) continue;
      sp += gray[i]!;
      sb += this.long[i]!;
    }
    if (sb < 1 || sp < 1) return this.gain;
    return Math.min(2, Math.max(0.5, sp / sb));
  }

  private checkReset(gray: Uint8Array, t: number, share: number, width: number): boolean {
    if (share <= this.o.resetShare) {
      this.bigSince = undefined;
      return false;
    }
    this.bigSince ??= t;
    if (t - this.bigSince < this.o.resetSeconds * 1000) return false;
    this.reset(gray, t, width);
    return true;
  }

  private reset(gray: Uint8Array, t: number, width: number): void {
    const n = gray.length;
    this.light.reset(width, n / width);
    this.long = Float32Array.from(gray);
    this.short = Float32Array.from(gray);
    this.dev = new Float32Array(n).fill(this.o.minDiff / this.o.noiseFactor);
    this.fgLong = new Uint8Array(n);
    this.flips = new Float32Array(n);
    this.age = new Float32Array(n);
    this.hold = new Uint8Array(n);
    this.fromLearning = new Uint8Array(n);
    this.wasLearning = true;
    this.gain = 1;
    this.lastT = t;
    this.learnUntil = t + this.o.learnSeconds * 1000;
    this.bigSince = undefined;
  }
}
