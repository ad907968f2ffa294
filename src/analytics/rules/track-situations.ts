// Per-track situations (one per track while a condition holds): opened after a confirmation time, updated while it
// lasts, ended once the track has been outside the condition (or unseen) for longer than a grace period.
import type { FrameContext, RuleEvent, RuleTrack, SceneRulesOptions } from './rule-types.js';
import type { EventBody, OpenSituation, Situations } from './situations.js';

export interface TrackState {
  /** When the condition started holding for this track. */
  since: number;
  /** Last time it held. */
  lastAt: number;
  track: RuleTrack;
  open?: OpenSituation;
}

export class TrackSituations<S extends TrackState> {
  readonly states = new Map<number, S>();

  constructor(
    private readonly situations: Situations,
    private readonly opts: Pick<SceneRulesOptions, 'exitGraceMs' | 'lostGraceMs'>,
    private readonly confirmMs: number,
    private readonly body: (s: S, frame: FrameContext) => EventBody,
  ) {}

  /** The condition holds for `s` at this frame: start once confirmed, else update the open situation. */
  holds(s: S, frame: FrameContext, out: RuleEvent[]): void {
    const { tMs } = frame;
    s.lastAt = tMs;
    this.states.set(s.track.id, s);
    const body = this.body(s, frame);
    if (!s.open && tMs - s.since >= this.confirmMs) {
      const [open, e] = this.situations.start(s.since, tMs, body);
      s.open = open;
      out.push(e);
    } else if (s.open) {
      const e = this.situations.update(s.open, tMs, body);
      if (e) out.push(e);
    }
  }

  /** Ends the situations of tracks outside the condition (or unseen) for longer than their grace. */
  expire(seen: Set<number>, frame: FrameContext, out: RuleEvent[]): void {
    for (const [id, s] of this.states) {
      if (s.lastAt === frame.tMs) continue;
      const grace = seen.has(id) ? this.opts.exitGraceMs : this.opts.lostGraceMs;
      if (frame.tMs - s.lastAt > grace) out.push(...this.close(id, s, frame));
    }
  }

  flush(frame: FrameContext): RuleEvent[] {
    const out: RuleEvent[] = [];
    for (const [id, s] of this.states) out.push(...this.close(id, s, frame));
    return out;
  }

  private close(id: number, s: S, frame: FrameContext): RuleEvent[] {
    this.states.delete(id);
    return s.open ? [this.situations.end(s.open, s.lastAt, this.body(s, frame))] : [];
  }
}
