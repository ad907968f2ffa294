// A per-camera model of usual motion: learns from the camera's own normal footage, then scores each frame (and each
// grid cell) by how far its motion is from usual. Motion and object extent only: nothing about who anyone is.
import type { Frame } from '../../media/frames/frame.js';
import type { Box } from '../geometry/box.js';
import { analysisSize, frameGray, type GrayImage } from '../motion/downscale.js';
import { setFlowSpeeds } from './box-flow.js';
import { type Calibration, calibrate, combined, type LearnedFrame } from './calibrate.js';
import { cellCount, cellFeatures, type Grid, makeGrid } from './cell-features.js';
import { FlowEstimator } from './flow.js';
import { learnObjectRefs, type ObjectFinding, type ObjectRefs, scoreObjects } from './object-model.js';
import { type ObjectObs, TrackHistory, type TrackLike } from './objects.js';
import { DEFAULT_USUAL_OPTIONS, type UsualOptions } from './options.js';
import { objectReason, reasonText, type UnusualFeature } from './reasons.js';
import { type FeatureRow, learnReferences, type References } from './references.js';
import { scoreRow } from './scoring.js';
import { fromJsonParts, toJsonParts, type UsualModelJson } from './serialize.js';
import { ScoreSmoother, SustainedAlarm } from './smoothing.js';

export interface UnusualCell {
  /** [x, y, w, h] in the frame's pixels. */
  region: Box;
  /** Ratio to the usual high quantile (above 1: beyond what learning saw there almost always). */
  score: number;
  feature: UnusualFeature;
  reason: string;
  /** The track it is about (object features). */
  trackId?: number;
}

export interface UsualScore {
  seq: number;
  ptsMs: number;
  /** The most unusual cell's ratio on this frame alone. */
  raw: number;
  /** `raw` averaged over `smoothMs`: compare this to `threshold`. */
  score: number;
  /** Cells at least as unusual as the learning's high quantile, most unusual first (at most 8). */
  cells: UnusualCell[];
  above: boolean;
  /** The sustained alarm is on (see `SustainedAlarm`). */
  alarm: boolean;
  /** True on the frame the alarm starts: where a caller emits an `unusual` event. */
  alarmStarted: boolean;
}

const MAX_CELLS = 8;

export class UsualModel {
  readonly options: UsualOptions;
  private grid: Grid | undefined;
  private prev: { img: GrayImage; seq: number; ptsMs: number } | undefined;
  private learned: LearnedFrame[] = [];
  private stride = 1;
  private offered = 0;
  private stretch = 0;
  private refs: References | undefined;
  private objectRefs: ObjectRefs | undefined;
  private readonly tracks: TrackHistory;
  private smoother: ScoreSmoother;
  private alarmState: SustainedAlarm;
  calibration: Calibration | undefined;

  private constructor(
    readonly cameraId: string,
    private readonly flow: FlowEstimator,
    options: Partial<UsualOptions>,
  ) {
    this.options = { ...DEFAULT_USUAL_OPTIONS, ...options };
    this.smoother = new ScoreSmoother(this.options.smoothMs);
    this.alarmState = new SustainedAlarm(this.options.sustainMs);
    this.tracks = new TrackHistory(this.options.speedWindowMs);
  }

  /** Loads opencv-js (once per thread) for the optical flow. */
  static async create(cameraId: string, options: Partial<UsualOptions> = {}): Promise<UsualModel> {
    return new UsualModel(cameraId, await FlowEstimator.create(), options);
  }

  static async fromJSON(json: UsualModelJson): Promise<UsualModel> {
    const parts = fromJsonParts(json);
    const m = await UsualModel.create(json.cameraId, parts.options);
    m.grid = parts.grid;
    m.refs = parts.refs;
    m.objectRefs = parts.objectRefs;
    m.calibration = parts.calibration;
    return m;
  }

