// Person on the ground as a scene analytic: it reads the person tracks (shape against standing, stillness).
import { GroundDetector, type GroundEvent } from '../fall/ground-detector.js';
import type { GroundOptionsInput } from '../fall/ground-options.js';
import type { Box } from '../geometry/box.js';
import type { SituationAnalytic, SituationEvent, SituationInput } from './situation-types.js';

export class GroundAnalytic implements SituationAnalytic {
  readonly kind = 'person_on_ground' as const;
  private detector: GroundDetector | undefined;

  constructor(private readonly opts: GroundOptionsInput = {}) {}

  update({ frame, tracks, tMs }: SituationInput): SituationEvent[] {
    // Built on the first frame: the standing shape it learns depends on the picture's height.
    this.detector ??= new GroundDetector(this.opts, frame.height);
    const rt = tracks.map((t) => ({ ...t, box: [...t.box] as Box }));
    return this.detector.update(rt, tMs).map(toSituation);
  }

  flush(tMs: number): SituationEvent[] {
    return this.detector?.flush(tMs).map(toSituation) ?? [];
  }
}

function toSituation(e: GroundEvent): SituationEvent {
  return {
    kind: 'person_on_ground',
    situationId: e.situationId,
    phase: e.phase,
    score: e.score,
    box: e.box,
    trackIds: e.trackIds,
    startedAt: e.startedAt,
    ...(e.endedAt !== undefined && { endedAt: e.endedAt }),
    details: { ...e.details },
  };
}
