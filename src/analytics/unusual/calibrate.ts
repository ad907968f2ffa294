// The operating threshold from the learning footage itself, scored out of sample (block k-fold over time) so the
// threshold reflects normal footage the references did not see, as the camera's next days will be.
// Two cues are scored: motion per cell (optical flow) and objects (the tracker). Each is first put on the scale of its
// own held-out high quantile (1 = as unusual as 1 - falseAlarmRate of unseen normal frames), so neither dominates
// the max by its units; the threshold is then a quantile of that max.

import { learnObjectRefs, type ObjectRefs, scoreObjects } from './object-model.js';
import type { ObjectObs } from './objects.js';
import type { UsualOptions } from './options.js';
import { type FeatureRow, learnReferences, quantile } from './references.js';
import { scoreRow } from './scoring.js';
import { ScoreSmoother } from './smoothing.js';

export interface Calibration {
  /** Learning frames scored out of sample. */
  frames: number;
  median: number;
  q99: number;
  q999: number;
  max: number;
  threshold: number;
  /** The flow cue's held-out high quantile (its raw ratio is divided by this; absent: the cue is off). */
  flowNorm?: number;
  /** The object cue's held-out high quantile (absent: a model without the object cue). */
  objectNorm?: number;
}

export interface LearnedFrame {
  row: FeatureRow;
  objects: ObjectObs[];
  ptsMs: number;
  /** Stretch of continuous footage the frame belongs to (smoothing never crosses stretches). */
  stretch: number;
}

const FOLDS = 4;

/** The object cue's raw score of a frame: its most unusual finding (0 with no object). */
export function objectRaw(objs: ObjectObs[], refs: ObjectRefs, o: UsualOptions): number {
  return scoreObjects(objs, refs, o)[0]?.ratio ?? 0;
}

/** One frame's score from its two cues' raw ratios. */
export function combined(flow: number, object: number, c: Pick<Calibration, 'flowNorm' | 'objectNorm'>): number {
  return Math.max(c.flowNorm ? flow / c.flowNorm : 0, c.objectNorm ? object / c.objectNorm : 0);
}

export function calibrate(frames: LearnedFrame[], cells: number, cols: number, o: UsualOptions): Calibration {
  const n = frames.length;
  const fold = (i: number) => Math.min(FOLDS - 1, Math.floor((i * FOLDS) / n));
  const flow = new Float64Array(n);
  const obj = new Float64Array(n);
  for (let f = 0; f < FOLDS; f++) {
    const use = (i: number) => fold(i) !== f;
    const rows = frames.map((x) => x.row);
    const refs = learnReferences(rows, cells, cols, o, use);
    const orefs = learnObjectRefs(
      frames.map((x) => x.objects),
      o,
      use,
    );
    for (let i = 0; i < n; i++) {
      if (fold(i) !== f) continue;
      flow[i] = scoreRow(frames[i]!.row, refs, cells).raw;
      obj[i] = objectRaw(frames[i]!.objects, orefs, o);
    }
  }
  const hi = (v: Float64Array) => quantile(v.slice().sort(), 1 - o.falseAlarmRate);
  // A cue left out has no norm: it weighs nothing.
  const norms = {
    ...(o.cues !== 'objects' && { flowNorm: Math.max(hi(flow), 1e-3) }),
    ...(o.cues !== 'motion' && { objectNorm: Math.max(hi(obj), 1) }),
  };
  const smooth = new Float64Array(n);
  const smoother = new ScoreSmoother(o.smoothMs);
  for (let i = 0; i < n; i++) {
    if (i > 0 && frames[i]!.stretch !== frames[i - 1]!.stretch) smoother.reset();
    smooth[i] = smoother.push(frames[i]!.ptsMs, combined(flow[i]!, obj[i]!, norms));
  }
  const sorted = smooth.slice().sort();
  const at = (q: number) => quantile(sorted, q);
  return {
    frames: n,
    median: at(0.5),
    q99: at(0.99),
    q999: at(0.999),
    max: sorted[n - 1] ?? 0,
    threshold: at(1 - o.falseAlarmRate) * o.margin,
    ...norms,
  };
}
