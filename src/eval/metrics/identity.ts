// Identity metrics IDF1 / IDP / IDR (Ristani et al. 2016): one global one-to-one matching of whole trajectories
// that maximises the frames where matched trajectories overlap at IoU ≥ threshold (as TrackEval computes it).
import { boxIou } from '../../analytics/geometry/box.js';
import { hungarian } from '../../analytics/track/hungarian.js';
import type { IdBox } from './clear-mot.js';
import { groupByFrame } from './mot-format.js';

export interface IdentityResult {
  idf1: number;
  idp: number;
  idr: number;
  /** Boxes correctly identified (frames where a ground-truth trajectory is covered by its matched hypothesis). */
  idtp: number;
  idfp: number;
  idfn: number;
  /** Ground-truth id → hypothesis id of the optimal matching. */
  mapping: Map<number, number>;
}

export function identityMetrics(gt: readonly IdBox[], hyp: readonly IdBox[], iouThreshold = 0.5): IdentityResult {
  const gtIds = [...new Set(gt.map((r) => r.id))];
  const hypIds = [...new Set(hyp.map((r) => r.id))];
  const gIndex = new Map(gtIds.map((id, i) => [id, i]));
  const hIndex = new Map(hypIds.map((id, i) => [id, i]));
  // Frames in which each (gt, hyp) pair of trajectories overlaps enough.
  const overlap = gtIds.map(() => new Array<number>(hypIds.length).fill(0));
  const hypByFrame = groupByFrame(hyp);
  for (const [frame, gs] of groupByFrame(gt)) {
    const hs = hypByFrame.get(frame) ?? [];
    for (const g of gs) {
      for (const h of hs) {
        if (boxIou(g.box, h.box) >= iouThreshold) overlap[gIndex.get(g.id)!]![hIndex.get(h.id)!]!++;
      }
    }
  }
  // IDFN = |gt| − IDTP and IDFP = |hyp| − IDTP, so minimising IDFN + IDFP is maximising IDTP.
  const assignment = gtIds.length && hypIds.length ? hungarian(overlap.map((r) => r.map((v) => -v))) : [];
  let idtp = 0;
  const mapping = new Map<number, number>();
  assignment.forEach((hi, gi) => {
    if (hi < 0 || overlap[gi]![hi]! === 0) return;
    idtp += overlap[gi]![hi]!;
    mapping.set(gtIds[gi]!, hypIds[hi]!);
  });
  const idfn = gt.length - idtp;
  const idfp = hyp.length - idtp;
  const ratio = (num: number, den: number) => (den === 0 ? 1 : num / den);
  return {
    idf1: ratio(2 * idtp, 2 * idtp + idfp + idfn),
    idp: ratio(idtp, idtp + idfp),
    idr: ratio(idtp, idtp + idfn),
    idtp,
    idfp,
    idfn,
    mapping,
  };
}
