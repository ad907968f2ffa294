import type { Kysely, Selectable } from 'kysely';
import type { EventFilter, EventKind, EventRepo, VigieEvent } from '../../../core/ports/recordings.js';
import type { Database } from './tables.js';

// disposition is written by the alarm store when the event's alarm closes, never by an event write.
type Row = Omit<Selectable<Database['events']>, 'disposition'>;

const toRow = (e: VigieEvent): Row => ({
  id: e.id,
  camera_id: e.cameraId,
  kind: e.kind,
  started_at: e.startedAt,
  ended_at: e.endedAt ?? null,
  score: e.score,
  zone_id: e.zoneId ?? null,
  track_ids: JSON.stringify(e.trackIds),
  box: e.box ? JSON.stringify(e.box) : null,
  snapshot: e.snapshot ?? null,
  details: JSON.stringify(e.details),
  object_class: objectClass(e),
  authorisation_id: e.authorisationId ?? null,
});

/** The class a rule names in its details (`cls`, or the first of `classes`), for search by object class. */
function objectClass(e: VigieEvent): string | null {
  const d = e.details as { cls?: unknown; classes?: unknown };
  if (typeof d.cls === 'string') return d.cls.slice(0, 32);
  if (Array.isArray(d.classes) && typeof d.classes[0] === 'string') return d.classes[0].slice(0, 32);
  return null;
}

function fromRow(r: Omit<Row, 'object_class'> & { object_class?: string | null }): VigieEvent {
  const e: VigieEvent = {
    id: r.id,
    cameraId: r.camera_id,
    kind: r.kind as EventKind,
    startedAt: Number(r.started_at),
    score: Number(r.score),
    trackIds: JSON.parse(r.track_ids),
    details: JSON.parse(r.details),
  };
  if (r.ended_at !== null) e.endedAt = Number(r.ended_at);
  if (r.zone_id !== null) e.zoneId = r.zone_id;
  if (r.box !== null) e.box = JSON.parse(r.box);
  if (r.snapshot !== null) e.snapshot = r.snapshot;
  if (r.authorisation_id) e.authorisationId = r.authorisation_id;
  return e;
}

export class KyselyEventRepo implements EventRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async add(e: VigieEvent) {
    await this.db.insertInto('events').values(toRow(e)).execute();
  }

  async update(e: VigieEvent) {
    const { id, ...rest } = toRow(e);
    await this.db.updateTable('events').set(rest).where('id', '=', id).execute();
  }

  async get(id: string) {
    const r = await this.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? fromRow(r) : undefined;
  }

  async withSnapshotBefore(cameraId: string, beforeMs: number, limit: number) {
    const rows = await this.db
      .selectFrom('events')
      .selectAll('events')
      .where('camera_id', '=', cameraId)
      .where('started_at', '<', beforeMs)
      .where('snapshot', 'is not', null)
      .orderBy('started_at')
      .limit(limit)
      .execute();
    return rows.map(fromRow);
  }

  async snapshotCameraIds() {
    const rows = await this.db
      .selectFrom('events')
      .select('camera_id')
      .distinct()
      .where('snapshot', 'is not', null)
      .execute();
    return rows.map((r) => r.camera_id);
  }

  async search(f: EventFilter) {
    let q = this.db.selectFrom('events').selectAll('events');
    if (f.cameraIds) {
      if (f.cameraIds.length === 0) return [];
      q = q.where('camera_id', 'in', f.cameraIds);
    }
    if (f.kinds?.length) q = q.where('kind', 'in', f.kinds);
    if (f.fromMs !== undefined) q = q.where('started_at', '>=', f.fromMs);
    if (f.toMs !== undefined) q = q.where('started_at', '<', f.toMs);
    if (f.zoneId !== undefined) q = q.where('zone_id', '=', f.zoneId);
    if (f.objectClass !== undefined) q = q.where('object_class', '=', f.objectClass);
    if (f.disposition !== undefined) q = q.where('disposition', '=', f.disposition);
    return (await q.orderBy('started_at', 'desc').limit(f.limit).execute()).map(fromRow);
  }
}
