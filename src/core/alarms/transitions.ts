import { randomUUID } from 'node:crypto';
import { badRequest, conflict } from '../errors.js';
import { type Alarm, type AlarmPriority, type AlarmStep, type Disposition, dispositions } from '../ports/alarms.js';
import type { VigieEvent } from '../ports/recordings.js';
import { raisePriority } from './priorities.js';

// Pure state changes: each returns the next alarm (version + 1) or throws a DomainError saying why not.

const iso = (ms: number | null) => (ms === null ? '?' : new Date(ms).toISOString());

const next = (a: Alarm, at: number, changes: Partial<Alarm>, step?: AlarmStep): Alarm => ({
  ...a,
  ...changes,
  history: step ? [...a.history, step] : a.history,
  version: a.version + 1,
  updatedAt: at,
});

function requireOpen(a: Alarm) {
  if (a.state === 'closed')
    throw conflict(
      `alarm ${a.id} is closed (${a.disposition} by ${a.closedBy} at ${iso(a.closedAt)}): no further step`,
    );
}

export function raise(e: VigieEvent, priority: AlarmPriority, now: number, deadlineMs: number): Alarm {
  return {
    id: randomUUID(),
    kind: e.kind,
    cameraId: e.cameraId,
    sectorId: null,
    zoneId: e.zoneId ?? null,
    priority,
    basePriority: priority,
    state: 'new',
    eventIds: [e.id],
    eventCount: 1,
    ongoing: e.endedAt === undefined ? 1 : 0,
    raisedAt: now,
    lastEventAt: e.startedAt,
    situationEndedAt: e.endedAt ?? null,
    deadlineAt: now + deadlineMs,
    escalatedAt: null,
    acknowledgedBy: null,
    acknowledgedAt: null,
    assigneeId: null,
    assignee: null,
    assignedBy: null,
    assignedAt: null,
    closedBy: null,
    closedAt: null,
    disposition: null,
    history: [{ action: 'raised', by: 'system', at: now, priority }],
    version: 1,
    updatedAt: now,
    authorisationId: e.authorisationId ?? null,
  };
}

/** One more event of the same situation: counted, and the situation is ongoing again. */
export const attach = (a: Alarm, e: VigieEvent, now: number): Alarm =>
  next(a, now, {
    eventIds: [...a.eventIds, e.id],
    eventCount: a.eventCount + 1,
    ongoing: a.ongoing + (e.endedAt === undefined ? 1 : 0),
    lastEventAt: Math.max(a.lastEventAt, e.startedAt),
    situationEndedAt: e.endedAt === undefined ? null : Math.max(a.situationEndedAt ?? 0, e.endedAt),
  });

/** One of its events ended; the situation ends with the last one (`all` ends it at once: camera back online). */
export function endEvent(a: Alarm, endedAt: number, now: number, all = false): Alarm {
  const ongoing = all ? 0 : Math.max(0, a.ongoing - 1);
  return next(a, now, { ongoing, situationEndedAt: ongoing === 0 ? endedAt : a.situationEndedAt });
}

/** A `new` alarm past its deadline: one priority step up, once. */
export function escalate(a: Alarm, now: number): Alarm | undefined {
  if (a.state !== 'new' || a.escalatedAt !== null) return undefined;
  const priority = raisePriority(a.priority);
  return next(a, now, { priority, escalatedAt: now }, { action: 'escalated', by: 'system', at: now, priority });
}

export function acknowledge(a: Alarm, by: string, at: number): Alarm {
  requireOpen(a);
  if (a.state !== 'new')
    throw conflict(`alarm ${a.id} was already acknowledged by ${a.acknowledgedBy} at ${iso(a.acknowledgedAt)}`);
  return next(
    a,
    at,
    { state: 'acknowledged', acknowledgedBy: by, acknowledgedAt: at },
    { action: 'acknowledged', by, at },
  );
}

/** Assigning a `new` alarm acknowledges it first (both steps recorded). */
export function assign(a: Alarm, by: string, at: number, to: { id: string; username: string }): Alarm {
  requireOpen(a);
  if (a.assigneeId === to.id) throw conflict(`alarm ${a.id} is already assigned to ${to.username}`);
  const acked = a.state === 'new' ? { ...acknowledge(a, by, at), version: a.version } : a;
  return next(
    acked,
    at,
    { state: 'assigned', assigneeId: to.id, assignee: to.username, assignedBy: by, assignedAt: at },
    { action: 'assigned', by, at, assignee: to.username },
  );
}

export function comment(a: Alarm, by: string, at: number, text: string): Alarm {
  requireOpen(a);
  const t = text.trim();
  if (!t) throw badRequest('text: must not be empty');
  return next(a, at, {}, { action: 'commented', by, at, text: t });
}

/** Closing needs a disposition; closing a `new` alarm acknowledges it first. */
export function close(a: Alarm, by: string, at: number, disposition: Disposition | undefined, text?: string): Alarm {
  requireOpen(a);
  if (!disposition || !dispositions.includes(disposition))
    throw badRequest(`disposition: required to close, one of ${dispositions.join(', ')}`);
  const acked = a.state === 'new' ? { ...acknowledge(a, by, at), version: a.version } : a;
  const t = text?.trim();
  return next(
    acked,
    at,
    { state: 'closed', closedBy: by, closedAt: at, disposition },
    { action: 'closed', by, at, disposition, ...(t && { text: t }) },
  );
}
