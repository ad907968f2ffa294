// Decides what reaches the detector: nothing, a few padded crops around motion, or the full frame (Frigate's trick).
import type { Box } from '../geometry/box.js';
import type { MotionResult } from './motion-detector.js';

export interface GateOptions {
  /** Padding around each motion box, as a share of its larger side (context for the detector). Default 0.25. */
  padShare?: number;
  /** Smallest crop side in frame pixels (a detector needs context around a small person). Default 64. */
  minCropPx?: number;
  /** Crops covering more than this share of the frame are replaced by the full frame. Default 0.5. */
  fullFrameShare?: number;
  /** Full-frame refresh every this many ms (people standing still are invisible to motion). 0: never. Default 10 s. */
  refreshMs?: number;
  /** Keep the last crops this long after motion stops (someone who stops walking). Default 2 s. */
  holdMs?: number;
  /** Below this motion score (share of the picture moving) the frame counts as still. Default 0. */
  minScore?: number;
}

export type GateDecision =
  | { kind: 'none' }
  | { kind: 'regions'; regions: Box[]; held: boolean }
  | { kind: 'full'; reason: 'first' | 'refresh' | 'large' };

/** Frame pixels a decision sends to the detector (crops may overlap: each is analysed). */
export function gatedPixels(d: GateDecision, width: number, height: number): number {
  if (d.kind === 'none') return 0;
  if (d.kind === 'full') return width * height;
  return d.regions.reduce((s, b) => s + b[2] * b[3], 0);
}

function pad(b: Box, p: number, min: number, w: number, h: number): Box {
  const grow = Math.round(Math.max(b[2], b[3]) * p);
  let bw = Math.max(b[2] + 2 * grow, Math.min(min, w));
  let bh = Math.max(b[3] + 2 * grow, Math.min(min, h));
  bw = Math.min(bw, w);
  bh = Math.min(bh, h);
  const cx = b[0] + b[2] / 2;
  const cy = b[1] + b[3] / 2;
  const x = Math.min(Math.max(0, Math.round(cx - bw / 2)), w - bw);
  const y = Math.min(Math.max(0, Math.round(cy - bh / 2)), h - bh);
  return [x, y, bw, bh];
}

const overlaps = (a: Box, b: Box) =>
  a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
const union = (a: Box, b: Box): Box => {
  const x = Math.min(a[0], b[0]);
  const y = Math.min(a[1], b[1]);
  return [x, y, Math.max(a[0] + a[2], b[0] + b[2]) - x, Math.max(a[1] + a[3], b[1] + b[3]) - y];
};

const area = (b: Box) => b[2] * b[3];

/**
 * Merges overlapping boxes while the merged box costs the detector no more than the two apart
 * (area(union) <= slack × (area(a) + area(b))): two people side by side become one crop, two far corners do not
 * become one huge crop. Few boxes per frame: quadratic is fine.
 */
export function mergeBoxes(boxes: readonly Box[], slack = 1): Box[] {
  const out = [...boxes];
  for (let merged = true; merged; ) {
    merged = false;
    for (let i = 0; i < out.length && !merged; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const a = out[i]!;
        const b = out[j]!;
        const u = union(a, b);
        if (overlaps(a, b) && area(u) <= slack * (area(a) + area(b))) {
          out[i] = u;
          out.splice(j, 1);
          merged = true;
          break;
        }
      }
    }
  }
  return out;
}

export class MotionGate {
  private lastFullMs = Number.NEGATIVE_INFINITY;
  private lastMotionMs = Number.NEGATIVE_INFINITY;
  private last: Box[] = [];
  private readonly o: Required<GateOptions>;

  constructor(o: GateOptions = {}) {
    this.o = {
      padShare: 0.25,
      minCropPx: 64,
      fullFrameShare: 0.5,
      refreshMs: 10_000,
      holdMs: 2_000,
      minScore: 0,
      ...o,
    };
  }

  decide(m: MotionResult, ptsMs: number): GateDecision {
    const { width: w, height: h } = m;
    const first = this.lastFullMs === Number.NEGATIVE_INFINITY;
    if (first || (this.o.refreshMs > 0 && ptsMs - this.lastFullMs >= this.o.refreshMs)) {
      this.lastFullMs = ptsMs;
      return { kind: 'full', reason: first ? 'first' : 'refresh' };
    }
    let held = false;
    let regions: Box[];
    if (m.regions.length > 0 && m.score > this.o.minScore) {
      regions = mergeBoxes(m.regions.map((r) => pad(r.box, this.o.padShare, this.o.minCropPx, w, h)));
      this.last = regions;
      this.lastMotionMs = ptsMs;
    } else if (ptsMs - this.lastMotionMs <= this.o.holdMs && this.last.length > 0) {
      regions = this.last;
      held = true;
    } else return { kind: 'none' };
    if (gatedPixels({ kind: 'regions', regions, held }, w, h) > this.o.fullFrameShare * w * h) {
      this.lastFullMs = ptsMs;
      return { kind: 'full', reason: 'large' };
    }
    return { kind: 'regions', regions, held };
  }
}
