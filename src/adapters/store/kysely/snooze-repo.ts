import type { Kysely, Selectable } from 'kysely';
import type { Snooze, SnoozeRepo } from '../../../core/ports/alarms.js';
import type { EventKind } from '../../../core/ports/recordings.js';
import type { Database } from './tables.js';

type Row = Selectable<Database['alarm_snoozes']> & { sector_id: string | null };

// bigint columns may come back as strings or numbers depending on the driver.
const num = (v: number | null) => (v === null ? null : Number(v));

const fromRow = (r: Row): Snooze => ({
  id: r.id,
  cameraId: r.camera_id,
  kind: r.kind as EventKind,
  reason: r.reason,
  createdBy: r.created_by,
  createdAtMs: Number(r.created_at),
  untilMs: Number(r.until_at),
  endedAtMs: num(r.ended_at),
  endedBy: r.ended_by,
  sectorId: r.sector_id ?? null,
});

/** Snoozes of a camera's kind; the sector comes from the camera at read time, as for alarms. */
export class KyselySnoozeRepo implements SnoozeRepo {
  constructor(private readonly db: Kysely<Database>) {}

  private view() {
    return this.db
      .selectFrom('alarm_snoozes')
      .selectAll('alarm_snoozes')
      .select((eb) =>
        eb
          .selectFrom('cameras')
          .select('cameras.sector_id')
          .whereRef('cameras.id', '=', 'alarm_snoozes.camera_id')
          .as('sector_id'),
      );
  }

  async insert(s: Omit<Snooze, 'sectorId'>) {
    await this.db
      .insertInto('alarm_snoozes')
      .values({
        id: s.id,
        camera_id: s.cameraId,
        kind: s.kind,
        reason: s.reason,
        created_by: s.createdBy,
        created_at: s.createdAtMs,
        until_at: s.untilMs,
        ended_at: s.endedAtMs,
        ended_by: s.endedBy,
      })
      .execute();
  }

  async get(id: string) {
    const r = await this.view().where('alarm_snoozes.id', '=', id).executeTakeFirst();
    return r && fromRow(r as Row);
  }

  async end(id: string, by: string, atMs: number) {
    const r = await this.db
      .updateTable('alarm_snoozes')
      .set({ ended_at: atMs, ended_by: by })
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .where('until_at', '>', atMs)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async active(atMs: number, sectorIds?: string[]) {
    if (sectorIds?.length === 0) return [];
    let q = this.view().where('alarm_snoozes.ended_at', 'is', null).where('alarm_snoozes.until_at', '>', atMs);
    if (sectorIds)
      q = q.where(
        'alarm_snoozes.camera_id',
        'in',
        this.db.selectFrom('cameras').select('id').where('sector_id', 'in', sectorIds),
      );
    const rows = await q.orderBy('alarm_snoozes.until_at').orderBy('alarm_snoozes.id').execute();
    return rows.map((r) => fromRow(r as Row));
  }

  async find(cameraId: string, kind: EventKind, atMs: number) {
    const r = await this.view()
      .where('alarm_snoozes.camera_id', '=', cameraId)
      .where('alarm_snoozes.kind', '=', kind)
      .where('alarm_snoozes.ended_at', 'is', null)
      .where('alarm_snoozes.until_at', '>', atMs)
      .orderBy('alarm_snoozes.until_at', 'desc')
      .executeTakeFirst();
    return r && fromRow(r as Row);
  }
}
