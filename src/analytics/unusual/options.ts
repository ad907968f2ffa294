// Settings of the per-camera model: one set for every camera (nothing here is tuned per clip).
import type { FeatureOptions } from './cell-features.js';
import type { ObjectOptions } from './object-model.js';
import type { ReferenceOptions } from './references.js';

export interface UsualOptions extends FeatureOptions, ReferenceOptions, ObjectOptions {
  /** A track's speed is the median of its frame-to-frame moves over this much time (an identity switch is one move). */
  speedWindowMs: number;
  /** Which cues score a frame: motion per cell (optical flow, ~3 ms a frame), objects (the tracker's, nearly free), both. */
  cues: 'both' | 'motion' | 'objects';
  /** Analysis width in pixels (the frame's aspect is kept): flow at 180x120 costs about 3 ms. */
  width: number;
  /** Grid cell side in analysis pixels (12 at 180 wide: a person near the camera spans about one cell). */
  cell: number;
  /** Scores are averaged over this much time before thresholding. */
  smoothMs: number;
  /** Share of (held-out) learning frames allowed above the threshold before the margin is applied. */
  falseAlarmRate: number;
  /** The threshold is that quantile times this margin: unseen normal footage is a little less usual. */
  margin: number;
  /** An alarm needs the smoothed score above the threshold for this long. */
  sustainMs: number;
  /** Frames further apart than this (or numbered backwards) start a new stretch: no flow across the cut. */
  gapMs: number;
  /** Learning keeps at most this many frames of features (every other one is dropped when full). */
  maxLearnFrames: number;
}

export const DEFAULT_USUAL_OPTIONS: UsualOptions = {
  width: 180,
  cell: 12,
  movingPxPerS: 4,
  minShare: 0.1,
  speedQuantile: 0.99,
  occupancyQuantile: 0.999,
  priorTail: 0.3,
  priorShare: 1,
  smoothMs: 500,
  falseAlarmRate: 0.01,
  margin: 1.1,
  sustainMs: 400,
  gapMs: 1500,
  maxLearnFrames: 20_000,
  speedWindowMs: 1200,
  cues: 'both',
  objectQuantile: 0.99,
  minSpeedRef: 0.5,
  classPrior: 0.5,
};
