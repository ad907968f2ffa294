// Dense optical flow (Farneback, opencv-js) between consecutive downscaled gray frames.
import type { Frame } from '../frames/frame.js';
import { analysisSize, frameGray } from '../motion/downscale.js';
import type { CvMat, OpenCv } from '../motion/opencv.js';

/** A flow field on the analysis grid: per pixel (dx, dy) in analysis pixels between two frames `dtMs` apart. */
export interface FlowField {
  width: number;
  height: number;
  /** Interleaved dx, dy per pixel, row-major. */
  flow: Float32Array;
  dtMs: number;
  /** The two analysis frames (earlier, current): their difference tells real motion from flow smeared on flat ground. */
  ref: Uint8Array;
  cur: Uint8Array;
}

// The video-module bindings used here (the shared OpenCv interface lists only what MOG2 needs).
interface FlowMat extends CvMat {
  data32F: Float32Array;
}
interface FlowCv extends OpenCv {
  Mat: new (rows?: number, cols?: number, type?: number) => FlowMat;
  calcOpticalFlowFarneback(
    prev: CvMat,
    next: CvMat,
    flow: CvMat,
    pyrScale: number,
    levels: number,
    winsize: number,
    iterations: number,
    polyN: number,
    polySigma: number,
    flags: number,
  ): void;
}

export interface FlowSettings {
  analysisWidth: number;
  pyramidLevels: number;
  windowSize: number;
  iterations: number;
  /** Pair each frame with the newest earlier one at least this old: longer baselines lift slow walkers above noise. */
  spanMs: number;
  /** A gap longer than this (lost frames, reconnect) restarts the pair instead of measuring across it. */
  maxGapMs: number;
}

/** Keeps the recent analysis frames and reused Mats (no allocation per frame); call dispose() when done. */
export class FlowEstimator {
  private readonly cv: FlowCv;
  private a: FlowMat | undefined;
  private b: FlowMat | undefined;
  private out: FlowMat | undefined;
  private history: { ptsMs: number; img: Uint8Array }[] = [];
  /** Frame pixels per analysis pixel (to report regions in frame coordinates). */
  scale = 1;

  constructor(
    cv: OpenCv,
    private readonly s: FlowSettings,
  ) {
    this.cv = cv as FlowCv;
  }

  /** Flow from an earlier frame (about spanMs back) to this one; undefined on the first frame or after a gap. The
   * returned field is a view on WASM memory: valid until the next push. */
  push(frame: Frame): FlowField | undefined {
    const { width, height } = analysisSize(frame.width, frame.height, this.s.analysisWidth);
    this.scale = frame.width / width;
    const last = this.history[this.history.length - 1];
    const gap = last ? frame.ptsMs - last.ptsMs : 0;
    if (!this.a || this.a.data.length !== width * height || !(gap > 0) || gap > this.s.maxGapMs)
      this.reset(width, height);
    // Drop every frame the pair no longer needs (keeps at most span + one frame). All of them, not one per push:
    // frames that came in a burst (a live decoder starting) would otherwise stay, pairing every later frame with
    // one seconds back, over which the flow loses walkers (crowd movement then learned them 3-4x too slow).
    let buf: Uint8Array | undefined;
    while (this.history.length > 1 && frame.ptsMs - this.history[1]!.ptsMs >= this.s.spanMs)
      buf = this.history.shift()!.img;
    buf ??= new Uint8Array(width * height);
    frameGray(frame, width, height, { width, height, data: buf });
    const ref = this.history[0];
    this.history.push({ ptsMs: frame.ptsMs, img: buf });
    if (!ref) return undefined;
    this.a!.data.set(ref.img);
    this.b!.data.set(buf);
    const { pyramidLevels, windowSize, iterations } = this.s;
    this.cv.calcOpticalFlowFarneback(
      this.a!,
      this.b!,
      this.out!,
      0.5,
      pyramidLevels,
      windowSize,
      iterations,
      5,
      1.1,
      0,
    );
    return { width, height, flow: this.out!.data32F, dtMs: frame.ptsMs - ref.ptsMs, ref: ref.img, cur: buf };
  }

  private reset(width: number, height: number): void {
    this.dispose();
    const cv = this.cv;
    this.a = new cv.Mat(height, width, cv.CV_8UC1);
    this.b = new cv.Mat(height, width, cv.CV_8UC1);
    this.out = new cv.Mat();
  }

  dispose(): void {
    for (const m of [this.a, this.b, this.out]) m?.delete();
    this.a = this.b = this.out = undefined;
    this.history = [];
  }
}
