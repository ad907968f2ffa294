// One camera's analysis: rgb24 or yuv420p frame ► privacy mask ► motion ► gate ► detector (only where motion or a
// live track is; the full frame now and then) ► tracker ► scene rules. Frames come in order; state lives here.
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Frame } from '../../media/frames/frame.js';
import { RgbScratch } from '../../media/frames/yuv.js';
import { ensureNanodetOnnx } from '../detect/convert/convert-nanodet.js';
import type { Detection } from '../detect/nanodet-decoder.js';
import { OnnxDetector } from '../detect/onnx-detector.js';
import { resolvePrecision } from '../detect/precision.js';
import { squareInput } from '../detect/preprocess.js';
import type { Box } from '../geometry/box.js';
import { PrivacyMask } from '../masks/privacy-mask.js';
import { MotionDetector, type MotionResult } from '../motion/motion-detector.js';
import { MotionGate } from '../motion/motion-gate.js';
import type { RuleEvent } from '../rules/rule-types.js';
import { SceneRules } from '../rules/scene-rules.js';
import { SituationSuite } from '../situations/situation-suite.js';
import type { SituationEvent, SituationKind } from '../situations/situation-types.js';
import { boxAppearance } from '../track/appearance.js';
import type { Track, TrackerDetection } from '../track/track-types.js';
import { Tracker } from '../track/tracker.js';
import type { UsualModelJson } from '../unusual/serialize.js';
import { CropPlanner, trackRegions } from './crop-plan.js';
import { DenseSchedule } from './dense-schedule.js';
import type { DetectionCache } from './detection-cache.js';
import { nearShape } from './near-field.js';
import { withNearPass } from './near-pass.js';
import {
  type FrameAnalyser,
  type PipelineFrame,
  type PipelineStats,
  type Stage,
  StatsRecorder,
} from './pipeline-types.js';
import { type DetectorFactory, RegionDetector, type RegionRun } from './region-detector.js';
import { type PipelineSettings, type PipelineSettingsInput, parsePipelineSettings } from './settings.js';

export interface CameraPipelineOptions {
  cameraId?: string;
  /** Scene configuration (zones, lines, rules) in any form SceneConfigSchema accepts; none: no rule events. */
  scene?: unknown;
  /** Where converted models are kept (default $VIGIE_MODEL_CACHE or <tmp>/vigie-models). */
  modelCacheDir?: string;
  /** Remembers detector outputs by picture content (evaluation re-runs, tests). */
  detectionCache?: DetectionCache;
  /** Replaces the NanoDet detector (tests, other models). */
  detectorFactory?: DetectorFactory;
}

export function defaultModelCacheDir(): string {
  return process.env.VIGIE_MODEL_CACHE ?? join(tmpdir(), 'vigie-models');
}

/** NanoDet sessions per input size, with the settings' thresholds (and the cache when given). */
export function nanodetFactory(s: PipelineSettings, modelCacheDir: string, cache?: DetectionCache): DetectorFactory {
  return async ({ width, height }) => {
    // The model scores only the camera's classes: the same scores for them, less head work for the rest.
    const modelPath = await ensureNanodetOnnx(modelCacheDir, width, {
      precision: resolvePrecision(s.precision, s.executionProvider),
      inputHeight: height,
      classes: s.classes,
    });
    const det = await OnnxDetector.create({
      modelPath,
      inputSize: width,
      inputHeight: height,
      threads: s.threads,
      classes: s.classes,
      modelClasses: s.classes,
      scoreThreshold: s.lowScoreThreshold,
      nmsIou: s.nmsIou,
      executionProvider: s.executionProvider,
    });
    const ns = `${basename(modelPath, '.onnx')}|${s.lowScoreThreshold}|${s.nmsIou}|${s.classes.join(',')}`;
    return cache ? cache.wrap(ns, det) : det;
  };
}

interface SizeState {
  width: number;
  height: number;
  motion: MotionDetector;
  gate: MotionGate;
  detector: RegionDetector;
  rules: SceneRules | undefined;
  /** The dense count (on this state's detector), when the camera counts by tiles and a rule counts people in a zone. */
  dense: DenseSchedule | undefined;
}

export class CameraPipeline implements FrameAnalyser {
  readonly settings: PipelineSettings;
  private readonly mask: PrivacyMask;
  private readonly factory: DetectorFactory;
  private readonly recorder = new StatsRecorder();
  private readonly tracker: Tracker;
  private state: SizeState | undefined;
  private lastTracks: Track[] = [];
  private lastMs = 0;
  private frameNo = 0;
  /** The share moving when motion last ran (frames the detector skips repeat it). */
  private motionScore = 0;
  private pendingEvents: RuleEvent[] = [];
  private suite: SituationSuite | undefined;
  private readonly rgb = new RgbScratch();

