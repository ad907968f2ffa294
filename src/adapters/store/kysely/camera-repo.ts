import { type Kysely, type Selectable, sql } from 'kysely';
import type { PrivacySetting } from '../../../core/fleet/schemas.js';
import type { ArchivedCamera, CameraFilter, CameraRecord, CameraRepo, SectorRepo } from '../../../core/ports/store.js';
import type { Database } from './tables.js';

type CameraRow = Selectable<Database['cameras']>;

function toRow(c: CameraRecord): CameraRow {
  return {
    id: c.id,
    name: c.name,
    sector_id: c.sectorId,
    lat: c.position?.lat ?? null,
    lon: c.position?.lon ?? null,
    address: c.address ?? null,
    main_url: c.streams.main,
    sub_url: c.streams.sub ?? null,
    credentials_cipher: c.credentialsCipher,
    model: c.model ?? null,
    phase: c.phase,
    installed_at: c.installedAt ?? null,
    status: c.status,
    tags: JSON.stringify(c.tags),
    retention_days: c.retentionDays ?? null,
    direction: c.direction ?? null,
    field_of_view: c.fieldOfView ?? null,
    privacy: c.privacy ?? 'inherit',
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

function fromRow(r: CameraRow): CameraRecord {
  const c: CameraRecord = {
    id: r.id,
    name: r.name,
    sectorId: r.sector_id,
    streams: r.sub_url ? { main: r.main_url, sub: r.sub_url } : { main: r.main_url },
    credentialsCipher: r.credentials_cipher,
    phase: r.phase as CameraRecord['phase'],
    status: r.status as CameraRecord['status'],
    tags: JSON.parse(r.tags),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  if (r.lat !== null && r.lon !== null) c.position = { lat: Number(r.lat), lon: Number(r.lon) };
  if (r.address !== null) c.address = r.address;
  if (r.model !== null) c.model = r.model;
  if (r.installed_at !== null) c.installedAt = r.installed_at;
  if (r.retention_days !== null) c.retentionDays = Number(r.retention_days);
  if (r.direction !== null) c.direction = Number(r.direction);
  if (r.field_of_view !== null) c.fieldOfView = Number(r.field_of_view);
  // Absent means inherit (the default), as on input.
  if (r.privacy !== 'inherit') c.privacy = r.privacy as PrivacySetting;
  return c;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

export class KyselyCameraRepo implements CameraRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async get(id: string) {
    const row = await this.db.selectFrom('cameras').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async list(f: CameraFilter) {
    let q = this.db.selectFrom('cameras');
    if (f.sectorIds) {
      if (f.sectorIds.length === 0) return { items: [], total: 0 };
      q = q.where('sector_id', 'in', f.sectorIds);
    }
    if (f.sectorId) q = q.where('sector_id', '=', f.sectorId);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.phase) q = q.where('phase', '=', f.phase);
    if (f.tag) q = q.where(sql<boolean>`tags like ${`%${likeEscape(JSON.stringify(f.tag))}%`} escape '\\'`);
    if (f.q) {
      const pat = `%${likeEscape(f.q.toLowerCase())}%`;
      q = q.where(
        sql<boolean>`(lower(id) like ${pat} escape '\\' or lower(name) like ${pat} escape '\\' or lower(coalesce(address, '')) like ${pat} escape '\\')`,
      );
    }
    const limit = f.limit ?? 100;
    const offset = f.offset ?? 0;
    const rows = await q.selectAll().orderBy('id').limit(limit).offset(offset).execute();
    // A short first page is the whole result: no second query needed for the total.
    if (offset === 0 && rows.length < limit) return { items: rows.map(fromRow), total: rows.length };
    const [{ n }] = (await q.select((eb) => eb.fn.countAll<number>().as('n')).execute()) as [{ n: number }];
    return { items: rows.map(fromRow), total: Number(n) };
  }

  async insert(c: CameraRecord) {
    await this.db.insertInto('cameras').values(toRow(c)).execute();
  }

  async update(c: CameraRecord) {
    const { id, created_at, ...rest } = toRow(c);
    await this.db.updateTable('cameras').set(rest).where('id', '=', id).execute();
  }

  async upsertMany(cameras: CameraRecord[]) {
    // 500 rows x 19 columns stays under SQLite's and PostgreSQL's bound-parameter limits.
    for (let i = 0; i < cameras.length; i += 500) {
      const rows = cameras.slice(i, i + 500).map(toRow);
      await this.db
        .insertInto('cameras')
        .values(rows)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => {
            const cols = Object.keys(rows[0]!).filter(
              // An import does not carry the privacy setting: a replaced camera keeps its own.
              (k) => !['id', 'created_at', 'credentials_cipher', 'privacy'].includes(k),
            ) as (keyof CameraRow)[];
            return {
              ...Object.fromEntries(cols.map((k) => [k, eb.ref(`excluded.${k}`)])),
              credentials_cipher: sql`coalesce(excluded.credentials_cipher, cameras.credentials_cipher)`,
            };
          }),
        )
        .execute();
    }
  }

  async delete(id: string) {
    const r = await this.db.deleteFrom('cameras').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async countBySector() {
    const rows = await this.db
      .selectFrom('cameras')
      .select(['sector_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('sector_id')
      .execute();
    return new Map(rows.map((r) => [r.sector_id, Number(r.n)]));
  }

  async archive(a: ArchivedCamera) {
    await this.db
      .insertInto('archived_cameras')
      .values({
        id: a.id,
        camera_id: a.cameraId,
        name: a.name,
        sector_id: a.sectorId,
        deleted_at_ms: a.deletedAtMs,
        privacy_masks: JSON.stringify(a.privacyMasks),
        retention_days: a.retentionDays ?? null,
      })
      .execute();
    await this.moveHistory(a.cameraId, a.id);
    // A deleted camera's outage ends with it: its health history is kept under the archive, closed.
    await this.db
      .updateTable('health_intervals')
      .set({ to_ms: sql<number>`case when from_ms > ${a.deletedAtMs} then from_ms else ${a.deletedAtMs} end` })
      .where('camera_id', '=', a.id)
      .where('to_ms', 'is', null)
      .execute();
  }

  async getArchive(archiveId: string) {
    const r = await this.db.selectFrom('archived_cameras').selectAll().where('id', '=', archiveId).executeTakeFirst();
    return r ? archiveFromRow(r) : undefined;
  }

  async archivesOf(cameraId: string) {
    const rows = await this.db
      .selectFrom('archived_cameras')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .orderBy('deleted_at_ms')
      .execute();
    return rows.map(archiveFromRow);
  }

  async ownerAt(cameraId: string, atMs: number) {
    const r = await this.db
      .selectFrom('archived_cameras')
      .select('id')
      .where('camera_id', '=', cameraId)
      .where('deleted_at_ms', '>=', atMs)
      .orderBy('deleted_at_ms')
      .limit(1)
      .executeTakeFirst();
    return r?.id ?? cameraId;
  }

  async archiveClash(ids: string[]) {
    const archiveIds: string[] = [];
    const withArchives = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = await this.db
        .selectFrom('archived_cameras')
        .select(['id', 'camera_id'])
        .where((eb) => eb.or([eb('id', 'in', chunk), eb('camera_id', 'in', chunk)]))
        .execute();
      const wanted = new Set(chunk);
      for (const r of rows) {
        if (wanted.has(r.id)) archiveIds.push(r.id);
        if (wanted.has(r.camera_id)) withArchives.add(r.camera_id);
      }
    }
    return { archiveIds, withArchives: [...withArchives] };
  }

  async moveHistory(fromId: string, toId: string) {
    let moved = 0;
    const tables = [
      'segments',
      'evidence_holds',
      'events',
      'alarms',
      'alarm_snoozes',
      'bookmarks',
      'health_intervals',
    ] as const;
    for (const table of tables) {
      const r = await this.db
        .updateTable(table)
        .set({ camera_id: toId })
        .where('camera_id', '=', fromId)
        .executeTakeFirst();
      moved += Number(r.numUpdatedRows);
    }
    return moved;
  }
}

const archiveFromRow = (r: Selectable<Database['archived_cameras']>): ArchivedCamera => ({
  id: r.id,
  cameraId: r.camera_id,
  name: r.name,
  sectorId: r.sector_id,
  deletedAtMs: Number(r.deleted_at_ms),
  privacyMasks: JSON.parse(r.privacy_masks),
  ...(r.retention_days !== null && { retentionDays: Number(r.retention_days) }),
});

const sectorFromRow = (r: Selectable<Database['sectors']>) => ({
  id: r.id,
  name: r.name,
  ...(r.description !== null && { description: r.description }),
  ...(r.privacy !== 'inherit' && { privacy: r.privacy as PrivacySetting }),
});

export class KyselySectorRepo implements SectorRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async get(id: string) {
    const r = await this.db.selectFrom('sectors').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? sectorFromRow(r) : undefined;
  }

  async list() {
    const rows = await this.db.selectFrom('sectors').selectAll().orderBy('id').execute();
    return rows.map(sectorFromRow);
  }

  async upsert(s: {
    id: string;
    name: string;
    description?: string | undefined;
    privacy?: PrivacySetting | undefined;
  }) {
    const row = { id: s.id, name: s.name, description: s.description ?? null, privacy: s.privacy ?? 'inherit' };
    await this.db
      .insertInto('sectors')
      .values(row)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({ name: row.name, description: row.description, privacy: row.privacy }),
      )
      .execute();
  }

  async delete(id: string) {
    const r = await this.db.deleteFrom('sectors').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
