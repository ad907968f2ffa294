import type { AuditEntry } from '../audit/journal.js';
import type { Alarm, AlarmPriority } from '../ports/alarms.js';
import type { Clock } from '../ports/clock.js';
import { eventKinds, type VigieEvent } from '../ports/recordings.js';
import type { Store } from '../ports/store.js';
import type { AlarmWriter } from './alarm-writer.js';
import { maxPriority, priorityFor } from './priorities.js';
import type { SnoozeDesk } from './snoozes.js';
import { attach, close, endEvent, escalate, raise } from './transitions.js';

/** A camera that came back by itself needed no one: nothing to act on (the step's text says it recovered). */
const RECOVERED = 'not_actionable' as const;

export interface FeedOptions {
  /** A new event of the same kind, camera and zone this soon after the alarm's last activity joins it. */
  windowMs: number;
  deadlinesMs: Record<AlarmPriority, number>;
}

/** Bus payloads are unknown: only well-formed events are considered. */
export function asEvent(p: unknown): VigieEvent | undefined {
  const e = p as Partial<VigieEvent> | null;
  return e && typeof e.id === 'string' && typeof e.cameraId === 'string' && eventKinds.includes(e.kind as never)
    ? (e as VigieEvent)
    : undefined;
}

const system = (action: string, a: Alarm, details: Record<string, unknown>): AuditEntry => ({
  actor: 'system',
  action,
  target: a.id,
  details: { kind: a.kind, camera: a.cameraId, ...(a.zoneId && { zone: a.zoneId }), ...details },
});

/** Events → alarms: one alarm per situation (deduplicated), its end recorded, overdue `new` alarms escalated. */
export class AlarmFeed {
  constructor(
    private readonly store: Store,
    private readonly writer: AlarmWriter,
    private readonly clock: Clock,
    private readonly opts: FeedOptions,
    private readonly snoozes?: SnoozeDesk,
  ) {}

  async onEvent(e: VigieEvent): Promise<Alarm | undefined> {
    if (e.kind === 'camera_online') return this.cameraBack(e);
    const priority = priorityFor(e.kind, e.details ?? {});
    if (!priority || (await this.store.alarms.byEvent(e.id))) return undefined; // not an alarm, or redelivered
    // Snoozed: the event is already stored (searchable); it neither raises an alarm nor joins an open one.
    if (await this.snoozes?.silenced(e.cameraId, e.kind)) return undefined;
    const now = this.clock.now();
    const key = { kind: e.kind, cameraId: e.cameraId, zoneId: e.zoneId ?? null };
    const open = await this.store.alarms.findOpen(key, e.startedAt - this.opts.windowMs);
    if (open)
      return this.writer.mutate(open.id, {
        change: (cur) => {
          const next = attach(cur, e, now);
          const p = maxPriority(cur.priority, priority);
          return { ...next, priority: p, basePriority: maxPriority(cur.basePriority, priority) };
        },
        entry: (next) => system('alarm.attach', next, { event: e.id, events: next.eventCount }),
        published: 'attached',
        link: e.id,
      });
    const a = raise(e, priority, now, this.opts.deadlinesMs[priority]);
    return this.writer.insert(a, system('alarm.raise', a, { event: e.id, priority }));
  }

  /** An event ended: the situation ends with the last of its alarm's events. */
  async onEnded(e: VigieEvent): Promise<Alarm | undefined> {
    const a = await this.store.alarms.byEvent(e.id);
    if (!a || a.ongoing === 0) return undefined;
    const at = e.endedAt ?? this.clock.now();
    return this.writer.mutate(a.id, {
      change: (cur) => (cur.ongoing === 0 ? undefined : endEvent(cur, at, this.clock.now())),
      entry: (next) =>
        next.ongoing === 0 ? system('alarm.situation_end', next, { event: e.id, endedAt: iso(at) }) : undefined,
      published: 'situation_ended',
    });
  }

  /**
   * A camera back online ends the situation of its open `camera_offline` alarm (offline events never end). One that
   * nobody took yet is then closed by the system (else it stays `new` on the desk and escalates over a camera that
   * works); one an operator acknowledged or was assigned stays theirs to close.
   */
  private async cameraBack(e: VigieEvent): Promise<Alarm | undefined> {
    const key = { kind: 'camera_offline' as const, cameraId: e.cameraId, zoneId: null };
    const a = await this.store.alarms.findOpen(key, Number.MAX_SAFE_INTEGER);
    if (!a) return undefined;
    const ended = await this.writer.mutate(a.id, {
      change: (cur) => (cur.ongoing === 0 ? undefined : endEvent(cur, e.startedAt, this.clock.now(), true)),
      entry: (next) => system('alarm.situation_end', next, { event: e.id, endedAt: iso(e.startedAt) }),
      published: 'situation_ended',
    });
    if (ended?.state !== 'new') return ended;
    const text = `recovered: camera back online at ${iso(e.startedAt)}, closed automatically`;
    return this.writer.mutate(a.id, {
      change: (cur) =>
        cur.state === 'new' && cur.ongoing === 0 ? close(cur, 'system', this.clock.now(), RECOVERED, text) : undefined,
      entry: (next) => system('alarm.close', next, { event: e.id, disposition: RECOVERED, reason: 'recovered' }),
      published: 'closed',
    });
  }

  /** Marks every `new` alarm past its deadline as escalated (one priority step up) and publishes it. */
  async escalateDue(): Promise<Alarm[]> {
    const now = this.clock.now();
    const done: Alarm[] = [];
    for (const a of await this.store.alarms.dueForEscalation(now, 500)) {
      const next = await this.writer.mutate(a.id, {
        change: (cur) => escalate(cur, now),
        entry: (n, cur) =>
          system('alarm.escalate', n, { from: cur.priority, to: n.priority, deadline: iso(cur.deadlineAt) }),
        published: 'escalated',
      });
      if (next) done.push(next);
    }
    return done;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
