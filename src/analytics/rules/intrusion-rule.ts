// Intrusion into a zone: one situation per track while its foot point is in the zone (entered and left beyond a
// hysteresis band around the edge, so a person walking along it does not flicker in and out). With minDwellSeconds > 0
// the same rule expresses loitering (law.md L3 has no loitering family: it is an intrusion that lasted).
import { boxFootPoint } from '../geometry/box.js';
import type { Polygon } from '../geometry/polygon.js';
import type { IntrusionRule } from './rule-schema.js';
import type { FrameContext, RuleEvaluator, RuleEvent, RuleTrack, SceneRulesOptions } from './rule-types.js';
import { type OpenSituation, Situations } from './situations.js';
import { edgeMargin, zoneDepth } from './zone-depth.js';

interface Presence {
  enteredAt: number;
  lastInsideAt: number;
  track: RuleTrack;
  open?: OpenSituation;
}

// Confidence grows with time inside: half the track's score on entry, all of it after a few seconds.
const SCORE_RISE_MS = 2000;

export class IntrusionEvaluator implements RuleEvaluator {
  private readonly classes: Set<string>;
  private readonly minDwellMs: number;
  private readonly situations: Situations;
  private readonly present = new Map<number, Presence>();

  constructor(
    private readonly rule: IntrusionRule,
    private readonly zone: Polygon,
    private readonly opts: SceneRulesOptions,
  ) {
    this.classes = new Set(rule.classes);
    this.minDwellMs = rule.minDwellSeconds * 1000;
    this.situations = new Situations(rule, { zoneId: rule.zoneId }, opts.updateIntervalMs);
  }

  update(frame: FrameContext): RuleEvent[] {
    const { tMs } = frame;
    const out: RuleEvent[] = [];
    const seen = new Set<number>();
    for (const t of frame.tracks) {
      if (!this.classes.has(t.cls)) continue;
      seen.add(t.id);
      const depth = zoneDepth(boxFootPoint(t.box), this.zone);
      const margin = edgeMargin(t, this.opts);
      let p = this.present.get(t.id);
      // Hysteresis: one enters clearly inside the edge, and stays in until clearly outside it.
      if (p ? depth <= -margin : depth < margin) continue;
      if (!p) {
        p = { enteredAt: tMs, lastInsideAt: tMs, track: t };
        this.present.set(t.id, p);
      }
      p.lastInsideAt = tMs;
      p.track = t;
      const body = this.body(p, frame);
      if (!p.open && tMs - p.enteredAt >= this.minDwellMs) {
        const [open, e] = this.situations.start(p.enteredAt, tMs, body);
        p.open = open;
        out.push(e);
      } else if (p.open) {
        const e = this.situations.update(p.open, tMs, body);
        if (e) out.push(e);
      }
    }
    for (const [id, p] of this.present) {
      if (p.lastInsideAt === tMs) continue;
      // Outside (or unseen) for longer than the grace: the presence is over.
      const grace = seen.has(id) ? this.opts.exitGraceMs : this.opts.lostGraceMs;
      if (tMs - p.lastInsideAt > grace) out.push(...this.close(id, p, frame));
    }
    return out;
  }

  flush(frame: FrameContext): RuleEvent[] {
    const out: RuleEvent[] = [];
    for (const [id, p] of this.present) out.push(...this.close(id, p, frame));
    return out;
  }

  private close(id: number, p: Presence, frame: FrameContext): RuleEvent[] {
    this.present.delete(id);
    if (!p.open) return [];
    return [this.situations.end(p.open, p.lastInsideAt, this.body(p, frame))];
  }

  private body(p: Presence, frame: FrameContext) {
    const insideMs = p.lastInsideAt - p.enteredAt;
    const trackScore = frame.meanScore(p.track.id) ?? p.track.score;
    return {
      trackIds: [p.track.id],
      score: trackScore * (1 - 0.5 * Math.exp(-insideMs / SCORE_RISE_MS)),
      box: [...p.track.box] as [number, number, number, number],
      details: {
        cls: p.track.cls,
        dwellSeconds: Math.round(insideMs) / 1000,
        ...(this.minDwellMs > 0 ? { minDwellSeconds: this.rule.minDwellSeconds } : {}),
      },
    };
  }
}
