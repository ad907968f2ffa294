import { randomUUID } from 'node:crypto';
import type { AuditJournal } from '../audit/journal.js';
import { badRequest, conflict, forbidden, notFound } from '../errors.js';
import type { FleetService } from '../fleet/fleet-service.js';
import type { Clock } from '../ports/clock.js';
import type { EvidenceHold } from '../ports/recordings.js';
import type { Store } from '../ports/store.js';
import { LEGAL_RETENTION_CAP_DAYS } from '../shared/law.js';
import { can, type Permission, type Principal } from '../users/principal.js';
import { formatBytes, type StorageBudget } from './storage-budget.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface NewHold {
  fromMs: number;
  toMs: number;
  /** The legal reference (requisition number, case number…): why this footage outlives retention. */
  reason: string;
}

/** What a hold may keep, and who hears when it changes (the storage watch). */
export interface HoldLimits {
  budget: StorageBudget;
  onChange?: () => void;
}

const DAY_MS = 86_400_000;

/**
 * Why a reason is not one (undefined when it is): it must name the legal reference — at least 8 characters with
 * letters or digits, not one character over and over ("aaaaaaaa", "--------").
 */
export function reasonProblem(reason: string): string | undefined {
  const r = reason.trim();
  const example = 'e.g. "réquisition OPJ 2026/117"';
  if (r.length < 8) return `reason: give the legal reference in at least 8 characters (${example})`;
  if (!/[\p{L}\p{N}]/u.test(r)) return `reason: must contain letters or digits (${example})`;
  if (new Set(r.replace(/\s/g, '').toLowerCase()).size < 3)
    return `reason: "${r}" is not a reference: use at least 3 different characters (${example})`;
  return undefined;
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
    private readonly limits?: HoldLimits,
  ) {}

  /** Creations one at a time: two at once could each pass the cap that both together exceed. */
  private creating: Promise<unknown> = Promise.resolve();

  private allow(p: Principal, perm: Permission) {
    if (!can(p, perm)) throw forbidden();
  }

  async create(p: Principal, cameraId: string, h: NewHold, ip = ''): Promise<EvidenceHold> {
    this.allow(p, 'holds.manage');
    // An admin may still hold a deleted camera's archived footage (a requisition that comes after the removal).
    await this.fleet.history(p, cameraId);
    const reason = h.reason.trim();
    const problem = reasonProblem(reason);
    if (problem) throw badRequest(problem);
    if (!(h.fromMs < h.toMs)) throw badRequest('to: must be after from');
    const now = this.clock.now();
    // Holding footage not yet recorded would exempt future recordings from retention in advance (5 min for clock skew).
    if (h.toMs > now + 300_000)
      throw badRequest('to: must not be in the future (a hold keeps footage already recorded)');
    // Nothing older than the legal cap can still be recorded unless already held: a wider span holds nothing more.
    const reach = now - LEGAL_RETENTION_CAP_DAYS * DAY_MS;
    if (h.fromMs < reach)
      throw badRequest(
        `from: must be within the legal retention reach (${LEGAL_RETENTION_CAP_DAYS} days, not before ${new Date(reach).toISOString()})`,
      );
    const run = this.creating.then(() => this.add(p, cameraId, h, reason, ip));
    this.creating = run.catch(() => {});
    const hold = await run;
    this.limits?.onChange?.();
    return hold;
  }

  private async add(p: Principal, cameraId: string, h: NewHold, reason: string, ip: string): Promise<EvidenceHold> {
    if ((await this.store.segments.summary(cameraId, h.fromMs, h.toMs)).count === 0)
      throw badRequest(
        `from, to: no recorded footage of camera ${cameraId} between ${span(h).from} and ${span(h).to}; a hold keeps recorded footage`,
      );
    if (this.limits) await this.checkCap(cameraId, h);
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
    this.limits?.onChange?.();
    return { ...hold, releasedBy: p.username, releasedAt: at };
  }

  /** Past the cap, a hold would eat into the footage recording needs: refused with what is held and the cap. */
  private async checkCap(cameraId: string, h: NewHold) {
    const { budget } = this.limits!;
    const [f, now, after] = await Promise.all([
      budget.figures(),
      budget.heldBytes(),
      budget.heldBytes({ cameraId, fromMs: h.fromMs, toMs: h.toMs }),
    ]);
    if (after <= f.holdsCap) return;
    const pct = budget.opts.holdsMaxPercent;
    throw conflict(
      `holds cap reached: active holds keep ${formatBytes(now)} of footage; this one would bring it to ${formatBytes(after)}, ` +
        `past the cap of ${formatBytes(f.holdsCap)} (${pct} % of the ${formatBytes(f.recordingsLimit)} recordings budget, recordings.holdsMaxPercent). ` +
        'Release holds no longer needed or narrow the span.',
    );
  }
}

const span = (h: { fromMs: number; toMs: number }) => ({
  from: new Date(h.fromMs).toISOString(),
  to: new Date(h.toMs).toISOString(),
});
