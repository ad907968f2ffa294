// Wrong way across a line: a track's foot point goes from one side of the line to the other against the line's
// allowed direction. A side counts only beyond a hysteresis band around the line, so a person standing on the
// line, or box jitter, never makes a crossing; only measured positions count (a predicted box proves nothing).
import type { Box } from '../geometry/box.js';
import { boxFootPoint } from '../geometry/box.js';
import type { Point } from '../geometry/polygon.js';
import type { WrongWayRule } from './rule-schema.js';
import type { FrameContext, RuleEvaluator, RuleEvent, SceneRulesOptions } from './rule-types.js';
import type { SceneLine } from './scene-schema.js';
import { Situations } from './situations.js';
import { edgeMargin } from './zone-depth.js';

type Side = -1 | 1;

interface Firm {
  side: Side;
  point: [number, number];
  distance: number;
  tMs: number;
  lastSeenMs: number;
}

export class WrongWayLineEvaluator implements RuleEvaluator {
  private readonly classes: Set<string>;
  private readonly situations: Situations;
  private readonly firm = new Map<number, Firm>();
  private readonly length: number;
  /** Side a wrong-way crossing starts from: +1 is the right hand side of from→to as seen on screen. */
  private readonly wrongFrom: Side;

  constructor(
    rule: WrongWayRule,
    private readonly line: SceneLine,
    /** The line's ends in pixels. */
    private readonly a: Point,
    private readonly b: Point,
    private readonly opts: SceneRulesOptions,
  ) {
    this.classes = new Set(rule.classes);
    this.situations = new Situations(rule, { lineId: line.id }, opts.updateIntervalMs);
    this.length = Math.hypot(b[0] - a[0], b[1] - a[1]);
    this.wrongFrom = line.allowedDirection === 'left_to_right' ? 1 : -1;
  }

  /** Distance of p from the line, positive on the right hand side of from→to (on screen, y down). */
  private signedDistance(p: Point): number {
    const [a, b] = [this.a, this.b];
    return ((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])) / this.length;
  }

  update(frame: FrameContext): RuleEvent[] {
    const { tMs } = frame;
    const out: RuleEvent[] = [];
    for (const t of frame.tracks) {
      if (!this.classes.has(t.cls)) continue;
      const prev = this.firm.get(t.id);
      if (prev) prev.lastSeenMs = tMs;
      if ((t.timeSinceUpdateMs ?? 0) > 0) continue;
      const foot = boxFootPoint(t.box);
      const d = this.signedDistance(foot);
      const margin = edgeMargin(t, this.opts);
      if (Math.abs(d) < margin) continue; // inside the band: not firmly on either side
      const side: Side = d > 0 ? 1 : -1;
      const next: Firm = { side, point: foot, distance: Math.abs(d), tMs, lastSeenMs: tMs };
      this.firm.set(t.id, next);
      if (!prev || prev.side === side) continue;
      const u = this.crossingAlong(prev.point, prev.distance * prev.side, foot, d);
      if (u < 0 || u > 1) continue; // went round the end of the line, not through it
      if (prev.side !== this.wrongFrom) continue; // the right way
      const score = (frame.meanScore(t.id) ?? t.score) * Math.min(1, (prev.distance + Math.abs(d)) / (4 * margin));
      const body = {
        trackIds: [t.id],
        score,
        box: [...t.box] as Box,
        details: {
          cls: t.cls,
          crossedFrom: prev.side === 1 ? 'right' : 'left',
          allowedDirection: this.line.allowedDirection,
          alongLine: Math.round(u * 1000) / 1000,
        },
      };
      const [open, start] = this.situations.start(prev.tMs, tMs, body);
      out.push(start, this.situations.end(open, tMs, body));
    }
    for (const [id, f] of this.firm) if (tMs - f.lastSeenMs > this.opts.lostGraceMs) this.firm.delete(id);
    return out;
  }

  flush(): RuleEvent[] {
    this.firm.clear(); // crossings are instantaneous: nothing is left open
    return [];
  }

  /** Where along from→to (0..1) the path p→q meets the line, given their signed distances dp and dq. */
  private crossingAlong(p: Point, dp: number, q: Point, dq: number): number {
    const s = dp / (dp - dq);
    const x = p[0] + s * (q[0] - p[0]);
    const y = p[1] + s * (q[1] - p[1]);
    const [a, b] = [this.a, this.b];
    return ((x - a[0]) * (b[0] - a[0]) + (y - a[1]) * (b[1] - a[1])) / (this.length * this.length);
  }
}
