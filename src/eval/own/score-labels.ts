// Frame labels (abnormal 0/1) on a city's clip: how well the camera's unusual score separates its abnormal frames
// (frame ROC AUC), and at each threshold on that score the frames and the situations (runs of abnormal frames) found.
import { rocAuc } from '../../analytics/unusual/roc.js';
import { type OperatingRow, pr, thresholdGrid } from './operating-point.js';
import type { ClipRun } from './run-clip.js';

export interface LabelsScore {
  /** Analysed frames that have a label and an unusual score. */
  frames: number;
  abnormalFrames: number;
  /** Situations in the truth: maximal runs of abnormal frames. */
  truthEvents: number;
  auc: number | null;
  /** Baseline: the same AUC for the share of the picture in motion (more movement = more unusual). */
  motionAuc: number | null;
  /** Raised `unusual` events (the camera's alarms) against the truth runs, at its present threshold. */
  alarms: { raised: number; truthFound: number; eventRecall: number | null; falseAlarms: number };
  /** Rows: threshold on the score over the camera's threshold (1 = its present setting). */
  rows: OperatingRow[];
  /** [frame, score, label] of every scored frame (to plot or score with other tools). */
  perFrame: [number, number, 0 | 1][];
}

/** Runs of consecutive abnormal frames as [first, last] (clip frame numbers). */
export function abnormalRuns(labels: ReadonlyMap<number, 0 | 1>): [number, number][] {
  const frames = [...labels.keys()].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const f of frames) {
    if (!labels.get(f)) continue;
    const last = runs.at(-1);
    if (last && labels.get(f - 1) === 1 && last[1] === f - 1) last[1] = f;
    else runs.push([f, f]);
  }
  return runs;
}

export function scoreLabels(run: ClipRun, labels: ReadonlyMap<number, 0 | 1>): LabelsScore {
  const scored = run.frames.filter((f) => f.unusual !== undefined && labels.has(f.frame));
  if (scored.length === 0)
    throw new Error(
      'no analysed frame has both a label and an unusual score: is the unusual analytic on with a model (--learn or --usual-model), and do the labels number the clip frames from 1?',
    );
  const s = scored.map((f) => f.unusual!);
  const l = scored.map((f) => labels.get(f.frame)!);
  const runs = abnormalRuns(labels);
  const positives = l.filter(Boolean).length;
  const negatives = l.length - positives;
  const rows = thresholdGrid(0.5, 1.5, 0.1, 1).map((t): OperatingRow => {
    const raised = s.map((v) => v >= t);
    const tp = raised.filter((r, i) => r && l[i]).length;
    const fp = raised.filter((r, i) => r && !l[i]).length;
    const found = runs.filter(([a, b]) => scored.some((f, i) => raised[i] && f.frame >= a && f.frame <= b)).length;
    return {
      threshold: t,
      current: t === 1,
      ...pr(tp, tp + fp, positives),
      falsePositiveRate: negatives ? fp / negatives : null,
      eventRecall: runs.length ? found / runs.length : null,
    };
  });
  const alarms = run.situations.filter((x) => x.kind === 'unusual');
  const overlaps = (x: { from: number; to: number }, [a, b]: [number, number]) => x.from <= b && x.to >= a;
  const truthFound = runs.filter((r) => alarms.some((x) => overlaps(x, r))).length;
  return {
    frames: scored.length,
    abnormalFrames: positives,
    truthEvents: runs.length,
    auc: positives && negatives ? rocAuc(s, l) : null,
    motionAuc:
      positives && negatives
        ? rocAuc(
            scored.map((f) => f.motion),
            l,
          )
        : null,
    alarms: {
      raised: alarms.length,
      truthFound,
      eventRecall: runs.length ? truthFound / runs.length : null,
      falseAlarms: alarms.filter((x) => !runs.some((r) => overlaps(x, r))).length,
    },
    rows,
    perFrame: scored.map((f, i) => [f.frame, Math.round(s[i]! * 1000) / 1000, l[i]!]),
  };
}
