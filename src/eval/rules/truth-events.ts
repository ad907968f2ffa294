// True events of a clip: the scene's own rules run on ground-truth boxes taken as perfect tracks (measured every
// frame, score 1), so that "true intrusion" means exactly "a true person's foot point inside the zone".

import type {
  FrameSize,
  RuleEvent,
  RuleSituation,
  RuleTrack,
  SceneRulesOptions,
} from '../../analytics/rules/rule-types.js';
import { SceneRules } from '../../analytics/rules/scene-rules.js';
import { considered, type GtConvention, type MotRow } from '../metrics/mot-format.js';

export interface TrackFrame {
  tMs: number;
  tracks: RuleTrack[];
}

/** Every frame from the first to the last row (empty ones too: time must pass for situations to end). */
export function motFrames(rows: readonly MotRow[], fps: number, cls = 'person'): TrackFrame[] {
  if (!(fps > 0)) throw new Error(`fps must be positive, got ${fps}`);
  if (rows.length === 0) return [];
  const first = Math.min(...rows.map((r) => r.frame));
  const last = Math.max(...rows.map((r) => r.frame));
  const frames: TrackFrame[] = [];
  for (let f = first; f <= last; f++) frames.push({ tMs: ((f - 1) * 1000) / fps, tracks: [] });
  for (const r of rows) {
    frames[r.frame - first]!.tracks.push({ id: r.id, cls, box: r.box, score: 1, timeSinceUpdateMs: 0 });
  }
  return frames;
}

/** Runs a scene over frames and closes what is still open after the last one. */
export function runScene(rules: SceneRules, frames: Iterable<TrackFrame>): RuleEvent[] {
  const events: RuleEvent[] = [];
  let lastMs: number | undefined;
  for (const f of frames) {
    events.push(...rules.update(f.tracks, f.tMs));
    lastMs = f.tMs;
  }
  events.push(...rules.flush(lastMs));
  return events;
}

/** The finished situations among events (one per `end`). */
export function situationsOf(events: readonly RuleEvent[]): RuleSituation[] {
  return events
    .filter((e) => e.phase === 'end')
    .map((e) => {
      const s: RuleSituation = {
        kind: e.kind,
        ruleId: e.ruleId,
        situationId: e.situationId,
        trackIds: e.trackIds,
        score: e.score,
        startedAt: e.startedAt,
        endedAt: e.endedAt ?? e.startedAt,
      };
      if (e.zoneId !== undefined) s.zoneId = e.zoneId;
      if (e.lineId !== undefined) s.lineId = e.lineId;
      return s;
    });
}

export interface TruthOptions {
  fps: number;
  frameSize: FrameSize;
  /** Class given to the ground-truth boxes (MOT ground truth of pedestrians: person). */
  cls?: string;
  /** Default all-rows: a person hidden behind a signpost is still there. */
  convention?: GtConvention;
  rules?: Partial<SceneRulesOptions>;
}

/** True situations of a scene configuration over a MOT ground truth. */
export function truthSituations(rows: readonly MotRow[], scene: unknown, opts: TruthOptions): RuleSituation[] {
  const kept = considered(rows, opts.convention ?? 'all-rows');
  const rules = new SceneRules(scene, opts.frameSize, opts.rules);
  return situationsOf(runScene(rules, motFrames(kept, opts.fps, opts.cls)));
}
