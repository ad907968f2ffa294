import { randomUUID } from 'node:crypto';
import type { AuditJournal } from '../audit/journal.js';
import { badRequest, conflict, forbidden, notFound } from '../errors.js';
import type { FleetService } from '../fleet/fleet-service.js';
import type { Clock } from '../ports/clock.js';
import type { EvidenceHold } from '../ports/recordings.js';
import type { Store } from '../ports/store.js';
import { can, type Permission, type Principal } from '../users/principal.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface NewHold {
  fromMs: number;
  toMs: number;
  /** The legal reference (requisition number, case number…): why this footage outlives retention. */
  reason: string;
}

/** Whether a hold keeps a stretch [startMs, endMs) of a camera. */
export const holdCovers = (h: EvidenceHold, cameraId: string, startMs: number, endMs: number) =>
  h.cameraId === cameraId && h.fromMs < endMs && h.toMs > startMs;

/** Evidence holds: the only way footage outlives retention (L5), so each one is role-restricted and journaled. */
export class HoldService {
  constructor(
    private readonly store: Store,
    private readonly fleet: FleetService,
    private readonly journal: AuditJournal,
    private readonly clock: Clock,
  ) {}

  private allow(p: Principal, perm: Permission) {
    if (!can(p, perm)) throw forbidden();
  }

  async create(p: Principal, cameraId: string, h: NewHold, ip = ''): Promise<EvidenceHold> {
    this.allow(p, 'holds.manage');
    // An admin may still hold a deleted camera's archived footage (a requisition that comes after the removal).
    await this.fleet.history(p, cameraId);
    const reason = h.reason.trim();
    if (reason.length < 3) throw badRequest('reason: give the legal reference (e.g. a requisition number)');
    if (!(h.fromMs < h.toMs)) throw badRequest('to: must be after from');
    // Holding footage not yet recorded would exempt future recordings from retention in advance (5 min for clock skew).
    if (h.toMs > this.clock.now() + 300_000)
      throw badRequest('to: must not be in the future (a hold keeps footage already recorded)');
    const hold: EvidenceHold = {
      id: randomUUID(),
      cameraId,
      fromMs: h.fromMs,
      toMs: h.toMs,
      reason,
      createdBy: p.username,
      createdAt: new Date(this.clock.now()).toISOString(),
      releasedBy: null,
      releasedAt: null,
    };
    await this.store.transaction(async (tx) => {
      await tx.holds.add(hold);
      await this.journal.record(
        {
          actor: p.username,
          action: 'hold.create',
          target: cameraId,
          ip,
          details: { holdId: hold.id, ...span(hold), reason },
        },
        tx.audit,
      );
    });
    return hold;
  }

  async list(p: Principal, cameraId: string, activeOnly = false): Promise<EvidenceHold[]> {
    this.allow(p, 'holds.read');
    await this.fleet.history(p, cameraId);
    return activeOnly ? this.store.holds.active(cameraId) : this.store.holds.list(cameraId);
  }

  /** A hold of a camera the caller cannot see answers 404, like a missing one. */
  async get(p: Principal, id: string): Promise<EvidenceHold> {
    this.allow(p, 'holds.read');
    const hold = UUID.test(id) ? await this.store.holds.get(id) : undefined;
    if (!hold) throw notFound(`hold ${id}`);
    // Holds of a deleted camera's archive stay reachable by admins (and releasable, or its footage is kept forever).
    await this.fleet.history(p, hold.cameraId).catch(() => {
      throw notFound(`hold ${id}`);
    });
    return hold;
  }

  /** Releasing returns the footage to normal retention: the next retention pass may delete it. */
  async release(p: Principal, id: string, note = '', ip = ''): Promise<EvidenceHold> {
    this.allow(p, 'holds.manage');
    const hold = await this.get(p, id);
    if (hold.releasedAt) throw conflict(`hold ${id} was already released by ${hold.releasedBy} at ${hold.releasedAt}`);
    const at = new Date(this.clock.now()).toISOString();
    await this.store.transaction(async (tx) => {
      await tx.holds.release(id, p.username, at);
      await this.journal.record(
        {
          actor: p.username,
          action: 'hold.release',
          target: hold.cameraId,
          ip,
          details: { holdId: id, ...span(hold), note },
        },
        tx.audit,
      );
    });
    return { ...hold, releasedBy: p.username, releasedAt: at };
  }
}

const span = (h: { fromMs: number; toMs: number }) => ({
  from: new Date(h.fromMs).toISOString(),
  to: new Date(h.toMs).toISOString(),
});
