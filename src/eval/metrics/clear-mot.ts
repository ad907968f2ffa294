// CLEAR MOT metrics (Bernardin & Stiefelhagen 2008) as py-motmetrics computes them: per-frame matching at
// IoU ≥ threshold that first keeps still-valid earlier correspondences, then assigns the rest optimally.
import { type Box, boxIou } from '../../analytics/geometry/box.js';
import { maxCardinalityAssignment } from '../../analytics/track/hungarian.js';
import { groupByFrame } from './mot-format.js';

/** One box of one trajectory in one frame (ground truth or hypothesis). */
export interface IdBox {
  frame: number;
  id: number;
  box: Readonly<Box>;
}

export interface ClearMotResult {
  /** 1 − (FN + FP + IDSW) / numGt; can be negative. */
  mota: number;
  /** Mean IoU of the matched pairs (MOTChallenge convention: higher is better). */
  motp: number;
  fp: number;
  fn: number;
  idSwitches: number;
  /** Times a ground-truth trajectory goes from tracked to untracked and is tracked again later. */
  fragmentations: number;
  matches: number;
  numGt: number;
  numHyp: number;
  precision: number;
  recall: number;
  gtTrajectories: number;
  /** Ground-truth trajectories tracked ≥ 80 % / 20-80 % / < 20 % of their frames. */
  mostlyTracked: number;
  partiallyTracked: number;
  mostlyLost: number;
}

export function clearMot(gt: readonly IdBox[], hyp: readonly IdBox[], iouThreshold = 0.5): ClearMotResult {
  const gtByFrame = groupByFrame(gt);
  const hypByFrame = groupByFrame(hyp);
  const frames = [...new Set([...gtByFrame.keys(), ...hypByFrame.keys()])].sort((a, b) => a - b);
  const lastMatch = new Map<number, number>(); // gt id → hyp id it was last matched to
  const history = new Map<number, boolean[]>(); // gt id → matched or not, per frame where it is present
  let fp = 0;
  let fn = 0;
  let idSwitches = 0;
  let matches = 0;
  let iouSum = 0;
  for (const frame of frames) {
    const g = gtByFrame.get(frame) ?? [];
    const h = hypByFrame.get(frame) ?? [];
    const iou = g.map((a) => h.map((b) => boxIou(a.box, b.box)));
    const gUsed = new Array<boolean>(g.length).fill(false);
    const hUsed = new Array<boolean>(h.length).fill(false);
    const pair = (gi: number, hi: number) => {
      gUsed[gi] = true;
      hUsed[hi] = true;
      matches++;
      iouSum += iou[gi]![hi]!;
    };
    // 1. Correspondences from earlier frames stay if still valid (the standard's "keep" step).
    g.forEach((o, gi) => {
      const prev = lastMatch.get(o.id);
      if (prev === undefined) return;
      const hi = h.findIndex((b, k) => !hUsed[k] && b.id === prev);
      if (hi >= 0 && iou[gi]![hi]! >= iouThreshold) pair(gi, hi);
    });
    // 2. The rest: most pairs at IoU ≥ threshold, then highest total IoU.
    const gi2 = g.map((_, i) => i).filter((i) => !gUsed[i]);
    const hi2 = h.map((_, i) => i).filter((i) => !hUsed[i]);
    const cost = gi2.map((gi) => hi2.map((hi) => 1 - iou[gi]![hi]!));
    for (const [r, c] of maxCardinalityAssignment(cost, 1 - iouThreshold)) {
      const gi = gi2[r]!;
      const hi = hi2[c]!;
      if (iou[gi]![hi]! < iouThreshold) continue;
      const prev = lastMatch.get(g[gi]!.id);
      if (prev !== undefined && prev !== h[hi]!.id) idSwitches++;
      lastMatch.set(g[gi]!.id, h[hi]!.id);
      pair(gi, hi);
    }
    g.forEach((o, gi) => {
      const list = history.get(o.id) ?? [];
      list.push(gUsed[gi]!);
      history.set(o.id, list);
    });
    fn += gUsed.filter((u) => !u).length;
    fp += hUsed.filter((u) => !u).length;
  }
  let fragmentations = 0;
  let mostlyTracked = 0;
  let partiallyTracked = 0;
  let mostlyLost = 0;
  for (const seq of history.values()) {
    const first = seq.indexOf(true);
    const last = seq.lastIndexOf(true);
    for (let i = first + 1; first >= 0 && i <= last; i++) if (seq[i - 1] && !seq[i]) fragmentations++;
    const ratio = seq.filter(Boolean).length / seq.length;
    if (ratio >= 0.8) mostlyTracked++;
    else if (ratio >= 0.2) partiallyTracked++;
    else mostlyLost++;
  }
  const numGt = gt.length;
  const numHyp = hyp.length;
  return {
    mota: numGt === 0 ? (fp + idSwitches === 0 ? 1 : Number.NEGATIVE_INFINITY) : 1 - (fn + fp + idSwitches) / numGt,
    motp: matches === 0 ? 0 : iouSum / matches,
    fp,
    fn,
    idSwitches,
    fragmentations,
    matches,
    numGt,
    numHyp,
    precision: numHyp === 0 ? 1 : matches / numHyp,
    recall: numGt === 0 ? 1 : matches / numGt,
    gtTrajectories: history.size,
    mostlyTracked,
    partiallyTracked,
    mostlyLost,
  };
}
