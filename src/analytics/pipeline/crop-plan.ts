// Turns the regions worth looking at into detector crops seen at the SAME scale as the full frame: a crop picks
// the smallest model input that holds it at that scale, so a person looks alike to the detector in a crop or in
// the full frame (no upscaled noise), and a small crop costs a small model. Crops that are cheaper together merge.
import { fittedInput, type InputShape, squareInput } from '../detect/preprocess.js';
import type { Box } from '../geometry/box.js';

export interface Crop {
  /** Integer frame pixels [left, top, width, height]. */
  box: Box;
  /** Square model input size the crop is letterboxed into. */
  size: number;
}

export type CropPlan = { kind: 'full'; cost: number } | { kind: 'crops'; crops: Crop[]; cost: number };

// Measured here (onnxruntime-node, 1 thread, NanoDet): 128 → 0.24, 192 → 0.33, 256 → 0.42, 320 → 0.61 of a 416
// run. A fixed share per call plus the rest in proportion to the input pixels fits within a few per cent.
const CALL_OVERHEAD = 0.15;

/** Detector cost of one run at `size`, relative to one run at `fullSize`. */
export function cropCost(size: number, fullSize: number): number {
  return CALL_OVERHEAD + (1 - CALL_OVERHEAD) * (size / fullSize) ** 2;
}

/** Detector cost of one run on a `shape` input, relative to one square run at `fullSize`. */
export function shapeCost(shape: InputShape, fullSize: number): number {
  return CALL_OVERHEAD + (1 - CALL_OVERHEAD) * ((shape.width * shape.height) / (fullSize * fullSize));
}

interface Candidate {
  /** What must be seen (union of the regions it stands for). */
  content: Box;
  crop: Crop;
  cost: number;
}

const union = (a: Box, b: Box): Box => {
  const x = Math.min(a[0], b[0]);
  const y = Math.min(a[1], b[1]);
  return [x, y, Math.max(a[0] + a[2], b[0] + b[2]) - x, Math.max(a[1] + a[3], b[1] + b[3]) - y];
};

const inside = (a: Box, b: Box) =>
  a[0] >= b[0] && a[1] >= b[1] && a[0] + a[2] <= b[0] + b[2] && a[1] + a[3] <= b[1] + b[3];

export class CropPlanner {
  /** Frame pixels → model pixels of a full-frame run (letterbox scale). */
  readonly scale: number;
  /**
   * Model input of a full-frame run: square, or fitted to the frame's aspect (same scale, less padding). Crops are
   * still weighed against a square run: looking only where things move also keeps static look-alikes out.
   */
  readonly fullShape: InputShape;
  private readonly sizes: number[];

  constructor(
    readonly width: number,
    readonly height: number,
    readonly fullSize: number,
    cropSizes: readonly number[],
    fit = false,
  ) {
    this.fullShape = fit ? fittedInput(width, height, fullSize) : squareInput(fullSize);
    this.scale = Math.min(this.fullShape.width / width, this.fullShape.height / height);
    this.sizes = [...new Set(cropSizes)].filter((s) => s < fullSize).sort((a, b) => a - b);
  }

  /** The crop input sizes it may plan, smallest first. */
  get cropSizes(): readonly number[] {
    return this.sizes;
  }

  /** Plans the crops for these regions (frame pixels); the full frame when that is as cheap or a region is too big. */
  plan(regions: readonly Box[]): CropPlan {
    const full: CropPlan = { kind: 'full', cost: 1 };
    let list: Candidate[] = [];
    for (const r of regions) {
      const c = this.candidate(r);
      if (!c) return full;
      list.push(c);
    }
    list = this.merge(list);
    const cost = list.reduce((s, c) => s + c.cost, 0);
    if (list.length === 0) return { kind: 'crops', crops: [], cost: 0 };
    return cost >= 1 ? full : { kind: 'crops', crops: list.map((c) => c.crop), cost };
  }

  /** The smallest crop holding `content` at the full-frame scale, or undefined when only the full frame does. */
  private candidate(content: Box): Candidate | undefined {
    const need = Math.max(content[2], content[3]) * this.scale;
    const size = this.sizes.find((s) => s >= need);
    if (size === undefined) return undefined;
    // The square the model sees, in frame pixels, centred on the content and kept inside the frame.
    const side = size / this.scale;
    const w = Math.min(this.width, Math.round(side));
    const h = Math.min(this.height, Math.round(side));
    const cx = content[0] + content[2] / 2;
    const cy = content[1] + content[3] / 2;
    const x = Math.min(Math.max(0, Math.round(cx - w / 2)), this.width - w);
    const y = Math.min(Math.max(0, Math.round(cy - h / 2)), this.height - h);
    return { content, crop: { box: [x, y, w, h], size }, cost: cropCost(size, this.fullSize) };
  }

  /** Greedy: drops crops already covered by another, merges pairs whose joint crop costs no more. Few crops: cubic is fine. */
  private merge(list: Candidate[]): Candidate[] {
    const out = [...list];
    for (let changed = true; changed; ) {
      changed = false;
      for (let i = 0; i < out.length && !changed; i++) {
        for (let j = 0; j < out.length && !changed; j++) {
          if (i === j) continue;
          const a = out[i]!;
          const b = out[j]!;
          if (inside(a.content, b.crop.box)) {
            b.content = union(a.content, b.content);
            out.splice(i, 1);
            changed = true;
            continue;
          }
          if (j < i) continue;
          const m = this.candidate(union(a.content, b.content));
          if (m && m.cost <= a.cost + b.cost) {
            out.splice(j, 1);
            out[i] = m;
            changed = true;
          }
        }
      }
    }
    return out;
  }
}

/**
 * Where confirmed tracks should be `dt` seconds after their last box (moved by their velocity), padded by `pad` of
 * the larger side like motion regions and clipped to the frame: the gate also looks there, so people who stand
 * still stay tracked.
 */
export function trackRegions(
  tracks: readonly { box: Readonly<Box>; velocity: { vx: number; vy: number } }[],
  dt: number,
  pad: number,
  frame: { width: number; height: number },
): Box[] {
  const out: Box[] = [];
  for (const t of tracks) {
    const [x, y, w, h] = t.box;
    const g = pad * Math.max(w, h);
    const [dx, dy] = [t.velocity.vx * dt, t.velocity.vy * dt];
    const left = Math.max(0, x + dx - g);
    const top = Math.max(0, y + dy - g);
    const box: Box = [
      left,
      top,
      Math.min(frame.width, x + w + dx + g) - left,
      Math.min(frame.height, y + h + dy + g) - top,
    ];
    if (box[2] > 0 && box[3] > 0) out.push(box);
  }
  return out;
}
