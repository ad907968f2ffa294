import { LEGAL_ALARM_KINDS } from '../alarms/alarm-service.js';
import type { AuditJournal } from '../audit/journal.js';
import { notFound } from '../errors.js';
import type { FleetService } from '../fleet/fleet-service.js';
import { type EventFilter, type EventKind, eventKinds, type VigieEvent } from '../ports/recordings.js';
import type { Store } from '../ports/store.js';
import { can, canSeeSector, type Principal, sectorScope } from '../users/principal.js';

export interface EventQuery {
  cameraId?: string;
  sectorId?: string;
  zoneId?: string;
  objectClass?: string;
  disposition?: EventFilter['disposition'];
  kinds?: EventKind[];
  fromMs?: number;
  toMs?: number;
  limit: number;
}

/** Reading events and their snapshots, within the caller's sectors; opening a snapshot is journaled. */
export class EventQueries {
  constructor(
    private readonly store: Store,
    private readonly fleet: FleetService,
    private readonly journal: AuditJournal,
  ) {}

  async search(p: Principal, q: EventQuery): Promise<VigieEvent[]> {
    const scope = sectorScope(p);
    let cameraIds: string[] | undefined;
    if (q.cameraId) cameraIds = [(await this.fleet.get(p, q.cameraId)).id];
    else if (q.sectorId) {
      // A sector outside the caller's own gives nothing, not an error that would confirm it exists.
      const inScope = !scope || scope.includes(q.sectorId);
      cameraIds = inScope ? (await this.fleet.all([q.sectorId])).map((c) => c.id) : [];
    } else if (scope) cameraIds = (await this.fleet.all(scope)).map((c) => c.id);
    // The register's own events (an analytic stopped, an authorisation ending) are for those who read the register,
    // as their alarms are (supervisors, admins, auditors), not operators.
    const kinds = can(p, 'legal.read')
      ? q.kinds
      : (q.kinds ?? eventKinds).filter((k) => !LEGAL_ALARM_KINDS.includes(k));
    if (kinds?.length === 0) return [];
    return this.store.events.search({
      ...(cameraIds && { cameraIds }),
      ...(kinds && { kinds }),
      ...(q.fromMs !== undefined && { fromMs: q.fromMs }),
      ...(q.toMs !== undefined && { toMs: q.toMs }),
      ...(q.zoneId !== undefined && { zoneId: q.zoneId }),
      ...(q.objectClass !== undefined && { objectClass: q.objectClass }),
      ...(q.disposition !== undefined && { disposition: q.disposition }),
      limit: q.limit,
    });
  }

  async get(p: Principal, id: string): Promise<VigieEvent> {
    const e = await this.store.events.get(id);
    const cam = e && (await this.store.cameras.get(e.cameraId));
    const hidden = e && LEGAL_ALARM_KINDS.includes(e.kind) && !can(p, 'legal.read');
    if (!e || hidden || (cam && !canSeeSector(p, cam.sectorId)) || (!cam && sectorScope(p)))
      throw notFound(`event ${id}`);
    return e;
  }

  /** The snapshot's stored path, after the access is journaled. */
  async openSnapshot(p: Principal, id: string, ip = ''): Promise<string> {
    const e = await this.get(p, id);
    if (!e.snapshot) throw notFound(`snapshot of event ${id}`);
    await this.journal.record({
      actor: p.username,
      action: 'snapshot.view',
      target: id,
      ip,
      details: { camera: e.cameraId },
    });
    return e.snapshot;
  }
}
