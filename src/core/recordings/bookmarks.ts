import { randomUUID } from 'node:crypto';
import type { AuditJournal } from '../audit/journal.js';
import { badRequest, forbidden, notFound } from '../errors.js';
import type { FleetService } from '../fleet/fleet-service.js';
import type { Bookmark } from '../ports/bookmarks.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import { can, type Principal, sectorScope } from '../users/principal.js';

export const NOTE_MAX = 500;

export interface NewBookmark {
  cameraId: string;
  atMs: number;
  endMs?: number;
  note: string;
}

export interface BookmarkQuery {
  cameraId?: string;
  fromMs?: number;
  toMs?: number;
  q?: string;
  limit?: number;
}

/**
 * Bookmarks: notes on moments of a camera's recording. They are about footage, so they follow its rules: the
 * recordings.view right, the camera's sector (a camera out of scope is 404 and its bookmarks never listed), and the
 * journal (creation and deletion). Deleting is for the author or an admin: a note is someone's testimony.
 */
export class BookmarkService {
  constructor(
    private readonly store: Store,
    private readonly fleet: FleetService,
    private readonly journal: AuditJournal,
    private readonly clock: Clock,
  ) {}

  async create(p: Principal, b: NewBookmark, ip = ''): Promise<Bookmark> {
    if (!can(p, 'recordings.view')) throw forbidden();
    // Scope first: a camera the caller cannot see answers 404 whatever else is wrong.
    await this.fleet.get(p, b.cameraId);
    const note = b.note.trim();
    if (note.length < 1 || note.length > NOTE_MAX) throw badRequest(`note: 1 to ${NOTE_MAX} characters`);
    if (b.endMs !== undefined && !(b.endMs > b.atMs)) throw badRequest('end: must be after at');
    const bookmark: Bookmark = {
      id: randomUUID(),
      cameraId: b.cameraId,
      atMs: b.atMs,
      endMs: b.endMs ?? null,
      note,
      authorId: p.userId,
      author: p.username,
      createdAt: new Date(this.clock.now()).toISOString(),
    };
    await this.store.transaction(async (tx) => {
      await tx.bookmarks.add(bookmark);
      await this.journal.record(
        {
          actor: p.username,
          action: 'bookmark.create',
          target: b.cameraId,
          ip,
          details: { id: bookmark.id, at: new Date(b.atMs).toISOString(), note },
        },
        tx.audit,
      );
    });
    return bookmark;
  }

  async list(p: Principal, q: BookmarkQuery): Promise<Bookmark[]> {
    if (!can(p, 'recordings.view')) throw forbidden();
    if (q.cameraId !== undefined) await this.fleet.get(p, q.cameraId);
    const scope = sectorScope(p);
    return this.store.bookmarks.list({ ...q, ...(scope && { sectorIds: scope }) });
  }

  async remove(p: Principal, id: string, ip = ''): Promise<void> {
    if (!can(p, 'recordings.view')) throw forbidden();
    const b = await this.store.bookmarks.get(id);
    if (!b) throw notFound(`bookmark ${id}`);
    // Out of scope is "not found", like the camera itself.
    await this.fleet.get(p, b.cameraId).catch(() => {
      throw notFound(`bookmark ${id}`);
    });
    if (b.authorId !== p.userId && p.role !== 'admin') throw forbidden();
    await this.store.transaction(async (tx) => {
      await tx.bookmarks.delete(id);
      await this.journal.record(
        {
          actor: p.username,
          action: 'bookmark.delete',
          target: b.cameraId,
          ip,
          details: { id, at: new Date(b.atMs).toISOString(), note: b.note, author: b.author },
        },
        tx.audit,
      );
    });
  }
}
