import type { Kysely, Selectable } from 'kysely';
import type { AnalyticsConfigRecord, AnalyticsConfigRepo } from '../../../core/ports/store.js';
import type { Database } from './tables.js';

const fromRow = (r: Selectable<Database['camera_analytics']>): AnalyticsConfigRecord => ({
  cameraId: r.camera_id,
  config: r.config,
  enabled: Number(r.enabled) === 1,
  updatedAt: r.updated_at,
});

export class KyselyAnalyticsConfigRepo implements AnalyticsConfigRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async get(cameraId: string) {
    const r = await this.db
      .selectFrom('camera_analytics')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .executeTakeFirst();
    return r ? fromRow(r) : undefined;
  }

  async put(rec: AnalyticsConfigRecord) {
    const row = {
      camera_id: rec.cameraId,
      config: rec.config,
      enabled: rec.enabled ? 1 : 0,
      updated_at: rec.updatedAt,
    };
    await this.db
      .insertInto('camera_analytics')
      .values(row)
      .onConflict((oc) =>
        oc.column('camera_id').doUpdateSet({ config: row.config, enabled: row.enabled, updated_at: row.updated_at }),
      )
      .execute();
  }

  async enabled() {
    const rows = await this.db
      .selectFrom('camera_analytics')
      .selectAll()
      .where('enabled', '=', 1)
      .orderBy('camera_id')
      .execute();
    return rows.map(fromRow);
  }
}
