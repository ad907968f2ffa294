// NanoDet head decoding: per-stride class scores + distribution-focal-loss box sides, then per-class NMS.
import type { Box } from '../geometry/box.js';
import type { Letterbox } from './preprocess.js';

export interface Detection {
  cls: string;
  score: number;
  /** Left, top, width, height in original frame pixels. */
  box: Box;
}

/** One stride's head outputs, anchors row-major over the (input height / stride) × (input width / stride) grid. */
export interface HeadOutput {
  stride: number;
  /** anchors × classes, already sigmoid-activated. */
  scores: Float32Array;
  /** anchors × (4 sides × bins): left, top, right, bottom distance logits. */
  boxes: Float32Array;
}

export interface DecodeOptions {
  /** Label of each score channel (length = number of classes). */
  classNames: readonly string[];
  /** Indices of the classes to report. */
  keep: readonly number[];
  scoreThreshold: number;
  nmsIou: number;
  transform: Letterbox;
  frameWidth: number;
  frameHeight: number;
  /** Upper bound on detections returned (highest scores first). */
  maxDetections?: number;
}

interface Candidate {
  cls: number;
  score: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Expected distance (in bins) of one side: the softmax-weighted mean of its bins, not the argmax. */
export function dflDistance(logits: Float32Array, offset: number, bins: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let b = 0; b < bins; b++) max = Math.max(max, logits[offset + b]!);
  let sum = 0;
  let weighted = 0;
  for (let b = 0; b < bins; b++) {
    const e = Math.exp(logits[offset + b]! - max);
    sum += e;
    weighted += e * b;
  }
  return weighted / sum;
}

export function iou(a: Candidate, b: Candidate): number {
  const iw = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const ih = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  return inter / ((a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter);
}

// Cap on candidates entering NMS (NanoDet keeps 1000 per level), so a very low threshold stays cheap.
const MAX_CANDIDATES = 3000;

/** Greedy NMS within each class; input order does not matter. */
function nmsPerClass(cands: Candidate[], iouThreshold: number): Candidate[] {
  const sorted = [...cands].sort((a, b) => b.score - a.score).slice(0, MAX_CANDIDATES);
  const kept: Candidate[] = [];
  for (const c of sorted) {
    if (kept.every((k) => k.cls !== c.cls || iou(k, c) <= iouThreshold)) kept.push(c);
  }
  return kept;
}

const clamp = (v: number, max: number) => Math.min(Math.max(v, 0), max);

export function decodeNanodet(heads: readonly HeadOutput[], opts: DecodeOptions): Detection[] {
  const { transform: t, classNames, keep } = opts;
  const numClasses = classNames.length;
  const cands: Candidate[] = [];
  for (const head of heads) {
    const grid = Math.round(t.inputWidth / head.stride);
    const anchors = grid * Math.round(t.inputHeight / head.stride);
    if (head.scores.length !== anchors * numClasses) {
      throw new Error(`stride ${head.stride}: ${head.scores.length} scores, expected ${anchors}×${numClasses}`);
    }
    const perAnchor = head.boxes.length / anchors;
    const bins = perAnchor / 4;
    if (!Number.isInteger(bins)) throw new Error(`stride ${head.stride}: ${head.boxes.length} box values`);
    for (let a = 0; a < anchors; a++) {
      const base = a * numClasses;
      let box: Box | undefined;
      for (let k = 0; k < keep.length; k++) {
        const c = keep[k]!;
        const score = head.scores[base + c]!;
        if (score < opts.scoreThreshold) continue;
        // The box is shared by all classes of an anchor: decode it only once, and only when needed.
        // No arrays or closures per anchor: at the low threshold a busy frame decodes hundreds of them (GC churn).
        if (!box) {
          const cx = ((a % grid) + 0.5) * head.stride;
          const cy = (Math.floor(a / grid) + 0.5) * head.stride;
          const o = a * perAnchor;
          const st = head.stride;
          box = [
            clamp(cx - dflDistance(head.boxes, o, bins) * st, t.inputWidth),
            clamp(cy - dflDistance(head.boxes, o + bins, bins) * st, t.inputHeight),
            clamp(cx + dflDistance(head.boxes, o + 2 * bins, bins) * st, t.inputWidth),
            clamp(cy + dflDistance(head.boxes, o + 3 * bins, bins) * st, t.inputHeight),
          ];
        }
        cands.push({ cls: c, score, x1: box[0], y1: box[1], x2: box[2], y2: box[3] });
      }
    }
  }
  const kept = nmsPerClass(cands, opts.nmsIou).slice(0, opts.maxDetections ?? Number.POSITIVE_INFINITY);
  // Undo the letterbox and clip to the frame.
  const fx = (v: number) => Math.min(Math.max((v - t.padX) / t.scale, 0), opts.frameWidth);
  const fy = (v: number) => Math.min(Math.max((v - t.padY) / t.scale, 0), opts.frameHeight);
  return kept
    .map((k) => {
      const x1 = fx(k.x1);
      const y1 = fy(k.y1);
      return {
        cls: classNames[k.cls]!,
        score: k.score,
        box: [x1, y1, fx(k.x2) - x1, fy(k.y2) - y1] as Detection['box'],
      };
    })
    .filter((d) => d.box[2] > 0 && d.box[3] > 0);
}
