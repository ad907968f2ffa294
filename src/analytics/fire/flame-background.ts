// Slow per-block average of flame share and energy: what is flame-coloured in the usual view (a yellow bollard, a
// brick wall, an orange sign). Only flame colour ABOVE it counts, so a person walking in front of a yellow object
// (which only removes flame colour) never looks like a flicker, while a new fire adds to it.

export class FlameBackground {
  private share: Float32Array | undefined;
  private energy: Float32Array | undefined;
  private lastMs = 0;

  constructor(private readonly timeConstantMs: number) {}

  /** Flame share and energy above the background; then learns this frame, except in `frozen` blocks (a fire). */
  excess(tMs: number, share: Float32Array, energy: Float32Array, frozen?: Uint8Array) {
    if (!this.share || !this.energy || this.share.length !== share.length) {
      this.share = Float32Array.from(share);
      this.energy = Float32Array.from(energy);
      this.lastMs = tMs;
    }
    const a = Math.min(1, Math.max(0, tMs - this.lastMs) / this.timeConstantMs);
    this.lastMs = tMs;
    const xs = new Float32Array(share.length);
    const xe = new Float32Array(share.length);
    for (let k = 0; k < share.length; k++) {
      xs[k] = Math.max(0, share[k]! - this.share[k]!);
      xe[k] = Math.max(0, energy[k]! - this.energy[k]!);
      if (frozen?.[k]) continue;
      this.share[k]! += a * (share[k]! - this.share[k]!);
      this.energy[k]! += a * (energy[k]! - this.energy[k]!);
    }
    return { share: xs, energy: xe };
  }

  reset(): void {
    this.share = undefined;
    this.energy = undefined;
  }
}
