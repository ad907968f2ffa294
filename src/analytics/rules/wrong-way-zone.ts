// Wrong way inside a zone (a one-way lane, an exit corridor): a track in the zone moves, faster than minSpeed,
// in a direction further than the tolerance from the allowed one, for long enough. The direction is the foot
// point's displacement over a window of measured positions, not one frame's step (mostly jitter).
import type { Box } from '../geometry/box.js';
import { boxFootPoint } from '../geometry/box.js';
import type { Homography } from '../geometry/homography.js';
import { type Polygon, pointInPolygon } from '../geometry/polygon.js';
import type { WrongWayRule } from './rule-schema.js';
import type { FootSample, FrameContext, FrameSize, RuleEvaluator, RuleEvent, SceneRulesOptions } from './rule-types.js';
import { Situations } from './situations.js';
import { TrackSituations, type TrackState } from './track-situations.js';

interface Against extends TrackState {
  motion: Motion;
}

interface Motion {
  headingDegrees: number;
  speed: number;
}

export class WrongWayZoneEvaluator implements RuleEvaluator {
  private readonly classes: Set<string>;
  private readonly against: TrackSituations<Against>;

  constructor(
    private readonly rule: WrongWayRule,
    private readonly zone: Polygon,
    private readonly frameSize: FrameSize,
    /** Normalised image → ground metres; required when the rule's speed is in m/s. */
    private readonly homography: Homography | undefined,
    private readonly opts: SceneRulesOptions,
  ) {
    this.classes = new Set(rule.classes);
    const situations = new Situations(rule, { zoneId: rule.zoneId! }, opts.updateIntervalMs);
    this.against = new TrackSituations(situations, opts, opts.wrongWayConfirmMs, (s, frame) => this.body(s, frame));
  }

  update(frame: FrameContext): RuleEvent[] {
    const out: RuleEvent[] = [];
    const seen = new Set<number>();
    for (const t of frame.tracks) {
      if (!this.classes.has(t.cls)) continue;
      // A prediction, or too short a history, is no evidence either way: such a track waits under the lost grace.
      if ((t.timeSinceUpdateMs ?? 0) > 0) continue;
      const inside = pointInPolygon(boxFootPoint(t.box), this.zone);
      const motion = inside ? this.motion(frame.history(t.id)) : undefined;
      if (inside && !motion) continue;
      seen.add(t.id);
      if (!motion || !this.isAgainst(motion)) continue;
      const s = this.against.states.get(t.id);
      this.against.holds(
        s ? Object.assign(s, { track: t, motion }) : { since: frame.tMs, lastAt: frame.tMs, track: t, motion },
        frame,
        out,
      );
    }
    this.against.expire(seen, frame, out);
    return out;
  }

  flush(frame: FrameContext): RuleEvent[] {
    return this.against.flush(frame);
  }

  private isAgainst(m: Motion): boolean {
    if (m.speed < this.rule.minSpeed!) return false;
    const diff = Math.abs(((m.headingDegrees - this.rule.allowedDirectionDegrees! + 540) % 360) - 180);
    return diff > (this.rule.toleranceDegrees ?? 90);
  }

  /** Heading on screen (0 = right, 90 = up) and speed, over the last window; undefined with too little history. */
  private motion(h: readonly FootSample[]): Motion | undefined {
    const last = h[h.length - 1];
    if (!last) return undefined;
    const half = this.opts.directionWindowMs / 2;
    let from = h.find((s) => s.tMs >= last.tMs - this.opts.directionWindowMs);
    // Back from a gap (occlusion): measure from the last position before it rather than wait for a new window.
    if (from && last.tMs - from.tMs < half) from = h.findLast((s) => s.tMs <= last.tMs - half);
    if (!from) return undefined;
    const dt = (last.tMs - from.tMs) / 1000;
    const dx = last.x - from.x;
    const dy = last.y - from.y;
    const headingDegrees = ((Math.atan2(-dy, dx) * 180) / Math.PI + 360) % 360;
    if (this.rule.speedUnit === 'm_per_s') {
      const { width, height } = this.frameSize;
      try {
        const [gx0, gy0] = this.homography!.imageToGround(from.x / width, from.y / height);
        const [gx1, gy1] = this.homography!.imageToGround(last.x / width, last.y / height);
        return { headingDegrees, speed: Math.hypot(gx1 - gx0, gy1 - gy0) / dt };
      } catch {
        return undefined; // a point on the horizon has no ground position
      }
    }
    const window = h.filter((s) => s.tMs >= from.tMs);
    const boxHeight = window.reduce((sum, s) => sum + s.boxHeight, 0) / window.length;
    return { headingDegrees, speed: Math.hypot(dx, dy) / dt / Math.max(1, boxHeight) };
  }

  private body(s: Against, frame: FrameContext) {
    const heldMs = s.lastAt - s.since;
    return {
      trackIds: [s.track.id],
      score: (frame.meanScore(s.track.id) ?? s.track.score) * (1 - 0.5 * Math.exp(-heldMs / 2000)),
      box: [...s.track.box] as Box,
      details: {
        cls: s.track.cls,
        headingDegrees: Math.round(s.motion.headingDegrees),
        allowedDirectionDegrees: this.rule.allowedDirectionDegrees,
        speed: Math.round(s.motion.speed * 100) / 100,
        speedUnit: this.rule.speedUnit,
      },
    };
  }
}
