// The operating threshold from the learning footage itself, scored out of sample (block k-fold over time) so the
// threshold reflects normal footage the references did not see, as the camera's next days will be.

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
}

export interface LearnedFrame {
  row: FeatureRow;
  ptsMs: number;
  /** Stretch of continuous footage the frame belongs to (smoothing never crosses stretches). */
  stretch: number;
}

const FOLDS = 4;

export function calibrate(frames: LearnedFrame[], cells: number, cols: number, o: UsualOptions): Calibration {
  const n = frames.length;
  const fold = (i: number) => Math.min(FOLDS - 1, Math.floor((i * FOLDS) / n));
  const raw = new Float64Array(n);
  for (let f = 0; f < FOLDS; f++) {
    const refs = learnReferences(
      frames.map((x) => x.row),
      cells,
      cols,
      o,
      (i) => fold(i) !== f,
    );
    for (let i = 0; i < n; i++) if (fold(i) === f) raw[i] = scoreRow(frames[i]!.row, refs, cells).raw;
  }
  const smooth = new Float64Array(n);
  const smoother = new ScoreSmoother(o.smoothMs);
  for (let i = 0; i < n; i++) {
    if (i > 0 && frames[i]!.stretch !== frames[i - 1]!.stretch) smoother.reset();
    smooth[i] = smoother.push(frames[i]!.ptsMs, raw[i]!);
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
  };
}
