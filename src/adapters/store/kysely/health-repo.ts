import { type Kysely, type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import type { HealthInterval, HealthRepo, HealthSpan, HealthState } from '../../../core/ports/health.js';
import type { Database } from './tables.js';

type Row = Selectable<Database['health_intervals']>;

const fromRow = (r: Row): HealthInterval => ({
  id: r.id,
  cameraId: r.camera_id,
  state: r.state as HealthState,
  detail: r.detail,
  // PostgreSQL answers bigint as text.
  fromMs: Number(r.from_ms),
  toMs: r.to_ms === null ? null : Number(r.to_ms),
});

/** An end never before the start (a late or reordered message): CASE, which both SQL dialects share. */
const endAt = (atMs: number) => sql<number>`case when from_ms > ${atMs} then from_ms else ${atMs} end`;

export class KyselyHealthRepo implements HealthRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async open(i: HealthInterval) {
    const r = await this.db
      .insertInto('health_intervals')
      .values({
        id: i.id,
        camera_id: i.cameraId,
        state: i.state,
        detail: i.detail,
        from_ms: i.fromMs,
        to_ms: i.toMs,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async closeById(id: string, atMs: number) {
    const r = await this.db
      .updateTable('health_intervals')
      .set({ to_ms: endAt(atMs) })
      .where('id', '=', id)
      .where('to_ms', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async close(cameraId: string, state: HealthState, atMs: number) {
    const r = await this.db
      .updateTable('health_intervals')
      .set({ to_ms: endAt(atMs) })
      .where('to_ms', 'is', null)
      .where('camera_id', '=', cameraId)
      .where('state', '=', state)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async current() {
    const rows = await this.db
      .selectFrom('health_intervals')
      .selectAll()
      .where('to_ms', 'is', null)
      .orderBy('from_ms')
      .orderBy('id')
      .execute();
    return rows.map(fromRow);
  }

  async overlapping(fromMs: number, toMs: number, cameraIds?: string[]) {
    if (cameraIds && cameraIds.length === 0) return [];
    let q = this.db
      .selectFrom('health_intervals')
      .selectAll()
      .where('from_ms', '<', toMs)
      .where((eb) => eb.or([eb('to_ms', 'is', null), eb('to_ms', '>', fromMs)]));
    // Past a few hundred ids a list is slower than filtering the rows: the caller's scope is applied after.
    const few = cameraIds && cameraIds.length <= 500 ? cameraIds : undefined;
    if (few) q = q.where('camera_id', 'in', few);
    const rows = await q.orderBy('camera_id').orderBy('from_ms').orderBy('id').execute();
    const keep = cameraIds && !few ? new Set(cameraIds) : undefined;
    return (keep ? rows.filter((r) => keep.has(r.camera_id)) : rows).map(fromRow);
  }

  recentSpans(sinceMs: number) {
    return this.lean((q) => q.where((eb) => eb.or([eb('to_ms', 'is', null), eb('to_ms', '>=', sinceMs)])));
  }

  endedSpans(fromMs: number, toMs: number) {
    return this.lean((q) => q.where('to_ms', '>=', fromMs).where('to_ms', '<', toMs));
  }

  private async lean(
    where: (
      q: SelectQueryBuilder<Database, 'health_intervals', Pick<Row, 'camera_id' | 'state' | 'from_ms' | 'to_ms'>>,
    ) => SelectQueryBuilder<Database, 'health_intervals', Pick<Row, 'camera_id' | 'state' | 'from_ms' | 'to_ms'>>,
  ): Promise<HealthSpan[]> {
    const rows = await where(
      this.db.selectFrom('health_intervals').select(['camera_id', 'state', 'from_ms', 'to_ms']),
    ).execute();
    // PostgreSQL answers bigint as text.
    return rows.map((r) => ({
      cameraId: r.camera_id,
      state: r.state as HealthState,
      fromMs: Number(r.from_ms),
      toMs: r.to_ms === null ? null : Number(r.to_ms),
    }));
  }

  async summedMs(fromMs: number, toMs: number, states: readonly HealthState[]) {
    if (states.length === 0) return new Map<string, number>();
    const end = sql`coalesce(to_ms, ${toMs})`;
    const rows = await this.db
      .selectFrom('health_intervals')
      .select([
        'camera_id',
        sql<number>`sum((case when ${end} > ${toMs} then ${toMs} else ${end} end) - (case when from_ms < ${fromMs} then ${fromMs} else from_ms end))`.as(
          'ms',
        ),
      ])
      .where('state', 'in', [...states])
      .where('from_ms', '<', toMs)
      .where((eb) => eb.or([eb('to_ms', 'is', null), eb('to_ms', '>', fromMs)]))
      .groupBy('camera_id')
      .execute();
    return new Map(rows.map((r) => [r.camera_id, Number(r.ms)]));
  }
}
