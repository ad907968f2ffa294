import { type Kysely, type Selectable, sql } from 'kysely';
import type { Bookmark, BookmarkFilter, BookmarkRepo } from '../../../core/ports/bookmarks.js';
import type { Database } from './tables.js';

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

const fromRow = (r: Selectable<Database['bookmarks']>): Bookmark => ({
  id: r.id,
  cameraId: r.camera_id,
  atMs: Number(r.at_ms),
  endMs: r.end_ms === null ? null : Number(r.end_ms),
  note: r.note,
  authorId: r.author_id,
  author: r.author,
  createdAt: r.created_at,
});

export class KyselyBookmarkRepo implements BookmarkRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async add(b: Bookmark) {
    await this.db
      .insertInto('bookmarks')
      .values({
        id: b.id,
        camera_id: b.cameraId,
        at_ms: b.atMs,
        end_ms: b.endMs,
        note: b.note,
        author_id: b.authorId,
        author: b.author,
        created_at: b.createdAt,
      })
      .execute();
  }

  async get(id: string) {
    const r = await this.db.selectFrom('bookmarks').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? fromRow(r) : undefined;
  }

  async list(f: BookmarkFilter) {
    if (f.sectorIds?.length === 0) return [];
    let q = this.db.selectFrom('bookmarks').selectAll();
    if (f.cameraId !== undefined) q = q.where('camera_id', '=', f.cameraId);
    // Scope by the camera's sector now (a camera moved to another sector takes its bookmarks with it).
    if (f.sectorIds)
      q = q.where('camera_id', 'in', this.db.selectFrom('cameras').select('id').where('sector_id', 'in', f.sectorIds));
    if (f.toMs !== undefined) q = q.where('at_ms', '<', f.toMs);
    if (f.fromMs !== undefined) {
      const from = f.fromMs;
      q = q.where((eb) => eb.or([eb('at_ms', '>=', from), eb('end_ms', '>', from)]));
    }
    if (f.q) q = q.where(sql<boolean>`lower(note) like ${`%${likeEscape(f.q.toLowerCase())}%`} escape '\\'`);
    const rows = await q
      .orderBy('at_ms', 'desc')
      .orderBy('id')
      .limit(f.limit ?? 500)
      .execute();
    return rows.map(fromRow);
  }

  async delete(id: string) {
    const r = await this.db.deleteFrom('bookmarks').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