  toJSON(): UsualModelJson {
    if (!this.refs || !this.grid || !this.calibration) throw new Error('unusual: finalize() before saving');
    return toJsonParts(this.cameraId, this.options, this.grid, this.refs, this.calibration, this.objectRefs);
  }

  get ready(): boolean {
    return this.refs !== undefined;
  }

  /** The smoothed score above which a frame is unusual (set by `finalize`). */
  get threshold(): number {
    if (!this.calibration) throw new Error('unusual: no threshold before finalize()');
    return this.calibration.threshold;
  }

  get learnedFrames(): number {
    return this.learned.length;
  }

  /**
   * Adds a frame of normal footage with the tracker's output on it. Frames of several clips may follow one another
   * (each clip restarts at seq 0).
   */
  learn(frame: Frame, tracks: ReadonlyArray<TrackLike> = []): void {
    if (this.refs) throw new Error('unusual: the model is finalized; learn a new one');
    const step = this.features(frame, tracks);
    if (!step) return;
    // Full: keep every other frame and from now on only every `stride`-th one, so memory stays bounded.
    if (this.offered++ % this.stride !== 0) return;
    this.learned.push({ row: step.row, objects: step.objects, ptsMs: frame.ptsMs, stretch: this.stretch });
    if (this.learned.length >= this.options.maxLearnFrames) {
      this.learned = this.learned.filter((_, i) => i % 2 === 0);
      this.stride *= 2;
    }
  }

  /** Computes the references and the threshold; scoring may start. */
  finalize(): void {
    if (!this.grid || this.learned.length < 20) throw new Error('unusual: too little footage learned (20+ frames)');
    const cells = cellCount(this.grid);
    this.refs = learnReferences(
      this.learned.map((f) => f.row),
      cells,
      this.grid.cols,
      this.options,
    );
    this.objectRefs = learnObjectRefs(
      this.learned.map((f) => f.objects),
      this.options,
    );
    this.calibration = calibrate(this.learned, cells, this.grid.cols, this.options);
    this.learned = [];
    this.prev = undefined;
    this.tracks.reset();
  }

  /** Scores a frame of live or recorded footage (the first frame of a stretch has no motion yet: score 0). */
  score(frame: Frame, tracks: ReadonlyArray<TrackLike> = []): UsualScore {
    if (!this.refs || !this.calibration) throw new Error('unusual: finalize() before scoring');
    const step = this.features(frame, tracks);
    const base = { seq: frame.seq, ptsMs: frame.ptsMs };
    if (!step) {
      this.smoother.reset();
      this.alarmState.reset();
      return { ...base, raw: 0, score: 0, cells: [], above: false, alarm: false, alarmStarted: false };
    }
    const cells = cellCount(this.grid!);
    const s = scoreRow(step.row, this.refs, cells);
    const found = this.objectRefs ? scoreObjects(step.objects, this.objectRefs, this.options) : [];
    const raw = combined(s.raw, found[0]?.ratio ?? 0, this.calibration);
    const score = this.smoother.push(frame.ptsMs, raw);
    const above = score > this.calibration.threshold;
    const alarmStarted = this.alarmState.push(frame.ptsMs, above);
    return {
      ...base,
      raw,
      score,
      cells: this.mostUnusual(this.topObjects(found), this.topCells(frame, s)),
      above,
      alarm: this.alarmState.active,
      alarmStarted,
    };
  }

  // Objects past their usual first (they say what moves: "a bicycle where only people pass"), then cells (they only
  // say where); each group ordered by its ratio.
  private mostUnusual(objects: UnusualCell[], cells: UnusualCell[]): UnusualCell[] {
    return [...objects.sort((p, q) => q.score - p.score), ...cells].slice(0, MAX_CELLS);
  }

