// Crowd movement (surge, dispersal, convergence, counter-flow) as a scene analytic.
import { CrowdMovementDetector } from '../crowd/detector.js';
import type { CrowdMovementOptionsInput } from '../crowd/options.js';
import type { CrowdMovementEvent } from '../crowd/types.js';
import type { SituationAnalytic, SituationEvent, SituationInput } from './situation-types.js';

export class CrowdAnalytic implements SituationAnalytic {
  readonly kind = 'crowd_movement' as const;
  private readonly open = new Map<string, CrowdMovementEvent>();

  private constructor(private readonly detector: CrowdMovementDetector) {}

  static async create(opts: CrowdMovementOptionsInput = {}): Promise<CrowdAnalytic> {
    return new CrowdAnalytic(await CrowdMovementDetector.create(opts));
  }

  update({ frame }: SituationInput): SituationEvent[] {
    return this.detector.update(frame).map((e) => {
      if (e.phase === 'start') this.open.set(e.situationId, e);
      else this.open.delete(e.situationId);
      return toSituation(e, e.phase, e.endedAt);
    });
  }

  flush(tMs: number): SituationEvent[] {
    const out = [...this.open.values()].map((e) => toSituation(e, 'end', tMs));
    this.open.clear();
    return out;
  }

  close(): void {
    this.detector.dispose?.();
  }
}

function toSituation(e: CrowdMovementEvent, phase: 'start' | 'end', endedAt: number | undefined): SituationEvent {
  return {
    kind: 'crowd_movement',
    subKind: e.subKind,
    situationId: e.situationId,
    phase,
    score: e.score,
    box: e.region,
    trackIds: [],
    startedAt: e.startedAt,
    ...(endedAt !== undefined && { endedAt }),
    details: { ...e.details, subKind: e.subKind },
  };
}
