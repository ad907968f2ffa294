import { type AlarmPriority, alarmPriorities } from '../ports/alarms.js';
import type { EventKind } from '../ports/recordings.js';

/** Which event kinds raise an alarm, at which priority, and why (null: never an alarm). */
export const KIND_PRIORITY: Record<EventKind, { priority: AlarmPriority | null; why: string }> = {
  fire: { priority: 'critical', why: 'a fire spreads in minutes: lives and buildings at stake' },
  person_on_ground: { priority: 'critical', why: 'possible medical emergency: every minute counts' },
  weapon: { priority: 'critical', why: 'immediate threat to life' },
  intrusion: { priority: 'high', why: 'someone where they should not be, usually while it is still happening' },
  abandoned_object: { priority: 'high', why: 'possible threat; a perimeter may be needed quickly' },
  crowd_movement: { priority: 'high', why: 'sudden dispersal or rush: a possible incident in a crowd' },
  wrong_way: { priority: 'medium', why: 'a risk (traffic, queues) rarely needing instant action' },
  crowd_density: { priority: 'medium', why: 'builds up over minutes: time to check and anticipate' },
  unusual: { priority: 'medium', why: 'statistical oddity: worth a look, often benign' },
  camera_tamper: { priority: 'medium', why: 'a camera blinded or moved: the area is no longer watched' },
  camera_offline: { priority: 'low', why: 'technical: maintenance, no one in danger' },
  audit_integrity: {
    priority: 'critical',
    why: 'the audit journal was altered: who did what can no longer be trusted until it is investigated',
  },
  storage: { priority: 'low', why: 'technical: recordings at risk, handled by maintenance' },
  legal_basis_expired: {
    priority: 'high',
    why: 'analytics stopped: their authorisation ended or was revoked; the cameras are no longer analysed until renewed',
  },
  legal_basis_expiring: {
    priority: 'low',
    why: 'an authorisation ends soon (medium from a week before): time to renew it before its analytics stop',
  },
  camera_online: { priority: null, why: 'good news: ends the camera_offline situation instead' },
  motion: { priority: null, why: 'motion alone is not a situation (it only gates the detector)' },
  recording_gap: { priority: null, why: 'reported on the timeline; the offline alarm already covers the cause' },
};

/** How long an alarm may stay `new` before it escalates (defaults; configurable). */
export const DEFAULT_DEADLINES_MS: Record<AlarmPriority, number> = {
  critical: 60_000,
  high: 120_000,
  medium: 300_000,
  low: 900_000,
};

const rank = (p: AlarmPriority) => alarmPriorities.indexOf(p);

export const maxPriority = (a: AlarmPriority, b: AlarmPriority) => (rank(a) >= rank(b) ? a : b);

/** One step up; critical stays critical. */
export const raisePriority = (p: AlarmPriority): AlarmPriority =>
  alarmPriorities[Math.min(rank(p) + 1, alarmPriorities.length - 1)]!;

/**
 * The kind's priority, lifted to the severity the operator gave the zone's rule (`details.severity`) when higher:
 * a sensitive zone raises an alarm, a default severity never lowers the law's families.
 */
export function priorityFor(kind: EventKind, details: Record<string, unknown>): AlarmPriority | null {
  const base = KIND_PRIORITY[kind]?.priority ?? null;
  if (base === null) return null;
  const sev = details.severity;
  return typeof sev === 'string' && (alarmPriorities as readonly string[]).includes(sev)
    ? maxPriority(base, sev as AlarmPriority)
    : base;
}