  private constructor(
    settings: PipelineSettingsInput,
    private readonly o: CameraPipelineOptions,
  ) {
    this.settings = parsePipelineSettings(settings);
    this.mask = new PrivacyMask(o.cameraId ?? 'camera', this.settings.masks);
    const s = this.settings;
    this.factory = o.detectorFactory ?? nanodetFactory(s, o.modelCacheDir ?? defaultModelCacheDir(), o.detectionCache);
    this.tracker = new Tracker({
      highScore: s.scoreThreshold,
      lowScore: s.lowScoreThreshold,
      newTrackScore: Math.min(0.99, s.scoreThreshold + 0.1),
      maxLostMs: s.maxLostSeconds * 1000,
      shownScore: s.shownTrackScore,
      classes: s.classes,
      appearanceWeight: s.appearance.weight,
    });
  }

  /** Validates the settings and the scene (throws listing every problem) and loads the full-frame model. */
  static async create(settings: PipelineSettingsInput = {}, o: CameraPipelineOptions = {}): Promise<CameraPipeline> {
    const p = new CameraPipeline(settings, o);
    if (o.scene !== undefined) new SceneRules(o.scene, { width: 1, height: 1 }); // fail early on a bad scene
    await p.factory(squareInput(p.settings.inputSize)).then((d) => d.close?.());
    p.suite = await SituationSuite.create(p.settings.situations);
    return p;
  }

  async process(frame: Frame): Promise<PipelineFrame> {
    if (frame.format === 'gray') throw new Error('camera pipeline needs colour frames (rgb24 or yuv420p), got gray');
    const s = this.settings;
    const st = await this.sized(frame.width, frame.height);
    const tMs = frame.ptsMs;
    const time = <T>(stage: Stage, fn: () => T): T => {
      const t0 = performance.now();
      const r = fn();
      this.recorder.add(stage, performance.now() - t0);
      return r;
    };
    time('mask', () => this.mask.apply(frame));
    // One frame in detectEvery reaches the detector; in between the tracker predicts.
    const due = this.frameNo++ % s.detectEvery === 0;
    // A newcomer becomes a track only when detected on consecutive frames: none is skipped while one is confirming.
    const skip = !due && (s.skipWhen === 'always' || this.tracker.tentativeCount === 0);
    // Motion serves the gate: a skipped frame asks it nothing, so the (time-based) background model waits a frame.
    const m = skip ? undefined : time('motion', () => st.motion.detect(frame));
    if (m) this.motionScore = m.score;
    const main = m ? await this.detect(st, frame, m, tMs) : undefined;
    const rgb = () => this.rgb.of(frame);
    const boxes = this.lastTracks.map((t) => t.box);
    const run =
      main && (await withNearPass(st.detector, { width: frame.width, height: frame.height, rgb }, main, boxes, s));
    if (run) this.recorder.add('detector', run.ms);
    const minH = s.minBoxHeightRatio * frame.height;
    const detections: Detection[] = (run?.detections ?? []).filter((d) => d.box[3] >= minH);
    const tracks = time('tracker', () =>
      skip ? this.tracker.predict(tMs) : this.tracker.update(this.withAppearance(frame, detections), tMs),
    );
    this.lastTracks = tracks;
    this.lastMs = tMs;
    const counted = await st.dense?.people(frame, rgb, (ms) => this.recorder.add('detector', ms));
    const ruleEvents = [...this.pendingEvents, ...time('rules', () => st.rules?.update(tracks, tMs, counted) ?? [])];
    this.pendingEvents = [];
    const situationEvents = time('situations', () => this.suite?.update({ frame, tracks, tMs }) ?? []);
    const detector: PipelineFrame['detector'] = run
      ? { kind: run.kind, crops: run.kind === 'crops' ? run.calls : 0, cost: run.cost, ms: run.ms }
      : { kind: 'none', crops: 0, cost: 0, ms: 0 };
    this.recorder.frame(detector);
    return {
      seq: frame.seq,
      tMs,
      detections,
      tracks,
      ruleEvents,
      situationEvents,
      ...(counted && { counted }),
      motionScore: this.motionScore,
      ...(this.suite?.unusualRatio !== undefined && { unusualScore: this.suite.unusualRatio }),
      gated: !run,
      ...(skip && { skipped: true }),
      detector,
    };
  }

