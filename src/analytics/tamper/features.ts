// Per-frame global measures for tamper detection: brightness, contrast, clipped shares, sharpness and edge map.
import type { Frame } from '../../media/frames/frame.js';
import { analysisSize, downscaleGray, frameGray, type GrayImage } from '../motion/downscale.js';
import { type BlockStats, blockStats } from './blocks.js';

export interface FrameFeatures {
  mean: number;
  std: number;
  darkShare: number;
  brightShare: number;
  /** Mean |dx|+|dy| over the contrast (std): falls when the picture blurs, not when the light dims. */
  sharpness: number;
  blocks: BlockStats;
  /** Gradient magnitude area-averaged to the structure size, averaged over a short time: what a moved view shifts. */
  edges: Float32Array;
  edgeWidth: number;
  edgeHeight: number;
}

export interface FeatureSizes {
  analysisWidth: number;
  structureWidth: number;
  structureSmoothSeconds: number;
  darkLevel: number;
  brightLevel: number;
}

/** Reusable buffers of one camera (frames of one camera share a size; a new size reallocates). */
export class FeatureExtractor {
  private small: GrayImage | undefined;
  private grad: Uint8Array = new Uint8Array(0);
  private smooth: Float32Array = new Float32Array(0);
  private lastPts = 0;

  constructor(private readonly o: FeatureSizes) {}

  measure(frame: Frame): FrameFeatures {
    const { width, height } = analysisSize(frame.width, frame.height, this.o.analysisWidth);
    this.small = frameGray(frame, width, height, this.small);
    const px = this.small.data;
    const n = width * height;
    let sum = 0;
    let sq = 0;
    let dark = 0;
    let bright = 0;
    for (let i = 0; i < n; i++) {
      const v = px[i]!;
      sum += v;
      sq += v * v;
      if (v <= this.o.darkLevel) dark++;
      else if (v >= this.o.brightLevel) bright++;
    }
    const mean = sum / n;
    const std = Math.sqrt(Math.max(0, sq / n - mean * mean));
    const gradSum = this.gradient(px, width, height);
    const sharpness = gradSum / ((width - 1) * (height - 1)) / Math.max(std, 1);
    const blocks = blockStats(px, this.grad, width, height);
    const edges = this.edgeMap(width, height);
    const smooth = this.smoothed(edges.data, frame.ptsMs);
    const shares = { darkShare: dark / n, brightShare: bright / n };
    return { mean, std, ...shares, sharpness, blocks, edges: smooth, ...edges.size };
  }

  // Forward differences; the magnitude is halved to fit a byte so the area downscale can be reused.
  private gradient(px: Uint8Array, w: number, h: number): number {
    if (this.grad.length !== w * h) this.grad = new Uint8Array(w * h);
    const g = this.grad;
    let total = 0;
    for (let y = 0; y < h - 1; y++) {
      const row = y * w;
      for (let x = 0; x < w - 1; x++) {
        const i = row + x;
        const m = Math.abs(px[i + 1]! - px[i]!) + Math.abs(px[i + w]! - px[i]!);
        total += m;
        g[i] = m >> 1;
      }
      g[row + w - 1] = g[row + w - 2]!;
    }
    g.copyWithin((h - 1) * w, (h - 2) * w, (h - 1) * w);
    return total;
  }

  // People crossing the view are transient edges: a short moving average keeps the scene's fixed structure.
  private smoothed(e: Float32Array, ptsMs: number): Float32Array {
    const dt = ptsMs - this.lastPts;
    this.lastPts = ptsMs;
    if (this.smooth.length !== e.length || dt < 0 || dt > 5000) this.smooth = Float32Array.from(e);
    else {
      const a = 1 - Math.exp(-dt / Math.max(this.o.structureSmoothSeconds * 1000, 1));
      for (let i = 0; i < e.length; i++) this.smooth[i]! += a * (e[i]! - this.smooth[i]!);
    }
    return this.smooth;
  }

  private edgeMap(w: number, h: number): { data: Float32Array; size: { edgeWidth: number; edgeHeight: number } } {
    const size = analysisSize(w, h, this.o.structureWidth);
    const frame: Frame = { cameraId: '', seq: 0, ptsMs: 0, width: w, height: h, format: 'gray', data: this.grad };
    const small = downscaleGray(frame, size.width, size.height);
    return { data: Float32Array.from(small.data), size: { edgeWidth: size.width, edgeHeight: size.height } };
  }
}
