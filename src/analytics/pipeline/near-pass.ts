// The near-field pass carried out on a frame (near-field.ts says why and decides when): the whole frame again at
// nearSize when a detection or a live track is tall in the main input, its tall boxes merged into the main run's.
import type { RgbFrameLike } from '../detect/preprocess.js';
import type { Box } from '../geometry/box.js';
import { shapeCost } from './crop-plan.js';
import { mergeNear, type NearFieldSettings, nearShape, needsNearPass } from './near-field.js';
import type { RegionDetector, RegionRun } from './region-detector.js';

export interface NearPassSettings {
  nearField: NearFieldSettings;
  inputSize: number;
  scoreThreshold: number;
  nmsIou: number;
}

/** `run` with the near pass's detections merged in (and its cost and time added), or `run` itself when not needed. */
export async function withNearPass(
  detector: RegionDetector,
  frame: { width: number; height: number; rgb: () => RgbFrameLike },
  run: RegionRun,
  trackBoxes: readonly Readonly<Box>[],
  s: NearPassSettings,
): Promise<RegionRun> {
  const nf = s.nearField;
  const scale = detector.planner.scale;
  const shape = nearShape(frame.width, frame.height, nf);
  // A near input as large as the main one would see people no smaller: nothing to gain.
  if (Math.max(shape.width, shape.height) >= s.inputSize) return run;
  if (!needsNearPass([...run.detections.map((d) => d.box), ...trackBoxes], scale, nf)) return run;
  const near = await detector.other(frame.rgb(), shape);
  return {
    ...run,
    detections: mergeNear(run.detections, near.dets, scale, nf, s.scoreThreshold, s.nmsIou),
    calls: run.calls + 1,
    cost: run.cost + shapeCost(shape, s.inputSize),
    ms: run.ms + near.ms,
  };
}