  /** The confident detections with their colour descriptors (the only ones the tracker compares by colour). */
  private withAppearance(frame: Frame, detections: Detection[]): TrackerDetection[] {
    const s = this.settings;
    if (s.appearance.weight <= 0) return detections;
    return detections.map((d) => (d.score >= s.scoreThreshold ? { ...d, appearance: boxAppearance(frame, d.box) } : d));
  }

  /** The gate's decision for this frame, carried out: full frame, crops (motion and live tracks), or nothing. */
  private async detect(st: SizeState, frame: Frame, m: MotionResult, tMs: number): Promise<RegionRun | undefined> {
    const s = this.settings;
    const t0 = performance.now();
    const decision = s.gating.enabled ? st.gate.decide(m, tMs) : ({ kind: 'full', reason: 'first' } as const);
    this.recorder.add('motion', performance.now() - t0);
    if (decision.kind === 'full') return st.detector.full(this.rgb.of(frame));
    const regions: Box[] = decision.kind === 'regions' ? [...decision.regions] : [];
    if (s.gating.trackRegions)
      regions.push(...trackRegions(this.lastTracks, (tMs - this.lastMs) / 1000, s.gating.padShare, frame));
    const plan = st.detector.planner.plan(regions);
    if (plan.kind === 'full') return st.detector.full(this.rgb.of(frame));
    if (plan.crops.length > 0) return st.detector.crops(this.rgb.of(frame), plan.crops, plan.cost);
    return undefined;
  }

  /** State for this frame size; a change of size (a camera reconfigured) restarts it, closing open situations. */
  private async sized(width: number, height: number): Promise<SizeState> {
    const cur = this.state;
    if (cur && cur.width === width && cur.height === height) return cur;
    await this.teardown();
    const s = this.settings;
    const gate = new MotionGate({
      padShare: s.gating.padShare,
      fullFrameShare: s.gating.fullFrameShare,
      refreshMs: s.gating.refreshSeconds * 1000,
      holdMs: s.gating.holdSeconds * 1000,
    });
    const planner = new CropPlanner(width, height, s.inputSize, s.gating.cropSizes, s.inputShape === 'fit');
    const detector = new RegionDetector(this.factory, planner, s.nmsIou);
    const near = nearShape(width, height, s.nearField);
    await detector.warm(s.gating.enabled, s.nearField.enabled && near.width < s.inputSize ? [near] : []);
    const motion = await MotionDetector.create({
      analysisWidth: s.motion.analysisWidth,
      model: s.motion.model,
      minBlobShare: s.motion.minBlobShare,
    });
    const rules = this.o.scene !== undefined ? new SceneRules(this.o.scene, { width, height }) : undefined;
    const dense =
      s.counting.method === 'tiles' && rules?.countsPeople
        ? new DenseSchedule(detector, s.counting, s.inputSize, s.nmsIou)
        : undefined;
    // Ids keep counting up across a restart, so they stay unique in the camera's output.
    this.tracker.reset();
    this.lastTracks = [];
    this.state = { width, height, motion, gate, detector, rules, dense };
    return this.state;
  }

  private async teardown(): Promise<void> {
    const cur = this.state;
    if (!cur) return;
    this.pendingEvents.push(...(cur.rules?.flush(this.lastMs) ?? []));
    cur.motion.close();
    await cur.detector.close();
    this.state = undefined;
  }

  /** Another stream follows (the next file): tracks, motion and rules start afresh, as on a change of size. */
  async newStream(): Promise<void> {
    await this.teardown();
  }

  /** Ends the unusual analytic's learning now (footage from files) and returns its model, for a model file. */
  finishUnusualLearning(cameraId: string): UsualModelJson {
    const u = this.suite?.unusual;
    if (!u) throw new Error('unusual: not enabled on this pipeline');
    return u.finishLearning(cameraId);
  }

  finish(): RuleEvent[] {
    const out = [...this.pendingEvents, ...(this.state?.rules?.flush(this.lastMs) ?? [])];
    this.pendingEvents = [];
    return out;
  }

  finishSituations(): SituationEvent[] {
    return this.suite?.flush(this.lastMs) ?? [];
  }

  /** The scene analytics this camera runs, as built from its settings (seam tests). */
  get situations(): SituationSuite | undefined {
    return this.suite;
  }

  /** Milliseconds per scene analytic since the start (benchmarks). */
  situationMs(): Partial<Record<SituationKind, number>> {
    return { ...this.suite?.ms };
  }

  stats(): PipelineStats {
    return this.recorder.snapshot();
  }

  async close(): Promise<void> {
    this.suite?.close();
    this.state?.motion.close();
    await this.state?.detector.close();
    this.state = undefined;
  }
}
