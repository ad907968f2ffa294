// Dense optical flow (Farneback, opencv-js WASM) between two small gray pictures: the motion the model learns from.
import type { GrayImage } from '../motion/downscale.js';
import { loadOpenCv } from '../motion/opencv.js';

/** The few opencv-js bindings used here beyond those typed in motion/opencv.ts. */
interface CvFlowMat {
  data: Uint8Array;
  data32F: Float32Array;
  delete(): void;
}
interface CvFlow {
  CV_8UC1: number;
  Mat: new (rows?: number, cols?: number, type?: number) => CvFlowMat;
  calcOpticalFlowFarneback(
    prev: CvFlowMat,
    next: CvFlowMat,
    flow: CvFlowMat,
    pyrScale: number,
    levels: number,
    winsize: number,
    iterations: number,
    polyN: number,
    polySigma: number,
    flags: number,
  ): void;
}

/** Reusable Farneback estimator for one picture size (Mats are allocated once: WASM memory is not collected). */
export class FlowEstimator {
  private a: CvFlowMat | undefined;
  private b: CvFlowMat | undefined;
  private readonly flow: CvFlowMat;
  private w = 0;
  private h = 0;

  private constructor(private readonly cv: CvFlow) {
    this.flow = new cv.Mat();
  }

  static async create(): Promise<FlowEstimator> {
    const { cv } = await loadOpenCv();
    return new FlowEstimator(cv as unknown as CvFlow);
  }

  /** Per-pixel displacement from `prev` to `next` in pixels, interleaved (dx, dy); valid until the next call. */
  compute(prev: GrayImage, next: GrayImage): Float32Array {
    if (prev.width !== next.width || prev.height !== next.height) throw new Error('flow: pictures differ in size');
    if (!this.a || this.w !== next.width || this.h !== next.height) this.alloc(next.width, next.height);
    this.a!.data.set(prev.data);
    this.b!.data.set(next.data);
    // 3 pyramid levels reach ~8x the 15 px window: a bike at 5 fps moves well under that at 180 px wide.
    this.cv.calcOpticalFlowFarneback(this.a!, this.b!, this.flow, 0.5, 3, 15, 3, 5, 1.1, 0);
    return this.flow.data32F;
  }

  private alloc(w: number, h: number): void {
    this.a?.delete();
    this.b?.delete();
    this.a = new this.cv.Mat(h, w, this.cv.CV_8UC1);
    this.b = new this.cv.Mat(h, w, this.cv.CV_8UC1);
    this.w = w;
    this.h = h;
  }

  dispose(): void {
    this.a?.delete();
    this.b?.delete();
    this.flow.delete();
    this.a = this.b = undefined;
  }
}
