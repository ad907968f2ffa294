// The camera's own normal view, learned online: a plain mean over the first seconds, then a slow moving average
// fed only with frames that look normal (lighting drifts in, a tamper does not).
import type { BlockStats } from './blocks.js';
import type { FrameFeatures } from './features.js';
import { nccAt } from './shift-search.js';

export interface ReferenceStats {
  mean: number;
  std: number;
  darkShare: number;
  brightShare: number;
  sharpness: number;
  /** Usual unshifted edge similarity of a normal frame to the reference (people moving keep it under 1). */
  similarity: number;
}

const SCALARS = ['mean', 'std', 'darkShare', 'brightShare', 'sharpness'] as const;

export class Reference {
  readonly stats: ReferenceStats = { mean: 0, std: 0, darkShare: 0, brightShare: 0, sharpness: 0, similarity: 0 };
  edges: Float32Array = new Float32Array(0);
  blocks: BlockStats = { mean: new Float32Array(0), std: new Float32Array(0), grad: new Float32Array(0) };
  edgeWidth = 0;
  edgeHeight = 0;
  private frames = 0;
  private simFrames = 0;
  private firstPts: number | undefined;
  private lastPts = 0;

  constructor(
    private readonly learnMs: number,
    private readonly adaptMs: number,
  ) {}

  get ready(): boolean {
    return this.firstPts !== undefined && this.lastPts - this.firstPts >= this.learnMs && this.simFrames >= 2;
  }

  /** Forgets everything (a new frame size, or a view accepted as the new normal). */
  reset(): void {
    Object.assign(this.stats, { mean: 0, std: 0, darkShare: 0, brightShare: 0, sharpness: 0, similarity: 0 });
    this.edges = new Float32Array(0);
    this.frames = 0;
    this.simFrames = 0;
    this.firstPts = undefined;
  }

  sameSize(f: FrameFeatures): boolean {
    return this.edgeWidth === f.edgeWidth && this.edgeHeight === f.edgeHeight;
  }

  /** Learning phase: running mean; the similarity baseline is measured before each frame joins the mean. */
  learn(f: FrameFeatures, ptsMs: number): void {
    if (!this.sameSize(f) || this.frames === 0) this.start(f, ptsMs);
    else {
      if (this.frames >= 2) {
        const sim = nccAt(this.edges, f.edges, this.edgeWidth, this.edgeHeight, 0, 0);
        this.stats.similarity += (sim - this.stats.similarity) / ++this.simFrames;
      }
      this.blend(f, 1 / (this.frames + 1));
    }
    this.frames++;
    this.lastPts = ptsMs;
  }

  /** After learning: a frame judged normal moves the reference by a time-based step (same at 5 or 25 fps). */
  adapt(f: FrameFeatures, similarity: number, ptsMs: number): void {
    const dt = Math.min(Math.max(ptsMs - this.lastPts, 0), 2000);
    this.lastPts = ptsMs;
    const a = 1 - Math.exp(-dt / this.adaptMs);
    this.blend(f, a);
    this.stats.similarity += a * (similarity - this.stats.similarity);
  }

  /** Keeps time moving while a condition holds (no learning from a tampered view). */
  touch(ptsMs: number): void {
    this.lastPts = ptsMs;
  }

  private start(f: FrameFeatures, ptsMs: number): void {
    this.reset();
    this.firstPts = ptsMs;
    this.edges = Float32Array.from(f.edges);
    const b = f.blocks;
    this.blocks = { mean: Float32Array.from(b.mean), std: Float32Array.from(b.std), grad: Float32Array.from(b.grad) };
    this.edgeWidth = f.edgeWidth;
    this.edgeHeight = f.edgeHeight;
    for (const k of SCALARS) this.stats[k] = f[k];
  }

  private blend(f: FrameFeatures, a: number): void {
    for (const k of SCALARS) this.stats[k] += a * (f[k] - this.stats[k]);
    mix(this.edges, f.edges, a);
    mix(this.blocks.mean, f.blocks.mean, a);
    mix(this.blocks.std, f.blocks.std, a);
    mix(this.blocks.grad, f.blocks.grad, a);
  }
}

function mix(into: Float32Array, from: Float32Array, a: number): void {
  for (let i = 0; i < into.length; i++) into[i]! += a * (from[i]! - into[i]!);
}
