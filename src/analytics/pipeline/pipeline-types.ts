// What a camera's analysis gives per frame and in total, whatever runs it (Vigie's pipeline or the baseline).

import type { Frame } from '../../media/frames/frame.js';
import type { Detection } from '../detect/nanodet-decoder.js';
import type { Box } from '../geometry/box.js';
import type { CountedPerson, RuleEvent, RuleTrack } from '../rules/rule-types.js';
import type { SituationEvent } from '../situations/situation-types.js';

export const STAGES = ['mask', 'motion', 'detector', 'tracker', 'rules', 'situations'] as const;
export type Stage = (typeof STAGES)[number];

/** A track as the pipeline reports it (the tracker's Track fits; the baseline's tracks too). */
export interface PipelineTrack extends RuleTrack {
  box: Box;
  velocity?: { vx: number; vy: number };
}

export interface PipelineFrame {
  /** The frame's index among the source's decoded frames, 0-based (MOT frame = seq + 1, with or without an fps). */
  seq: number;
  tMs: number;
  /** What reached the tracker: scores ≥ the low threshold, tall enough, in frame pixels. */
  detections: Detection[];
  tracks: PipelineTrack[];
  /** Start / update / end events of the scene rules produced by this frame. */
  ruleEvents: RuleEvent[];
  /** Start / end events of the scene analytics (tamper, crowd movement, …) produced by this frame. */
  situationEvents: SituationEvent[];
  /** The people of the latest dense count the crowd-density rules used on this frame (counting.method tiles). */
  counted?: readonly CountedPerson[];
  /** Share of the picture that moves (0..1): the activity score (a frame detectEvery skips repeats the last one). */
  motionScore: number;
  /** Unusual-situation score over the camera's threshold (1 = at it), when that analytic is on and has learned. */
  unusualScore?: number;
  /** True when the detector did not run at all on this frame (nothing moving, nothing tracked, or skipped). */
  gated: boolean;
  /** True on the frames detectEvery skips: the tracks are predictions, no detection was asked for. */
  skipped?: boolean;
  /** How the detector saw the frame: not at all, whole, or as crops (count, and cost in full-frame runs). */
  detector: { kind: 'none' | 'full' | 'crops'; crops: number; cost: number; ms: number };
}

export interface PipelineStats {
  frames: number;
  /** Frames on which the detector ran (whole or crops), and their share. */
  detectorFrames: number;
  detectorFrameShare: number;
  fullFrames: number;
  cropRuns: number;
  /** Mean detector cost per frame, in full-frame runs (1 = a full-frame detection on every frame). */
  detectorCostPerFrame: number;
  /** Total milliseconds per stage, and per frame. */
  ms: Record<Stage | 'total', number>;
  msPerFrame: Record<Stage | 'total', number>;
  /** Frames per second of analysis time (decoding excluded). */
  fps: number;
}

/** One camera's analysis, fed frames in order. */
export interface FrameAnalyser {
  process(frame: Frame): Promise<PipelineFrame>;
  /** Ends what is still open (the stream stopped): the last rule events. */
  finish(): RuleEvent[];
  /** Ends the open scene-analytics situations (when the analyser has any). */
  finishSituations?(): SituationEvent[];
  stats(): PipelineStats;
  close(): Promise<void>;
}

/** Accumulates stage times and detector usage. */
export class StatsRecorder {
  private frames = 0;
  private detectorFrames = 0;
  private fullFrames = 0;
  private cropRuns = 0;
  private cost = 0;
  private readonly ms = Object.fromEntries([...STAGES, 'total'].map((s) => [s, 0])) as Record<Stage | 'total', number>;

  add(stage: Stage, ms: number): void {
    this.ms[stage] += ms;
    this.ms.total += ms;
  }

  frame(d: PipelineFrame['detector']): void {
    this.frames++;
    if (d.kind !== 'none') this.detectorFrames++;
    if (d.kind === 'full') this.fullFrames++;
    this.cropRuns += d.crops;
    this.cost += d.cost;
  }

  snapshot(): PipelineStats {
    const n = Math.max(1, this.frames);
    const per = Object.fromEntries(Object.entries(this.ms).map(([k, v]) => [k, v / n])) as PipelineStats['msPerFrame'];
    return {
      frames: this.frames,
      detectorFrames: this.detectorFrames,
      detectorFrameShare: this.detectorFrames / n,
      fullFrames: this.fullFrames,
      cropRuns: this.cropRuns,
      detectorCostPerFrame: this.cost / n,
      ms: { ...this.ms },
      msPerFrame: per,
      fps: this.ms.total > 0 ? (1000 * this.frames) / this.ms.total : 0,
    };
  }
}
