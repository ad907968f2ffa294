// The classic pipeline Vigie is compared with: OpenCV's HOG+SVM people detector on every full frame and a greedy
// IoU tracker, feeding the same scene rules. Single-threaded (opencv-js WASM), no motion gating.

import type { DetectionCache, FrameDetector } from '../../analytics/pipeline/detection-cache.js';
import {
  type FrameAnalyser,
  type PipelineFrame,
  type PipelineStats,
  type PipelineTrack,
  StatsRecorder,
} from '../../analytics/pipeline/pipeline-types.js';
import type { RuleEvent } from '../../analytics/rules/rule-types.js';
import { SceneRules } from '../../analytics/rules/scene-rules.js';
import type { Frame } from '../../media/frames/frame.js';
import { rgbOf } from '../../media/frames/yuv.js';
import { DEFAULT_HOG, type HogOptions, HogPeopleDetector } from './hog-people.js';
import { IouTracker } from './iou-tracker.js';

export interface BaselinePipelineOptions {
  scene?: unknown;
  hog?: Partial<HogOptions>;
  detectionCache?: DetectionCache;
}

export class BaselinePipeline implements FrameAnalyser {
  private readonly recorder = new StatsRecorder();
  private readonly tracker = new IouTracker();
  private rules: SceneRules | undefined;
  private lastMs = 0;

  private constructor(
    private readonly detector: FrameDetector,
    private readonly scene: unknown,
  ) {}

  static async create(o: BaselinePipelineOptions = {}): Promise<BaselinePipeline> {
    const hog = await HogPeopleDetector.create(o.hog);
    const inner: FrameDetector = { detect: (f) => hog.detect(f, 'rgb24') };
    const ns = `hog|${JSON.stringify({ ...DEFAULT_HOG, ...o.hog })}`;
    return new BaselinePipeline(o.detectionCache ? o.detectionCache.wrap(ns, inner) : inner, o.scene);
  }

  async process(input: Frame): Promise<PipelineFrame> {
    if (input.format === 'gray') throw new Error('baseline pipeline needs colour frames (rgb24 or yuv420p), got gray');
    const frame = rgbOf(input);
    this.rules ??= this.scene !== undefined ? new SceneRules(this.scene, frame) : undefined;
    const t0 = performance.now();
    const detections = await this.detector.detect(frame);
    const detectorMs = this.detector.lastRunMs ?? performance.now() - t0;
    this.recorder.add('detector', detectorMs);
    const t1 = performance.now();
    const tracks: PipelineTrack[] = this.tracker.update(detections).map((t) => ({
      id: t.id,
      cls: 'person',
      box: [...t.box],
      score: t.score,
      timeSinceUpdateMs: 0,
    }));
    const t2 = performance.now();
    this.recorder.add('tracker', t2 - t1);
    const ruleEvents = this.rules?.update(tracks, frame.ptsMs) ?? [];
    this.recorder.add('rules', performance.now() - t2);
    this.lastMs = frame.ptsMs;
    const detector: PipelineFrame['detector'] = { kind: 'full', crops: 0, cost: 1, ms: detectorMs };
    this.recorder.frame(detector);
    const tMs = frame.ptsMs;
    return {
      seq: frame.seq,
      tMs,
      detections,
      tracks,
      ruleEvents,
      situationEvents: [],
      motionScore: 0,
      gated: false,
      detector,
    };
  }

  finish(): RuleEvent[] {
    return this.rules?.flush(this.lastMs) ?? [];
  }

  stats(): PipelineStats {
    return this.recorder.snapshot();
  }

  async close(): Promise<void> {
    await this.detector.close?.();
  }
}
