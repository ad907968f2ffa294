// Runs the detector on the full frame or on planned crops (one model session per input size, made on first use),
// maps crop boxes back to the frame and removes the duplicates that overlapping crops produce.
import type { Detection } from '../detect/nanodet-decoder.js';
import { type InputShape, type RgbFrameLike, squareInput } from '../detect/preprocess.js';
import type { Box } from '../geometry/box.js';
import { boxArea, boxIntersection, boxIou } from '../geometry/box.js';
import type { Crop, CropPlanner } from './crop-plan.js';
import type { FrameDetector } from './detection-cache.js';

/** Makes the detector for one model input shape (square for crops; the full frame's may fit its aspect). */
export type DetectorFactory = (shape: InputShape) => Promise<FrameDetector>;

export interface RegionRun {
  detections: Detection[];
  kind: 'full' | 'crops';
  crops: Crop[];
  /** Detector runs (crops count one each). */
  calls: number;
  /** Detector cost in full-frame runs (crops cost less; see cropCost). */
  cost: number;
  /** Detector time (copying crops included). */
  ms: number;
}

// A box within this many pixels of a crop side that is not a frame side may be a person cut in two by the crop.
const EDGE_PX = 2;
// Such a box mostly inside another detection of the same class is that person's cut-off part.
const CUT_COVER = 0.7;

interface Cand extends Detection {
  cut: boolean;
}

export class RegionDetector {
  private readonly detectors = new Map<string, Promise<FrameDetector>>();
  // Crops are detected one after the other: one buffer serves them all (no fresh allocation per crop).
  private cropBuffer = new Uint8Array(0);

  constructor(
    private readonly factory: DetectorFactory,
    readonly planner: CropPlanner,
    private readonly nmsIou: number,
  ) {}

  private detector(shape: InputShape): Promise<FrameDetector> {
    const key = `${shape.width}x${shape.height}`;
    let d = this.detectors.get(key);
    if (!d) {
      d = this.factory(shape);
      this.detectors.set(key, d);
    }
    return d;
  }

  /**
   * Loads the full-frame model now, and the crop models too when crops will be planned: a session made at the first
   * crop frame would stall that frame by a model load (0.1-0.4 s here).
   */
  async warm(crops = true, others: readonly InputShape[] = []): Promise<void> {
    const shapes = [this.planner.fullShape, ...(crops ? this.planner.cropSizes.map(squareInput) : []), ...others];
    await Promise.all(shapes.map((s) => this.detector(s)));
  }

  private async timed(shape: InputShape, frame: RgbFrameLike): Promise<{ dets: Detection[]; ms: number }> {
    const det = await this.detector(shape);
    const t0 = performance.now();
    const dets = await det.detect(frame);
    return { dets, ms: det.lastRunMs ?? performance.now() - t0 };
  }

  async full(frame: RgbFrameLike): Promise<RegionRun> {
    const { dets, ms } = await this.timed(this.planner.fullShape, frame);
    return { detections: dets, kind: 'full', crops: [], calls: 1, cost: 1, ms };
  }

  /** The whole frame at another input shape (the near-field pass): its detections and time. */
  other(frame: RgbFrameLike, shape: InputShape): Promise<{ dets: Detection[]; ms: number }> {
    return this.timed(shape, frame);
  }

  async crops(frame: RgbFrameLike, crops: readonly Crop[], cost: number): Promise<RegionRun> {
    const cands: Cand[] = [];
    let ms = 0;
    for (const c of crops) {
      const t0 = performance.now();
      const need = c.box[2] * c.box[3] * 3;
      if (this.cropBuffer.length < need) this.cropBuffer = new Uint8Array(need);
      const sub = cropRgb(frame, c.box, this.cropBuffer.subarray(0, need));
      ms += performance.now() - t0;
      const r = await this.timed(squareInput(c.size), sub);
      ms += r.ms;
      const [cx, cy, cw, ch] = c.box;
      const inner = { l: cx > 0, t: cy > 0, r: cx + cw < frame.width, b: cy + ch < frame.height };
      for (const d of r.dets) {
        const [x, y, w, h] = d.box;
        const cut =
          (inner.l && x <= EDGE_PX) ||
          (inner.t && y <= EDGE_PX) ||
          (inner.r && x + w >= cw - EDGE_PX) ||
          (inner.b && y + h >= ch - EDGE_PX);
        cands.push({ cls: d.cls, score: d.score, box: [x + cx, y + cy, w, h], cut });
      }
    }
    return { detections: this.dedupe(cands), kind: 'crops', crops: [...crops], calls: crops.length, cost, ms };
  }

  /** Greedy per-class NMS across crops, then cut-off parts of people seen whole elsewhere. */
  private dedupe(cands: Cand[]): Detection[] {
    const kept: Cand[] = [];
    for (const d of [...cands].sort((a, b) => b.score - a.score)) {
      if (kept.some((k) => k.cls === d.cls && boxIou(k.box, d.box) > this.nmsIou)) continue;
      kept.push(d);
    }
    const out = kept.filter(
      (d) =>
        !d.cut ||
        !kept.some((k) => k !== d && k.cls === d.cls && boxIntersection(k.box, d.box) >= CUT_COVER * boxArea(d.box)),
    );
    return out.map(({ cls, score, box }) => ({ cls, score, box }));
  }

  async close(): Promise<void> {
    const all = await Promise.allSettled(this.detectors.values());
    for (const r of all) if (r.status === 'fulfilled') await r.value.close?.();
    this.detectors.clear();
  }
}

/** Copies a [left, top, width, height] window of an RGB24 frame into a packed picture (into `out`, w·h·3 bytes, when given). */
export function cropRgb(frame: RgbFrameLike, box: Readonly<Box>, out?: Uint8Array): RgbFrameLike {
  const [x, y, w, h] = box;
  const data = out ?? new Uint8Array(w * h * 3);
  const stride = frame.width * 3;
  for (let r = 0; r < h; r++) {
    const from = (y + r) * stride + x * 3;
    data.set(frame.data.subarray(from, from + w * 3), r * w * 3);
  }
  return { width: w, height: h, data };
}
