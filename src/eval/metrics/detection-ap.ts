// Detection average precision at one IoU threshold, PASCAL VOC 2010+ style (all-point interpolation).
import { type Box, boxIou } from '../../analytics/geometry/box.js';
import { groupByFrame } from './mot-format.js';

export interface ScoredBox {
  frame: number;
  box: Readonly<Box>;
  score: number;
}

export interface PrPoint {
  /** Score of the detection that adds this point: keeping detections ≥ score gives this precision/recall. */
  score: number;
  precision: number;
  recall: number;
  tp: number;
  fp: number;
}

export interface ApResult {
  ap: number;
  numGt: number;
  numDetections: number;
  /** One point per detection, by decreasing score. */
  curve: PrPoint[];
}

/**
 * Ranks all detections by score; each in turn is a true positive when its best-overlapping ground-truth box of the
 * same frame reaches the IoU threshold and was not taken by a higher-scored detection (VOC rule).
 */
export function detectionAp(
  detections: readonly ScoredBox[],
  groundTruth: readonly { frame: number; box: Readonly<Box> }[],
  iouThreshold = 0.5,
): ApResult {
  const gtByFrame = groupByFrame(groundTruth);
  const taken = new Map<number, boolean[]>();
  for (const [f, list] of gtByFrame) taken.set(f, new Array<boolean>(list.length).fill(false));
  const ranked = [...detections].sort((a, b) => b.score - a.score);
  const numGt = groundTruth.length;
  let tp = 0;
  let fp = 0;
  const curve: PrPoint[] = ranked.map((d) => {
    const gts = gtByFrame.get(d.frame) ?? [];
    let best = -1;
    let bestIou = 0;
    gts.forEach((g, i) => {
      const v = boxIou(d.box, g.box);
      if (v > bestIou) {
        bestIou = v;
        best = i;
      }
    });
    const used = taken.get(d.frame);
    if (best >= 0 && bestIou >= iouThreshold && used && !used[best]) {
      used[best] = true;
      tp++;
    } else {
      fp++;
    }
    return { score: d.score, precision: tp / (tp + fp), recall: numGt === 0 ? 0 : tp / numGt, tp, fp };
  });
  return { ap: averagePrecision(curve), numGt, numDetections: ranked.length, curve };
}

/** Area under the precision envelope (precision made monotone from the right), summed where recall changes. */
export function averagePrecision(curve: readonly { precision: number; recall: number }[]): number {
  const rec = [0, ...curve.map((p) => p.recall), 1];
  const pre = [0, ...curve.map((p) => p.precision), 0];
  for (let i = pre.length - 2; i >= 0; i--) pre[i] = Math.max(pre[i]!, pre[i + 1]!);
  let ap = 0;
  for (let i = 1; i < rec.length; i++) if (rec[i] !== rec[i - 1]) ap += (rec[i]! - rec[i - 1]!) * pre[i]!;
  return ap;
}

export interface PrAtThreshold {
  threshold: number;
  precision: number;
  recall: number;
  tp: number;
  fp: number;
  fn: number;
}

/** Precision and recall when keeping the detections scored ≥ threshold (same matching as the AP curve). */
export function precisionRecallAt(result: ApResult, threshold: number): PrAtThreshold {
  let last: PrPoint | undefined;
  for (const p of result.curve) {
    if (p.score < threshold) break;
    last = p;
  }
  const tp = last?.tp ?? 0;
  const fp = last?.fp ?? 0;
  return {
    threshold,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: result.numGt === 0 ? 1 : tp / result.numGt,
    tp,
    fp,
    fn: result.numGt - tp,
  };
}
