// Intrusion into a zone: one situation per track while its foot point is in the zone (entered and left beyond a
// hysteresis band around the edge, so a person walking along it does not flicker in and out). With minDwellSeconds > 0
// the same rule expresses loitering (law.md L3 has no loitering family: it is an intrusion that lasted).
import type { Box } from '../geometry/box.js';
import { boxFootPoint } from '../geometry/box.js';
import type { Polygon } from '../geometry/polygon.js';
import type { IntrusionRule } from './rule-schema.js';
import type { FrameContext, RuleEvaluator, RuleEvent, SceneRulesOptions } from './rule-types.js';
import { Situations } from './situations.js';
import { TrackSituations, type TrackState } from './track-situations.js';
import { edgeMargin, zoneDepth } from './zone-depth.js';

type Presence = TrackState;

// Confidence grows with time inside: half the track's score on entry, all of it after a few seconds.
const SCORE_RISE_MS = 2000;

export class IntrusionEvaluator implements RuleEvaluator {
  private readonly classes: Set<string>;
  private readonly minDwellMs: number;
  private readonly present: TrackSituations<Presence>;

  constructor(
    private readonly rule: IntrusionRule,
    private readonly zone: Polygon,
    private readonly opts: SceneRulesOptions,
  ) {
    this.classes = new Set(rule.classes);
    this.minDwellMs = rule.minDwellSeconds * 1000;
    const situations = new Situations(rule, { zoneId: rule.zoneId }, opts.updateIntervalMs);
    this.present = new TrackSituations(situations, opts, this.minDwellMs, (p, frame) => this.body(p, frame));
  }

  update(frame: FrameContext): RuleEvent[] {
    const out: RuleEvent[] = [];
    const seen = new Set<number>();
    for (const t of frame.tracks) {
      if (!this.classes.has(t.cls)) continue;
      seen.add(t.id);
      const depth = zoneDepth(boxFootPoint(t.box), this.zone);
      const margin = edgeMargin(t, this.opts);
      const p = this.present.states.get(t.id);
      // Hysteresis: one enters clearly inside the edge, and stays in until clearly outside it.
      if (p ? depth <= -margin : depth < margin) continue;
      this.present.holds(
        p ? Object.assign(p, { track: t }) : { since: frame.tMs, lastAt: frame.tMs, track: t },
        frame,
        out,
      );
    }
    this.present.expire(seen, frame, out);
    return out;
  }

  flush(frame: FrameContext): RuleEvent[] {
    return this.present.flush(frame);
  }

  private body(p: Presence, frame: FrameContext) {
    const insideMs = p.lastAt - p.since;
    const trackScore = frame.meanScore(p.track.id) ?? p.track.score;
    return {
      trackIds: [p.track.id],
      score: trackScore * (1 - 0.5 * Math.exp(-insideMs / SCORE_RISE_MS)),
      box: [...p.track.box] as Box,
      details: {
        cls: p.track.cls,
        dwellSeconds: Math.round(insideMs) / 1000,
        ...(this.minDwellMs > 0 ? { minDwellSeconds: this.rule.minDwellSeconds } : {}),
      },
    };
  }
}
