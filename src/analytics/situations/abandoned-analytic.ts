// Abandoned object as a scene analytic: the person tracks tell it where people are (people still are not objects).
import { type AbandonedEvent, AbandonedObjectDetector } from '../abandoned/abandoned-detector.js';
import type { AbandonedOptions, AbandonedOptionsInput } from '../abandoned/abandoned-options.js';
import type { Box } from '../geometry/box.js';
import type { SituationAnalytic, SituationEvent, SituationInput } from './situation-types.js';

export class AbandonedAnalytic implements SituationAnalytic {
  readonly kind = 'abandoned_object' as const;
  private readonly detector: AbandonedObjectDetector;
  private readonly open = new Map<number, AbandonedEvent>();

  constructor(opts: AbandonedOptionsInput = {}) {
    this.detector = new AbandonedObjectDetector(opts);
  }

  /** The options the detector runs with, as it parsed them (seam tests: a setting reaches the detector). */
  get options(): AbandonedOptions {
    return this.detector.options;
  }

  update({ frame, tracks }: SituationInput): SituationEvent[] {
    const persons = tracks.filter((t) => t.cls === 'person').map((t) => ({ box: [...t.box] as Box, score: t.score }));
    return this.detector.update(frame, persons).map((e) => {
      if (e.phase === 'start') this.open.set(e.objectId, e);
      else this.open.delete(e.objectId);
      return toSituation(e, e.phase, e.endedAt);
    });
  }

  flush(tMs: number): SituationEvent[] {
    const out = [...this.open.values()].map((e) => toSituation(e, 'end', tMs));
    this.open.clear();
    return out;
  }
}

function toSituation(e: AbandonedEvent, phase: 'start' | 'end', endedAt: number | undefined): SituationEvent {
  return {
    kind: 'abandoned_object',
    situationId: `object#${e.objectId}`,
    phase,
    score: e.score,
    box: e.box,
    trackIds: [],
    startedAt: e.startedAt,
    ...(endedAt !== undefined && { endedAt }),
    details: { ...e.details },
  };
}