  // The tracks past the usual, each once (its most unusual feature), in words a person can check on the picture.
  private topObjects(found: ObjectFinding[]): UnusualCell[] {
    const seen = new Set<number>();
    const out: UnusualCell[] = [];
    for (const f of found) {
      if (f.ratio < 1 || seen.has(f.obs.id)) continue;
      seen.add(f.obs.id);
      const feature: UnusualFeature = f.feature === 'class' ? 'class' : `object-${f.feature}`;
      out.push({
        region: f.obs.box,
        score: f.ratio,
        feature,
        reason: objectReason(f, this.objectRefs!),
        trackId: f.obs.id,
      });
    }
    return out;
  }

  private topCells(frame: Frame, s: ReturnType<typeof scoreRow>): UnusualCell[] {
    const g = this.grid!;
    const sx = frame.width / g.width;
    const sy = frame.height / g.height;
    const order = [...s.cell.keys()].filter((c) => s.cell[c]! >= 1).sort((a, b) => s.cell[b]! - s.cell[a]!);
    return order.slice(0, MAX_CELLS).map((c) => {
      const x = (c % g.cols) * g.cell;
      const y = Math.floor(c / g.cols) * g.cell;
      const w = Math.min(g.cell, g.width - x);
      const h = Math.min(g.cell, g.height - y);
      const feature: UnusualFeature = s.feature[c] ? 'extent' : 'speed';
      const index = s.feature[c] ? cellCount(g) + c : c;
      return {
        region: [Math.round(x * sx), Math.round(y * sy), Math.round(w * sx), Math.round(h * sy)],
        score: s.cell[c]!,
        feature,
        reason: reasonText(feature, s.cell[c]!, this.refs!, index),
      };
    });
  }

  // Flow from the previous frame of the same stretch, and the tracks seen; undefined on a stretch's first frame.
  private features(
    frame: Frame,
    tracks: ReadonlyArray<TrackLike>,
  ): { row: FeatureRow; objects: ObjectObs[] } | undefined {
    const grid = this.learnedGrid(frame);
    const img = frameGray(frame, grid.width, grid.height);
    const prev = this.prev;
    this.prev = { img, seq: frame.seq, ptsMs: frame.ptsMs };
    const dtMs = prev ? frame.ptsMs - prev.ptsMs : 0;
    if (!prev || frame.seq <= prev.seq || dtMs <= 0 || dtMs > this.options.gapMs) {
      this.stretch++;
      this.tracks.reset();
      this.tracks.observe(tracks, frame.ptsMs, frame.height);
      return undefined;
    }
    const row = new Float32Array(2 * cellCount(grid));
    const objects = this.tracks.observe(tracks, frame.ptsMs, frame.height);
    // Objects only: no optical flow to compute (the cheaper setting); the motion row stays empty and objects keep
    // their tracked speed.
    if (this.options.cues !== 'objects') {
      const flow = this.flow.compute(prev.img, img);
      const f = cellFeatures(flow, dtMs / 1000, grid, this.options);
      row.set(f.speed);
      row.set(f.occupancy, f.speed.length);
      setFlowSpeeds(objects, flow, grid, frame.width, frame.height, dtMs / 1000);
    }
    return { row, objects };
  }

  /**
   * The grid of the learned picture (the first frame's analysisSize). A frame decoded smaller than the source has its
   * height rounded to even, which can move its picture by a row (640x480 decoded 300 wide is 300x226: 180x136,
   * learned from the source's 180x135): within a pixel, it is analysed at the learned size; another aspect is refused.
   */
  private learnedGrid(frame: Frame): Grid {
    const size = analysisSize(frame.width, frame.height, this.options.width);
    this.grid ??= makeGrid(size.width, size.height, this.options.cell);
    const g = this.grid;
    if (Math.abs(size.width - g.width) > 1 || Math.abs(size.height - g.height) > 1) {
      throw new Error(
        `unusual: ${frame.width}x${frame.height} frames (a ${size.width}x${size.height} picture) do not match the learned picture size ${g.width}x${g.height}`,
      );
    }
    return g;
  }

  /** Frees the WASM memory of the flow estimator. */
  dispose(): void {
    this.flow.dispose();
  }
}
