// Rule events and scene-analytics events in the one shape the supervisor stores.
import type { Box } from '../../analytics/geometry/box.js';
import type { RuleEvent } from '../../analytics/rules/rule-types.js';
import type { SituationEvent } from '../../analytics/situations/situation-types.js';
import type { EventKind } from '../../core/ports/recordings.js';

export interface CentreEvent {
  kind: EventKind;
  phase: 'start' | 'update' | 'end';
  situationId: string;
  score: number;
  trackIds: number[];
  box?: Box;
  zoneId?: string;
  endedAt?: number;
  details: Record<string, unknown>;
}

export function fromRule(ev: RuleEvent): CentreEvent {
  return {
    kind: ev.kind,
    phase: ev.phase,
    // Prefixed: rule situations and scene-analytics situations share the camera's table of open events.
    situationId: `rule:${ev.situationId}`,
    score: ev.score,
    trackIds: ev.trackIds,
    box: ev.box,
    ...(ev.zoneId && { zoneId: ev.zoneId }),
    ...(ev.endedAt !== undefined && { endedAt: ev.endedAt }),
    details: { ...ev.details, rule: ev.ruleId, severity: ev.severity, ...(ev.lineId && { lineId: ev.lineId }) },
  };
}

export function fromSituation(ev: SituationEvent): CentreEvent {
  return {
    kind: ev.kind,
    phase: ev.phase,
    situationId: `scene:${ev.situationId}`,
    score: ev.score,
    trackIds: ev.trackIds,
    ...(ev.box && { box: ev.box }),
    // A start carries no end even when the analytic knows it: the end comes as its own event.
    ...(ev.phase === 'end' && ev.endedAt !== undefined && { endedAt: ev.endedAt }),
    details: { ...ev.details, analytic: ev.kind, ...(ev.subKind && { subKind: ev.subKind }) },
  };
}
