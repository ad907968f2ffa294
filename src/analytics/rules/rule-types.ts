// Shapes going into and out of the scene-rules engine.
import type { Box } from '../geometry/box.js';
import type { SceneRuleKind, Severity } from './rule-schema.js';

export interface FrameSize {
  width: number;
  height: number;
}

/** What the rules need of a track (the tracker's Track fits). */
export interface RuleTrack {
  id: number;
  cls: string;
  /** [left, top, width, height] in frame pixels. */
  box: Readonly<Box>;
  score: number;
  /** > 0 when the box is a prediction (no detection this frame): present, but no evidence of motion. */
  timeSinceUpdateMs?: number;
}

export type RulePhase = 'start' | 'update' | 'end';

/**
 * A situation seen by a rule, reported when it starts, from time to time while it lasts, and when it ends. A
 * line crossing is instantaneous: its `start` and `end` come in the same update.
 */
export interface RuleEvent {
  kind: SceneRuleKind;
  ruleId: string;
  /** Same for every phase of one situation: `ruleId#n`. */
  situationId: string;
  zoneId?: string;
  lineId?: string;
  trackIds: number[];
  /** Confidence in [0, 1]. */
  score: number;
  /** Pixels: the track's box, or the union of the boxes counted (density). */
  box: Box;
  /** ms, in the clock of `update`'s tMs. */
  startedAt: number;
  /** Set on `end`. */
  endedAt?: number;
  phase: RulePhase;
  /** The rule's configured severity. */
  severity: Severity;
  details: Record<string, unknown>;
}

/** A finished situation: what evaluation compares with the truth. */
export interface RuleSituation {
  kind: SceneRuleKind;
  ruleId: string;
  situationId: string;
  zoneId?: string;
  lineId?: string;
  trackIds: number[];
  score: number;
  startedAt: number;
  endedAt: number;
}

export interface SceneRulesOptions {
  /** A track not reported for this long is gone: its situations end (a tracker coasts through shorter gaps). */
  lostGraceMs: number;
  /** A situation ends only after its condition has been false this long (no flicker at a zone edge). */
  exitGraceMs: number;
  /** Interval of `update` events while a situation lasts. */
  updateIntervalMs: number;
  /**
   * Hysteresis band around lines and zone edges, in box heights (scale-free: it shrinks with distance like the
   * jitter it absorbs). A foot point is on a side of a line, or has entered or left a zone, only beyond it.
   */
  edgeMarginBoxHeights: number;
  /** Lower bound of that band, pixels (tiny far-away boxes). */
  minEdgeMarginPx: number;
  /** Motion direction inside a zone is the displacement over this window (one frame is mostly jitter). */
  directionWindowMs: number;
  /** Moving the wrong way inside a zone must last this long before an alarm. */
  wrongWayConfirmMs: number;
}

export const DEFAULT_SCENE_RULES_OPTIONS: SceneRulesOptions = {
  lostGraceMs: 2000,
  exitGraceMs: 1000,
  updateIntervalMs: 5000,
  edgeMarginBoxHeights: 0.1,
  minEdgeMarginPx: 2,
  directionWindowMs: 1000,
  wrongWayConfirmMs: 1000,
};

/** Every rule evaluator: fed once per frame, and asked to close what is open when the stream stops. */
export interface RuleEvaluator {
  update(frame: FrameContext): RuleEvent[];
  /** Ends every open situation (the stream stopped); `frame.tracks` is empty. */
  flush(frame: FrameContext): RuleEvent[];
}

export interface FootSample {
  tMs: number;
  x: number;
  y: number;
  boxHeight: number;
}

/** One frame as rule evaluators see it. */
export interface FrameContext {
  tMs: number;
  tracks: readonly RuleTrack[];
  /** Measured (not predicted) foot points of a track, oldest first, over the last few seconds. */
  history(trackId: number): readonly FootSample[];
  /** Running mean of a track's scores (undefined once the track is forgotten). */
  meanScore(trackId: number): number | undefined;
  /**
   * People boxes of the camera's latest dense count (counting.method 'tiles'), frame pixels; absent when the camera
   * counts by tracks or no dense count is recent. Crowd-density zones count these instead of tracks.
   */
  counted?: readonly CountedPerson[];
}

/** One person of a dense count: their box (frame pixels) and detector score. */
export interface CountedPerson {
  box: Readonly<Box>;
  score: number;
}
