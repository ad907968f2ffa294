// Fire start as a scene analytic (flame colour, irregular flicker, growth; not beacons, headlights or sunsets).
import { FireDetector, type FireEvent } from '../fire/fire-detector.js';
import type { FireOptions, FireOptionsInput } from '../fire/fire-options.js';
import type { SituationAnalytic, SituationEvent, SituationInput } from './situation-types.js';

export class FireAnalytic implements SituationAnalytic {
  readonly kind = 'fire' as const;
  private readonly detector: FireDetector;

  constructor(opts: FireOptionsInput = {}) {
    this.detector = new FireDetector(opts);
  }

  /** The options the detector runs with, as it parsed them (seam tests: a setting reaches the detector). */
  get options(): FireOptions {
    return this.detector.options;
  }

  update({ frame, tracks }: SituationInput): SituationEvent[] {
    return this.detector
      .update(
        frame,
        tracks.map((t) => t.box),
      )
      .map(toSituation);
  }

  flush(tMs: number): SituationEvent[] {
    return this.detector.flush(tMs).map(toSituation);
  }
}

function toSituation(e: FireEvent): SituationEvent {
  return {
    kind: 'fire',
    situationId: e.situationId,
    phase: e.phase,
    score: e.score,
    box: e.box,
    trackIds: [],
    startedAt: e.startedAt,
    ...(e.endedAt !== undefined && { endedAt: e.endedAt }),
    details: { ...e.details },
  };
}
