// Camera tamper as a scene analytic (covered, blinded, defocused, moved).
import { TamperDetector } from '../tamper/tamper-detector.js';
import type { TamperOptionsInput } from '../tamper/tamper-options.js';
import type { SituationAnalytic, SituationEvent, SituationInput } from './situation-types.js';

export class TamperAnalytic implements SituationAnalytic {
  readonly kind = 'camera_tamper' as const;
  private readonly detector: TamperDetector;
  private n = 0;
  private open: { id: string; subKind: string; startedAt: number } | undefined;

  constructor(opts: TamperOptionsInput = {}) {
    this.detector = new TamperDetector(opts);
  }

  update({ frame }: SituationInput): SituationEvent[] {
    return this.detector.update(frame).map((e) => {
      if (e.phase === 'start') this.open = { id: `tamper#${++this.n}`, subKind: e.subKind, startedAt: e.startedAt };
      const id = this.open?.id ?? `tamper#${++this.n}`;
      if (e.phase === 'end') this.open = undefined;
      return {
        kind: this.kind,
        subKind: e.subKind,
        situationId: id,
        phase: e.phase,
        score: e.score,
        trackIds: [],
        startedAt: e.startedAt,
        ...(e.endedAt !== undefined && { endedAt: e.endedAt }),
        details: { ...e.details, subKind: e.subKind },
      };
    });
  }

  flush(tMs: number): SituationEvent[] {
    const o = this.open;
    this.open = undefined;
    if (!o) return [];
    const details = { subKind: o.subKind, reason: 'stream ended' };
    return [
      {
        kind: this.kind,
        subKind: o.subKind,
        situationId: o.id,
        phase: 'end',
        score: 0,
        trackIds: [],
        startedAt: o.startedAt,
        endedAt: tMs,
        details,
      },
    ];
  }
}
