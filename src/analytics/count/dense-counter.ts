// A dense count of one frame: the detector on overlapping tiles (and the full frame), boxes mapped back and merged
// across tiles (NMS, and a person cut by a tile's side dropped when seen whole elsewhere), then one person per box
// at the counting score. The crop and merge code is the pipeline's own (RegionDetector).
import type { Detection } from '../detect/nanodet-decoder.js';
import type { RgbFrameLike } from '../detect/preprocess.js';
import { boxFootPoint } from '../geometry/box.js';
import { type Polygon, pointInPolygon } from '../geometry/polygon.js';
import { type Crop, CropPlanner } from '../pipeline/crop-plan.js';
import { type DetectorFactory, RegionDetector } from '../pipeline/region-detector.js';
import type { CountingSettings } from './count-settings.js';
import { planTiles } from './tile-plan.js';

export interface DenseCount {
  /** People counted (in the whole frame). */
  count: number;
  /** The counted boxes (frame pixels). */
  people: Detection[];
  /** Detector runs. */
  calls: number;
  /** Detector time, crop copies included. */
  ms: number;
}

/** The crops of a dense count: every tile at the model input size, the full frame last when asked. */
export function denseCrops(width: number, height: number, s: CountingSettings, inputSize: number): Crop[] {
  const tiles = s.tilesAcross > 1 ? planTiles(width, height, s.tilesAcross, s.overlap) : [];
  const crops = tiles.map((box): Crop => ({ box, size: inputSize }));
  if (s.fullFrame || crops.length === 0) crops.push({ box: [0, 0, width, height], size: inputSize });
  return crops;
}

/** Boxes counted as people: person class, at the counting score, tall enough, foot point inside the zone if any. */
export function countedPeople(
  dets: readonly Detection[],
  s: CountingSettings,
  frameHeight: number,
  zone?: Polygon,
): Detection[] {
  const minH = s.minBoxHeightRatio * frameHeight;
  return dets.filter(
    (d) =>
      d.cls === 'person' &&
      d.score >= s.scoreThreshold &&
      d.box[3] >= minH &&
      (!zone || pointInPolygon(boxFootPoint(d.box), zone)),
  );
}

export class DenseCounter {
  private region: RegionDetector | undefined;
  private readonly factory: DetectorFactory | undefined;
  /** The region detector is the camera's (not closed here). */
  private readonly shared: boolean;

  /**
   * `detector`: the detector factory, or a camera's own RegionDetector (its model sessions are then shared: the
   * square session of a full-frame run serves the tiles too).
   */
  constructor(
    detector: DetectorFactory | RegionDetector,
    private readonly settings: CountingSettings,
    private readonly inputSize: number,
    private readonly nmsIou: number,
  ) {
    this.shared = detector instanceof RegionDetector;
    if (detector instanceof RegionDetector) this.region = detector;
    else this.factory = detector;
  }

  /** Every box merged across tiles (all scores the detector keeps), the detector runs and time. */
  async detect(frame: RgbFrameLike): Promise<{ detections: Detection[]; calls: number; ms: number }> {
    // Only the square model of inputSize is used: the planner's crop sizes stay empty.
    this.region ??= new RegionDetector(
      this.factory!,
      new CropPlanner(frame.width, frame.height, this.inputSize, []),
      this.nmsIou,
    );
    const crops = denseCrops(frame.width, frame.height, this.settings, this.inputSize);
    const r = await this.region.crops(frame, crops, crops.length);
    return { detections: r.detections, calls: r.calls, ms: r.ms };
  }

  /** People in the frame (or in `zone`, by foot point). */
  async count(frame: RgbFrameLike, zone?: Polygon): Promise<DenseCount> {
    const r = await this.detect(frame);
    const people = countedPeople(r.detections, this.settings, frame.height, zone);
    return { count: people.length, people, calls: r.calls, ms: r.ms };
  }

  /** Closes its own sessions (a shared RegionDetector is its camera's to close). */
  async close(): Promise<void> {
    if (!this.shared) await this.region?.close();
  }
}
