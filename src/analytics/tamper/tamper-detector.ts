// Per-camera tamper detector: learns the camera's normal view online, raises `camera_tamper` when a condition
// (covered, blinded, defocused, moved) persists, and ends it once the view has been back to normal a while.
import type { Frame } from '../../media/frames/frame.js';
import { classifyFrame, type FrameVerdict, type TamperSubKind } from './classify.js';
import { FeatureExtractor } from './features.js';
import { Reference } from './reference.js';
import { type TamperOptions, type TamperOptionsInput, TamperOptionsSchema } from './tamper-options.js';

export type { TamperSubKind } from './classify.js';

export interface TamperEvent {
  kind: 'camera_tamper';
  subKind: TamperSubKind;
  phase: 'start' | 'end';
  cameraId: string;
  /** ptsMs of the first frame of the condition (not of the moment it was raised, persistSeconds later). */
  startedAt: number;
  /** End events: ptsMs of the frame that ended it. */
  endedAt?: number;
  /** 0..1 severity: at start, the frame that raised it; at end, the highest seen. */
  score: number;
  details: Record<string, number | string>;
}

interface Candidate {
  subKind: TamperSubKind;
  since: number;
  last: number;
  peak: number;
}

export class TamperDetector {
  readonly options: TamperOptions;
  private readonly features: FeatureExtractor;
  private readonly ref: Reference;
  private cand: Candidate | undefined;
  private active: (Candidate & { raisedAt: number }) | undefined;
  private cameraId = '';
  private size = '';
  private nextAt = Number.NEGATIVE_INFINITY;

  constructor(opts: TamperOptionsInput = {}) {
    this.options = TamperOptionsSchema.parse(opts);
    this.features = new FeatureExtractor(this.options);
    this.ref = new Reference(this.options.learnSeconds * 1000, this.options.adaptSeconds * 1000);
  }

  /** Whether the reference view is learned (no event can be raised before). */
  get learned(): boolean {
    return this.ref.ready;
  }

  update(frame: Frame): TamperEvent[] {
    this.cameraId = frame.cameraId;
    const t = frame.ptsMs;
    // A new size (camera reconfigured) means a new view to learn; an open situation is closed first.
    const size = `${frame.width}x${frame.height}`;
    if (!this.due(t) && size === this.size) return [];
    const f = this.features.measure(frame);
    const out = size === this.size ? [] : this.close(t, 'resized');
    if (size !== this.size) this.ref.reset();
    this.size = size;
    if (!this.ref.ready) {
      this.ref.learn(f, t);
      return out;
    }
    const v = classifyFrame(f, this.ref, this.options);
    out.push(...this.track(v, t));
    if (!v.subKind && !this.cand && !this.active) this.ref.adapt(f, v.similarity, t);
    else this.ref.touch(t);
    return out;
  }

  /** At most analysisFps looks a second, on average (a clock that went back starts the schedule again). */
  private due(t: number): boolean {
    const every = 1000 / this.options.analysisFps;
    if (t >= this.nextAt || t < this.nextAt - 2 * every) {
      this.nextAt = t - this.nextAt > every || t < this.nextAt ? t + every : this.nextAt + every;
      return true;
    }
    return false;
  }

  private track(v: FrameVerdict, t: number): TamperEvent[] {
    const o = this.options;
    const out: TamperEvent[] = [];
    const c = this.cand;
    if (v.subKind) {
      // A different sub-kind, or a gap longer than the grace, restarts the persistence count.
      if (!c || c.subKind !== v.subKind || t - c.last > o.graceSeconds * 1000) {
        this.cand = { subKind: v.subKind, since: t, last: t, peak: v.score };
      } else {
        c.last = t;
        c.peak = Math.max(c.peak, v.score);
      }
    } else if (c && t - c.last > o.graceSeconds * 1000) this.cand = undefined;

    const a = this.active;
    if (a && (this.cand?.subKind !== a.subKind || !v.subKind) && t - a.last >= o.clearSeconds * 1000) {
      out.push(...this.close(t, 'cleared'));
    } else if (a && v.subKind === a.subKind) {
      a.last = t;
      a.peak = Math.max(a.peak, v.score);
      if (o.rebaseSeconds > 0 && t - a.raisedAt >= o.rebaseSeconds * 1000) {
        out.push(...this.close(t, 'rebased'));
        this.ref.reset();
      }
    }
    const n = this.cand;
    if (!this.active && n && v.subKind === n.subKind && t - n.since >= o.persistSeconds * 1000) {
      this.active = { ...n, raisedAt: t };
      out.push(this.event('start', this.active, v.score, { ...v.details, raisedAt: t }));
    }
    return out;
  }

  private close(t: number, reason: string): TamperEvent[] {
    const a = this.active;
    if (!a) return [];
    this.active = undefined;
    // A cleared view may already show another condition, which keeps its count; otherwise start afresh.
    if (reason !== 'cleared') this.cand = undefined;
    return [{ ...this.event('end', a, a.peak, { reason, raisedAt: a.raisedAt }), endedAt: t }];
  }

  private event(phase: 'start' | 'end', c: Candidate, score: number, details: TamperEvent['details']): TamperEvent {
    return {
      kind: 'camera_tamper',
      subKind: c.subKind,
      phase,
      cameraId: this.cameraId,
      startedAt: c.since,
      score,
      details,
    };
  }
}
