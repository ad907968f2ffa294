// Background models on a small gray picture: our own sigma-delta model (pure JS) and OpenCV's MOG2 (WASM).
import { type CvBackgroundSubtractor, type CvMat, loadOpenCv, type OpenCv } from './opencv.js';

export interface BackgroundModel {
  readonly name: string;
  /** Foreground mask for this picture (1 = moving, row-major, same size); the model learns from the picture too. */
  apply(gray: Uint8Array, width: number, height: number, ptsMs: number): Uint8Array;
  close(): void;
}

export interface SigmaDeltaOptions {
  /** Difference needed above the learned noise: foreground when |I - M| > max(minDiff, V). Default 15 gray levels. */
  minDiff?: number;
  /** V follows `amplification` × |I - M| (2 to 4 in the literature). Default 3. */
  amplification?: number;
  /** How often M and V move one gray level (time-based, so a model adapts alike at 5 and 25 fps). Default 125 ms. */
  stepMs?: number;
  /** A frame more than this share foreground (lights switched, camera moved) for `resetAfter` frames resets M. */
  resetShare?: number;
  resetAfter?: number;
  /**
   * A pixel flagged moving that has not changed for this long joins the background: ghosts (an object that was in
   * the first frame, a car that left) fade instead of lingering; someone standing still fades too (see the gate's
   * full-frame refresh). Default 4 s.
   */
  absorbMs?: number;
}

/** `x` moved `step` towards `goal`, not past it (branches, not Math.min/max: called twice per pixel). */
function towards(x: number, goal: number, step: number): number {
  // biome-ignore lint/complexity/useMathMinMax: per-pixel hot path, measured cheaper as a branch
  if (x < goal) return x + step > goal ? goal : x + step;
  // biome-ignore lint/complexity/useMathMinMax: per-pixel hot path, measured cheaper as a branch
  if (x > goal) return x - step < goal ? goal : x - step;
  return x;
}

/**
 * Sigma-delta background estimation (Manzanera & Richefeu 2007): the background M and the noise level V move one
 * level per step towards the picture, a recursive approximate median; integer-only, one pass per frame.
 */
export class SigmaDeltaModel implements BackgroundModel {
  readonly name = 'sigma-delta';
  private m: Uint8Array | undefined;
  private v: Uint8Array | undefined;
  private fg: Uint8Array | undefined;
  private prev: Uint8Array | undefined;
  private still: Uint16Array | undefined;
  private lastPts = 0;
  private frameMs = 0;
  private lastStep = Number.NEGATIVE_INFINITY;
  private bigFrames = 0;
  private readonly o: Required<SigmaDeltaOptions>;

  constructor(o: SigmaDeltaOptions = {}) {
    this.o = { minDiff: 15, amplification: 3, stepMs: 125, resetShare: 0.6, resetAfter: 5, absorbMs: 4000, ...o };
  }

  apply(gray: Uint8Array, width: number, height: number, ptsMs: number): Uint8Array {
    const n = width * height;
    if (!this.m || this.m.length !== n) {
      this.m = Uint8Array.from(gray);
      this.v = new Uint8Array(n).fill(this.o.minDiff);
      this.fg = new Uint8Array(n);
      this.prev = Uint8Array.from(gray);
      this.still = new Uint16Array(n);
      this.lastStep = this.lastPts = ptsMs;
      return this.fg;
    }
    const m = this.m;
    const v = this.v!;
    const fg = this.fg!;
    const prev = this.prev!;
    const still = this.still!;
    // Frame interval (smoothed) turns absorbMs into a frame count, whatever the camera's rate.
    const dt = ptsMs - this.lastPts;
    this.lastPts = ptsMs;
    if (dt > 0) this.frameMs = this.frameMs === 0 ? dt : this.frameMs + 0.1 * (dt - this.frameMs);
    const absorbFrames = Math.max(2, Math.round(this.o.absorbMs / Math.max(1, this.frameMs)));
    // Several steps at once when frames are far apart (low fps), capped so a long gap does not erase motion.
    const steps = Math.min(4, Math.floor((ptsMs - this.lastStep) / this.o.stepMs));
    if (steps > 0) this.lastStep += steps * this.o.stepMs;
    const { minDiff, amplification } = this.o;
    // max(V, minDiff) < d is V < d && minDiff < d.
    const top = 255;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const p = gray[i]!;
      let b = m[i]!;
      let s = v[i]!;
      let d: number;
      if (steps > 0) {
        b = towards(b, p, steps);
        m[i] = b;
        d = p > b ? p - b : b - p;
        // biome-ignore lint/complexity/useMathMinMax: per-pixel hot path, measured cheaper as a branch
        s = towards(s, amplification * d > top ? top : amplification * d, steps);
        v[i] = s;
      } else d = p > b ? p - b : b - p;
      let moving = d > s && d > minDiff ? 1 : 0;
      const q = prev[i]!;
      prev[i] = p;
      if (moving && (p > q ? p - q : q - p) <= minDiff) {
        if (++still[i]! >= absorbFrames) {
          m[i] = p;
          still[i] = 0;
          moving = 0;
        }
      } else if (still[i] !== 0) still[i] = 0;
      fg[i] = moving;
      count += moving;
    }
    this.bigFrames = count > this.o.resetShare * n ? this.bigFrames + 1 : 0;
    if (this.bigFrames >= this.o.resetAfter) {
      m.set(gray);
      this.bigFrames = 0;
    }
    return fg;
  }

  close(): void {
    this.m = this.v = this.fg = this.prev = this.still = undefined;
  }
}

export interface Mog2Options {
  /** Frames of history. Default 500. */
  history?: number;
  /** Squared Mahalanobis distance threshold. Default 16 (OpenCV's). */
  varThreshold?: number;
}

/** OpenCV's MOG2 (Zivkovic): a mixture of Gaussians per pixel. Needs `await Mog2Model.create()`. */
export class Mog2Model implements BackgroundModel {
  readonly name = 'mog2';
  private input: CvMat | undefined;
  private mask: CvMat | undefined;
  private size = '';
  private readonly out: { fg?: Uint8Array } = {};

  private constructor(
    private readonly cv: OpenCv,
    private readonly sub: CvBackgroundSubtractor,
  ) {}

  static async create(o: Mog2Options = {}): Promise<Mog2Model> {
    const { cv } = await loadOpenCv();
    // Shadow detection off: it costs time, and a person's shadow moving with them is fine for gating.
    return new Mog2Model(cv, new cv.BackgroundSubtractorMOG2(o.history ?? 500, o.varThreshold ?? 16, false));
  }

  apply(gray: Uint8Array, width: number, height: number): Uint8Array {
    const key = `${width}x${height}`;
    if (this.size !== key) {
      this.input?.delete();
      this.input = new this.cv.Mat(height, width, this.cv.CV_8UC1);
      this.mask ??= new this.cv.Mat();
      this.size = key;
      this.out.fg = new Uint8Array(width * height);
    }
    this.input!.data.set(gray);
    this.sub.apply(this.input!, this.mask!, -1);
    // Copied out: views on the WASM heap are invalidated whenever the heap grows.
    const fg = this.out.fg!;
    const src = this.mask!.data;
    for (let i = 0; i < fg.length; i++) fg[i] = src[i]! > 127 ? 1 : 0;
    return fg;
  }

  close(): void {
    this.input?.delete();
    this.mask?.delete();
    this.sub.delete();
  }
}
