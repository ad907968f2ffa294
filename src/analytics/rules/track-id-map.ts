// Which true object each tracker id follows, so that a tracker's situations can be compared with true ones:
// per frame, boxes are paired by IoU (optimal assignment), and each tracker id goes to the true id it was paired
// with most often.
import type { MotRow } from '../eval/mot-format.js';
import { groupByFrame } from '../eval/mot-format.js';
import { iouMatrix } from '../geometry/box.js';
import { gatedAssignment } from '../track/hungarian.js';

export function majorityIdMap(
  truth: readonly MotRow[],
  predicted: readonly MotRow[],
  minIou = 0.5,
): Map<number, number> {
  const truthByFrame = groupByFrame(truth);
  const counts = new Map<number, Map<number, number>>();
  for (const [frame, preds] of groupByFrame(predicted)) {
    const trues = truthByFrame.get(frame) ?? [];
    if (trues.length === 0) continue;
    const cost = iouMatrix(
      preds.map((p) => p.box),
      trues.map((t) => t.box),
    ).map((row) => row.map((iou) => 1 - iou));
    for (const [p, t] of gatedAssignment(cost, 1 - minIou + 1e-12)) {
      const byTrue = counts.get(preds[p]!.id) ?? new Map<number, number>();
      const trueId = trues[t]!.id;
      byTrue.set(trueId, (byTrue.get(trueId) ?? 0) + 1);
      counts.set(preds[p]!.id, byTrue);
    }
  }
  const out = new Map<number, number>();
  for (const [predId, byTrue] of counts) {
    const best = [...byTrue].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]!;
    out.set(predId, best[0]);
  }
  return out;
}

/** `sameTrack` for matchSituations from such a map. */
export function sameTrackVia(map: ReadonlyMap<number, number>): (predictedId: number, trueId: number) => boolean {
  return (p, t) => map.get(p) === t;
}
