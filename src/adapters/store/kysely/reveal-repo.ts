import type { Kysely, Selectable } from 'kysely';
import type { Reveal, RevealEnd, RevealFilter, RevealRepo } from '../../../core/ports/reveals.js';
import type { Database } from './tables.js';

const fromRow = (r: Selectable<Database['reveals']>): Reveal => ({
  id: r.id,
  cameraId: r.camera_id,
  userId: r.user_id,
  actor: r.actor,
  reason: r.reason,
  alarmId: r.alarm_id,
  // PostgreSQL answers bigint as text.
  fromMs: Number(r.from_ms),
  untilMs: Number(r.until_ms),
  endedAtMs: r.ended_at_ms === null ? null : Number(r.ended_at_ms),
  how: r.how as RevealEnd | null,
});

export class KyselyRevealRepo implements RevealRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(r: Reveal) {
    await this.db
      .insertInto('reveals')
      .values({
        id: r.id,
        camera_id: r.cameraId,
        user_id: r.userId,
        actor: r.actor,
        reason: r.reason,
        alarm_id: r.alarmId,
        from_ms: r.fromMs,
        until_ms: r.untilMs,
        ended_at_ms: r.endedAtMs,
        how: r.how,
      })
      .execute();
  }

  async get(id: string) {
    const r = await this.db.selectFrom('reveals').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? fromRow(r) : undefined;
  }

  async open() {
    const rows = await this.db.selectFrom('reveals').selectAll().where('ended_at_ms', 'is', null).execute();
    return rows.map(fromRow);
  }

  async end(id: string, atMs: number, how: RevealEnd) {
    const r = await this.db
      .updateTable('reveals')
      .set({ ended_at_ms: atMs, how })
      .where('id', '=', id)
      .where('ended_at_ms', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async list(f: RevealFilter) {
    let q = this.db.selectFrom('reveals').selectAll();
    if (f.fromMs !== undefined) q = q.where('from_ms', '>=', f.fromMs);
    if (f.toMs !== undefined) q = q.where('from_ms', '<', f.toMs);
    if (f.cameraId) q = q.where('camera_id', '=', f.cameraId);
    if (f.actor) q = q.where('actor', '=', f.actor);
    const rows = await q
      .orderBy('from_ms', 'desc')
      .orderBy('id', 'desc')
      .limit(f.limit ?? 500)
      .execute();
    return rows.map(fromRow);
  }
}
