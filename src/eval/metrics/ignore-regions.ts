// Ignore regions of MOT ground truth: boxes the truth does not want counted either way (MOTChallenge's "not to
// consider" rows, a person cut by a crop). A hypothesis on one is neither a hit nor a false positive (the MOT16
// devkit's rule); TrackEval's MOT15 path instead drops those rows and counts tracks on them as false.
import { boxIntersection, boxIou } from '../../analytics/geometry/box.js';
import type { IdBox } from './clear-mot.js';
import { groupByFrame } from './mot-format.js';

/**
 * The hypotheses minus those with at least half their area on an ignore box and no true box at IoU ≥ `iou`
 * (a detector's box of a half-visible person rarely reaches IoU 0.5 with the whole one, so area, not IoU).
 */
export function withoutIgnored<T extends IdBox>(
  hyp: readonly T[],
  gt: readonly IdBox[],
  ignore: readonly IdBox[],
  iou = 0.5,
): T[] {
  if (ignore.length === 0) return [...hyp];
  const gtAt = groupByFrame(gt);
  const ignoreAt = groupByFrame(ignore);
  return hyp.filter((h) => {
    const half = 0.5 * h.box[2] * h.box[3];
    const onIgnore = (ignoreAt.get(h.frame) ?? []).some((i) => boxIntersection(i.box, h.box) >= half);
    return !onIgnore || (gtAt.get(h.frame) ?? []).some((g) => boxIou(g.box, h.box) >= iou);
  });
}
