// Which true object each tracker id follows, so that a tracker's situations can be compared with true ones:
// per frame, boxes are paired by IoU (optimal assignment); a tracker id goes to the true id it was paired with most
// often, over its whole life or over one situation's interval (a track may swap people between two events).

import { iouMatrix } from '../../analytics/geometry/box.js';
import { gatedAssignment } from '../../analytics/track/hungarian.js';
import type { MotRow } from '../metrics/mot-format.js';
import { groupByFrame } from '../metrics/mot-format.js';

/** Per tracker id, the true id it was paired with in each frame where it was paired. */
export function framePairs(
  truth: readonly MotRow[],
  predicted: readonly MotRow[],
  minIou = 0.5,
): Map<number, { frame: number; trueId: number }[]> {
  const truthByFrame = groupByFrame(truth);
  const pairs = new Map<number, { frame: number; trueId: number }[]>();
  for (const [frame, preds] of groupByFrame(predicted)) {
    const trues = truthByFrame.get(frame) ?? [];
    if (trues.length === 0) continue;
    const cost = iouMatrix(
      preds.map((p) => p.box),
      trues.map((t) => t.box),
    ).map((row) => row.map((iou) => 1 - iou));
    for (const [p, t] of gatedAssignment(cost, 1 - minIou + 1e-12)) {
      const list = pairs.get(preds[p]!.id) ?? [];
      list.push({ frame, trueId: trues[t]!.id });
      pairs.set(preds[p]!.id, list);
    }
  }
  return pairs;
}

/** The most frequent true id of a list of pairs (ties: the lower id); undefined when empty. */
function mostFrequent(list: readonly { trueId: number }[]): number | undefined {
  const counts = new Map<number, number>();
  for (const { trueId } of list) counts.set(trueId, (counts.get(trueId) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
}

export function majorityIdMap(
  truth: readonly MotRow[],
  predicted: readonly MotRow[],
  minIou = 0.5,
): Map<number, number> {
  const out = new Map<number, number>();
  for (const [predId, list] of framePairs(truth, predicted, minIou)) out.set(predId, mostFrequent(list)!);
  return out;
}

/** `sameTrack` for matchSituations from such a map. */
export function sameTrackVia(map: ReadonlyMap<number, number>): (predictedId: number, trueId: number) => boolean {
  return (p, t) => map.get(p) === t;
}

/**
 * The true id a track follows during an interval: the one it was paired with most within the interval widened by
 * `slackMs` (frame n is at (n - 1) / fps), else over its whole life; undefined for a track never paired.
 */
export function followedDuring(
  truth: readonly MotRow[],
  predicted: readonly MotRow[],
  o: { fps: number; slackMs: number; minIou?: number },
): (predictedId: number, during: { startedAt: number; endedAt: number }) => number | undefined {
  const pairs = framePairs(truth, predicted, o.minIou);
  const whole = new Map([...pairs].map(([id, list]) => [id, mostFrequent(list)]));
  return (p, during) => {
    const from = ((during.startedAt - o.slackMs) * o.fps) / 1000 + 1;
    const to = ((during.endedAt + o.slackMs) * o.fps) / 1000 + 1;
    const inside = (pairs.get(p) ?? []).filter((x) => x.frame >= from && x.frame <= to);
    return inside.length > 0 ? mostFrequent(inside) : whole.get(p);
  };
}

/** `sameTrack` for matchSituations judged during each predicted situation, from followedDuring's answer. */
export function sameTrackDuring(
  followed: (predictedId: number, during: { startedAt: number; endedAt: number }) => number | undefined,
): (predictedId: number, trueId: number, during: { startedAt: number; endedAt: number }) => boolean {
  return (p, t, during) => followed(p, during) === t;
}
