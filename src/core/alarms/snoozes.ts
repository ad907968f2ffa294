import { randomUUID } from 'node:crypto';
import type { AuditJournal } from '../audit/journal.js';
import { badRequest, forbidden, notFound } from '../errors.js';
import type { Snooze } from '../ports/alarms.js';
import type { Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { EventKind } from '../ports/recordings.js';
import type { Store } from '../ports/store.js';
import { can, canSeeSector, type Permission, type Principal, sectorScope } from '../users/principal.js';

/** Topic of snooze changes (payload: SnoozeMessage): other consoles show the same list of silenced cameras. */
export const SNOOZES_TOPIC = 'alarms.snoozes';

export interface SnoozeMessage {
  change: 'snoozed' | 'ended';
  snooze: Snooze;
}

export interface NewSnooze {
  cameraId: string;
  kind: EventKind;
  minutes: number;
  reason: string;
}

/** 8 hours: a night shift at most; beyond that the camera needs a repair or a rule change, not silence. */
export const MAX_SNOOZE_MINUTES = 480;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Snoozes: a camera's kind silenced for N minutes when it keeps raising the same alarm. Its events are still stored
 * and searchable (never lose an event); they only raise no alarm while the snooze runs. Raising them already closed
 * instead would fill the desk's statistics with dispositions nobody chose: the honest record is the snooze itself,
 * journaled with who, why and until when, and the events it covered, found by camera, kind and time.
 */
export class SnoozeDesk {
  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
    private readonly journal: AuditJournal,
    private readonly clock: Clock,
  ) {}

  private allow(p: Principal, perm: Permission) {
    if (!can(p, perm)) throw forbidden();
  }

  async create(p: Principal, n: NewSnooze, ip = ''): Promise<Snooze> {
    this.allow(p, 'alarms.handle');
    const cam = await this.store.cameras.get(n.cameraId);
    if (!cam || !canSeeSector(p, cam.sectorId)) throw notFound(`camera ${n.cameraId}`);
    if (!Number.isInteger(n.minutes) || n.minutes < 1 || n.minutes > MAX_SNOOZE_MINUTES)
      throw badRequest(`minutes: from 1 to ${MAX_SNOOZE_MINUTES}`);
    const reason = n.reason.trim();
    if (reason.length < 3) throw badRequest('reason: say why in a few words (at least 3 characters)');
    const now = this.clock.now();
    const s = {
      id: randomUUID(),
      cameraId: cam.id,
      kind: n.kind,
      reason,
      createdBy: p.username,
      createdAtMs: now,
      untilMs: now + n.minutes * 60_000,
      endedAtMs: null,
      endedBy: null,
    };
    await this.store.transaction(async (tx) => {
      await tx.alarms.snoozes.insert(s);
      await this.journal.record(
        {
          actor: p.username,
          action: 'alarm.snooze',
          target: s.id,
          ip,
          details: {
            camera: s.cameraId,
            kind: s.kind,
            minutes: n.minutes,
            until: new Date(s.untilMs).toISOString(),
            reason,
          },
        },
        tx.audit,
      );
    });
    const stored = { ...s, sectorId: cam.sectorId };
    this.bus.publish(SNOOZES_TOPIC, { change: 'snoozed', snooze: stored } satisfies SnoozeMessage);
    return stored;
  }

  /** Running snoozes of the cameras the caller may see. */
  async active(p: Principal): Promise<Snooze[]> {
    this.allow(p, 'alarms.read');
    return this.store.alarms.snoozes.active(this.clock.now(), sectorScope(p));
  }

  /** Ends a running snooze now; one out of scope, unknown or already over answers 404. */
  async end(p: Principal, id: string, ip = ''): Promise<Snooze> {
    this.allow(p, 'alarms.handle');
    const now = this.clock.now();
    const s = UUID.test(id) ? await this.store.alarms.snoozes.get(id) : undefined;
    const visible = s && s.sectorId !== null && canSeeSector(p, s.sectorId);
    if (!s || !visible || s.endedAtMs !== null || s.untilMs <= now) throw notFound(`running snooze ${id}`);
    const ended = await this.store.transaction(async (tx) => {
      if (!(await tx.alarms.snoozes.end(id, p.username, now))) return false;
      await this.journal.record(
        {
          actor: p.username,
          action: 'alarm.snooze_end',
          target: id,
          ip,
          details: { camera: s.cameraId, kind: s.kind, until: new Date(s.untilMs).toISOString() },
        },
        tx.audit,
      );
      return true;
    });
    if (!ended) throw notFound(`running snooze ${id}`);
    const out = { ...s, endedAtMs: now, endedBy: p.username };
    this.bus.publish(SNOOZES_TOPIC, { change: 'ended', snooze: out } satisfies SnoozeMessage);
    return out;
  }

  /** Whether a camera's kind is silenced now (the feed asks before raising or joining an alarm). */
  async silenced(cameraId: string, kind: EventKind): Promise<boolean> {
    return (await this.store.alarms.snoozes.find(cameraId, kind, this.clock.now())) !== undefined;
  }
}
