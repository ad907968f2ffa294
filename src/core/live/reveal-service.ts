// Reveals (issue 21): a user sees a blurred camera clear, live, for live.revealSeconds, having said why (a reason or
// the alarm it is opened from). Each is journaled at its start and its end, and ends by itself: a timer while the
// centre runs, and at the next start for those whose end passed while it was down.
import { randomUUID } from 'node:crypto';
import type { AuditJournal } from '../audit/journal.js';
import { badRequest, DomainError, forbidden } from '../errors.js';
import type { FleetService } from '../fleet/fleet-service.js';
import type { Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { Reveal, RevealEnd, RevealFilter } from '../ports/reveals.js';
import type { Store } from '../ports/store.js';
import { can, type Principal, SYSTEM, sectorScope } from '../users/principal.js';

/** Published (payload `RevealEnded`) when a reveal ends: the clear views it opened are closed. */
export const REVEAL_ENDED = 'live.reveal_ended';
export interface RevealEnded {
  id: string;
  cameraId: string;
  userId: string;
  how: RevealEnd;
}

export const REVEAL_WHY = 'say why you reveal: a reason of 5 characters or more, or the alarm it is opened from';

/** A reveal as the API answers it. */
export interface RevealView {
  id: string;
  cameraId: string;
  actor: string;
  reason: string | null;
  alarmId: string | null;
  from: string;
  until: string;
}

const iso = (ms: number) => new Date(ms).toISOString();
const view = (r: Reveal): RevealView => ({
  id: r.id,
  cameraId: r.cameraId,
  actor: r.actor,
  reason: r.reason,
  alarmId: r.alarmId,
  from: iso(r.fromMs),
  until: iso(r.untilMs),
});
const key = (userId: string, cameraId: string) => `${userId}\n${cameraId}`;

export class RevealService {
  /** Reveals in force, by user and camera. */
  private readonly inForce = new Map<string, Reveal>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** One create at a time per user and camera: a double click makes one reveal. */
  private readonly creating = new Map<string, Promise<unknown>>();
  private started: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly fleet: FleetService,
    private readonly journal: AuditJournal,
    private readonly clock: Clock,
    private readonly bus: Bus,
    /** live.revealSeconds. */
    private readonly seconds: number,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** Reads the reveals not ended: those past their end are ended (expired) now, the others get their timer. */
  start(): Promise<void> {
    this.started ??= (async () => {
      const now = this.clock.now();
      for (const r of await this.store.reveals.open()) {
        if (r.untilMs <= now) await this.finish(r, 'expired');
        else this.arm(r);
      }
    })();
    return this.started;
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** The user's reveal of this camera in force now, if any. */
  find(userId: string, cameraId: string): Reveal | undefined {
    const r = this.inForce.get(key(userId, cameraId));
    return r && r.untilMs > this.clock.now() ? r : undefined;
  }

  /**
   * Right first (403), then scope (404, journaled as refused: someone tried to see a camera they may not), then why
   * (400). A reveal in force is answered as it is (created: false): a second one extends nothing.
   */
  async create(
    p: Principal,
    cameraId: string,
    body: { reason?: string | undefined; alarmId?: string | undefined },
    ip = '',
  ): Promise<{ reveal: RevealView; created: boolean }> {
    if (!can(p, 'video.reveal')) throw forbidden('revealing people on live video is not allowed for your role');
    await this.visible(p, cameraId, ip);
    const k = key(p.userId, cameraId);
    while (this.creating.has(k)) await this.creating.get(k)?.catch(() => {});
    const run = this.make(p, cameraId, body, ip);
    this.creating.set(k, run);
    try {
      return await run;
    } finally {
      this.creating.delete(k);
    }
  }

  private async make(
    p: Principal,
    cameraId: string,
    body: { reason?: string | undefined; alarmId?: string | undefined },
    ip: string,
  ): Promise<{ reveal: RevealView; created: boolean }> {
    const current = this.find(p.userId, cameraId);
    if (current) return { reveal: view(current), created: false };
    const reason = body.reason?.trim() || null;
    if (body.alarmId) {
      const alarm = await this.store.alarms.get(body.alarmId);
      if (alarm?.cameraId !== cameraId)
        throw badRequest(`alarmId: alarm ${body.alarmId} is not an alarm of camera ${cameraId}; ${REVEAL_WHY}`);
    }
    if (!body.alarmId && (!reason || reason.length < 5)) throw badRequest(REVEAL_WHY);
    const fromMs = this.clock.now();
    const r: Reveal = {
      id: randomUUID(),
      cameraId,
      userId: p.userId,
      actor: p.username,
      reason,
      alarmId: body.alarmId ?? null,
      fromMs,
      untilMs: fromMs + this.seconds * 1000,
      endedAtMs: null,
      how: null,
    };
    // Journaled with the row, in one transaction: a reveal never exists unjournaled.
    await this.store.transaction(async (tx) => {
      await tx.reveals.insert(r);
      await this.journal.record(
        {
          actor: p.username,
          action: 'live.reveal',
          target: cameraId,
          ip,
          details: { id: r.id, reason, alarmId: r.alarmId, from: iso(r.fromMs), until: iso(r.untilMs) },
        },
        tx.audit,
      );
    });
    this.arm(r);
    return { reveal: view(r), created: true };
  }

  /** Ends the caller's reveal of this camera now; nothing in force is not an error (it may have just expired). */
  async end(p: Principal, cameraId: string, ip = ''): Promise<void> {
    if (!can(p, 'video.reveal')) throw forbidden('revealing people on live video is not allowed for your role');
    await this.fleet.get(p, cameraId);
    const r = this.inForce.get(key(p.userId, cameraId));
    if (r) await this.finish(r, 'early', ip);
  }

  /** The reveal report, newest first, with the cameras' names (scoped like cameras for supervisors). */
  async list(p: Principal, f: RevealFilter) {
    if (!can(p, 'reveals.read')) throw forbidden('the reveal report is not open to your role');
    const scope = sectorScope(p);
    const cams = new Map((await this.fleet.all(scope)).map((c) => [c.id, c.name]));
    const rows = await this.store.reveals.list(f);
    // A supervisor reads the reveals of their sectors' cameras; admins and auditors read all (deleted cameras too).
    const items = rows
      .filter((r) => scope === undefined || cams.has(r.cameraId))
      .map((r) => ({
        ...view(r),
        cameraName: cams.get(r.cameraId) ?? r.cameraId,
        endedAt: r.endedAtMs === null ? null : iso(r.endedAtMs),
        how: r.how,
      }));
    return { items };
  }

  private async visible(p: Principal, cameraId: string, ip: string) {
    try {
      await this.fleet.get(p, cameraId);
    } catch (e) {
      if (!(e instanceof DomainError) || e.status !== 404) throw e;
      const missing = !(await this.fleet.get(SYSTEM, cameraId).catch(() => undefined));
      await this.journal.record({
        actor: p.username,
        action: 'live.reveal_refused',
        target: cameraId,
        ip,
        details: { why: missing ? 'no such camera' : "camera outside the user's sectors" },
      });
      throw e;
    }
  }

  private arm(r: Reveal) {
    const k = key(r.userId, r.cameraId);
    this.inForce.set(k, r);
    clearTimeout(this.timers.get(r.id));
    const t = setTimeout(
      () => void this.finish(r, 'expired').catch(this.onError),
      Math.max(0, r.untilMs - this.clock.now()),
    );
    t.unref?.();
    this.timers.set(r.id, t);
  }

  /** Ends a reveal once (the store decides which of an expiry and a DELETE came first), journals it, says so. */
  private async finish(r: Reveal, how: RevealEnd, ip = '') {
    clearTimeout(this.timers.get(r.id));
    this.timers.delete(r.id);
    const k = key(r.userId, r.cameraId);
    if (this.inForce.get(k)?.id === r.id) this.inForce.delete(k);
    const at = this.clock.now();
    const ended = await this.store.transaction(async (tx) => {
      if (!(await tx.reveals.end(r.id, at, how))) return false;
      await this.journal.record(
        {
          actor: how === 'early' ? r.actor : 'system',
          action: 'live.reveal_end',
          target: r.cameraId,
          ip,
          details: { id: r.id, how, user: r.actor, from: iso(r.fromMs), until: iso(r.untilMs), endedAt: iso(at) },
        },
        tx.audit,
      );
      return true;
    });
    if (ended)
      this.bus.publish(REVEAL_ENDED, { id: r.id, cameraId: r.cameraId, userId: r.userId, how } satisfies RevealEnded);
  }
}
