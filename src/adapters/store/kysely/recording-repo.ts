import type { Kysely, Selectable } from 'kysely';
import type { EvidenceHold, HoldRepo, Segment, SegmentRepo } from '../../../core/ports/recordings.js';
import type { Database } from './tables.js';

const segFromRow = (r: Selectable<Database['segments']>): Segment => ({
  id: r.id,
  cameraId: r.camera_id,
  startMs: Number(r.start_ms),
  endMs: Number(r.end_ms),
  path: r.path,
  bytes: Number(r.bytes),
  codec: r.codec,
  ...(Number(r.partial) === 1 && { partial: true }),
  ...(r.node && { node: r.node }),
});

export class KyselySegmentRepo implements SegmentRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async add(s: Segment) {
    const row = {
      id: s.id,
      camera_id: s.cameraId,
      start_ms: s.startMs,
      end_ms: s.endMs,
      path: s.path,
      bytes: s.bytes,
      codec: s.codec,
      partial: s.partial ? 1 : 0,
      // Only when known: a node of the version before the column inserts without it (rolling upgrade).
      ...(s.node && { node: s.node }),
    };
    await this.db
      .insertInto('segments')
      .values(row)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          end_ms: row.end_ms,
          path: row.path,
          bytes: row.bytes,
          codec: row.codec,
          partial: row.partial,
          ...(row.node && { node: row.node }),
        }),
      )
      .execute();
  }

  async range(cameraId: string, fromMs: number, toMs: number) {
    const rows = await this.db
      .selectFrom('segments')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .where('start_ms', '<', toMs)
      .where('end_ms', '>', fromMs)
      .orderBy('start_ms')
      .execute();
    return rows.map(segFromRow);
  }

  async oldest(limit: number, afterStartMs?: number) {
    let q = this.db.selectFrom('segments').selectAll();
    if (afterStartMs !== undefined) q = q.where('start_ms', '>', afterStartMs);
    return (await q.orderBy('start_ms').orderBy('id').limit(limit).execute()).map(segFromRow);
  }

  async endedBefore(cameraId: string, beforeMs: number, limit: number, afterStartMs?: number) {
    let q = this.db
      .selectFrom('segments')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .where('end_ms', '<=', beforeMs);
    if (afterStartMs !== undefined) q = q.where('start_ms', '>', afterStartMs);
    return (await q.orderBy('start_ms').limit(limit).execute()).map(segFromRow);
  }

  async byPath(path: string) {
    const r = await this.db.selectFrom('segments').selectAll().where('path', '=', path).executeTakeFirst();
    return r ? segFromRow(r) : undefined;
  }

  async allPaths() {
    return (await this.db.selectFrom('segments').select('path').execute()).map((r) => r.path);
  }

  async pathsIn(cameraId: string) {
    // The folder holds the camera's segments and its archives' (a deleted camera's id reused): found by camera_id,
    // on its index (a LIKE on path would read the whole table at each takeover), then kept by folder.
    const prefix = `${cameraId}/`;
    const rows = await this.db
      .selectFrom('segments')
      .select('path')
      .where((eb) =>
        eb.or([
          eb('camera_id', '=', cameraId),
          eb('camera_id', 'in', eb.selectFrom('archived_cameras').select('id').where('camera_id', '=', cameraId)),
        ]),
      )
      .execute();
    return rows.map((r) => r.path).filter((p) => p.startsWith(prefix));
  }

  async take(ids: string[]) {
    const out: string[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .deleteFrom('segments')
        .where('id', 'in', ids.slice(i, i + 500))
        .returning('id')
        .execute();
      out.push(...rows.map((r) => r.id));
    }
    return out;
  }

  async delete(ids: string[]) {
    let n = 0;
    for (let i = 0; i < ids.length; i += 500) {
      const r = await this.db
        .deleteFrom('segments')
        .where('id', 'in', ids.slice(i, i + 500))
        .executeTakeFirst();
      n += Number(r.numDeletedRows);
    }
    return n;
  }

  async totalBytes() {
    const r = await this.db
      .selectFrom('segments')
      .select((eb) => eb.fn.sum<number>('bytes').as('n'))
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async summary(cameraId: string, fromMs: number, toMs: number) {
    const r = await this.db
      .selectFrom('segments')
      .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.sum<number>('bytes').as('bytes')])
      .where('camera_id', '=', cameraId)
      .where('start_ms', '<', toMs)
      .where('end_ms', '>', fromMs)
      .executeTakeFirst();
    return { count: Number(r?.count ?? 0), bytes: Number(r?.bytes ?? 0) };
  }

  async cameraIds() {
    return (await this.db.selectFrom('segments').select('camera_id').distinct().execute()).map((r) => r.camera_id);
  }
}

const holdFromRow = (r: Selectable<Database['evidence_holds']>): EvidenceHold => ({
  id: r.id,
  cameraId: r.camera_id,
  fromMs: Number(r.from_ms),
  toMs: Number(r.to_ms),
  reason: r.reason,
  createdBy: r.created_by,
  createdAt: r.created_at,
  releasedBy: r.released_by,
  releasedAt: r.released_at,
});

export class KyselyHoldRepo implements HoldRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async add(h: EvidenceHold) {
    await this.db
      .insertInto('evidence_holds')
      .values({
        id: h.id,
        camera_id: h.cameraId,
        from_ms: h.fromMs,
        to_ms: h.toMs,
        reason: h.reason,
        created_by: h.createdBy,
        created_at: h.createdAt,
        released_by: h.releasedBy,
        released_at: h.releasedAt,
      })
      .execute();
  }

  async get(id: string) {
    const r = await this.db.selectFrom('evidence_holds').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? holdFromRow(r) : undefined;
  }

  async active(cameraId?: string) {
    let q = this.db.selectFrom('evidence_holds').selectAll().where('released_at', 'is', null);
    if (cameraId) q = q.where('camera_id', '=', cameraId);
    return (await q.orderBy('from_ms').execute()).map(holdFromRow);
  }

  async list(cameraId?: string) {
    let q = this.db.selectFrom('evidence_holds').selectAll();
    if (cameraId) q = q.where('camera_id', '=', cameraId);
    return (await q.orderBy('created_at', 'desc').execute()).map(holdFromRow);
  }

  async release(id: string, by: string, at: string) {
    await this.db
      .updateTable('evidence_holds')
      .set({ released_by: by, released_at: at })
      .where('id', '=', id)
      .execute();
  }
}
