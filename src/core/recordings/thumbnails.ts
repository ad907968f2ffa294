import { createHash } from 'node:crypto';
import { privacyMasksOf } from '../analytics/privacy-masks.js';
import type { AuditJournal } from '../audit/journal.js';
import { badRequest, notFound } from '../errors.js';
import type { ClipMaker } from '../ports/clips.js';
import type { SegmentStorage } from '../ports/segment-storage.js';
import type { Store } from '../ports/store.js';
import type { Principal } from '../users/principal.js';
import type { ClipSlots } from './clip-slots.js';
import type { PlaybackService } from './playback.js';

/** Hovers of one user over one camera's timeline less than this apart are one look: journaled once. */
export const THUMBNAIL_BURST_MS = 60_000;
/** Thumbnails kept in memory (about 10 KB each): a pointer going back and forth costs no new ffmpeg. */
const CACHE_SIZE = 64;

/**
 * Small pictures of recorded footage at a moment (the timeline's hover preview). A thumbnail reveals footage like a
 * playback does: same right (recordings.view), same sector scope (404), same privacy masks, journaled, and it takes
 * a playback slot (one ffmpeg each) so that a sweeping pointer cannot starve the centre.
 */
export class ThumbnailService {
  private readonly cache = new Map<string, Buffer>();
  /** user + camera → when their last thumbnail was asked (the burst being journaled). */
  private readonly bursts = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly playback: PlaybackService,
    private readonly journal: AuditJournal,
    private readonly storage: SegmentStorage,
    private readonly clips: ClipMaker,
    private readonly slots?: ClipSlots,
  ) {}

  /** A JPEG of the camera at `atMs` (the nearest decodable frame of the segment covering it); 404 when none. */
  async at(p: Principal, cameraId: string, atMs: number, ip = ''): Promise<Buffer> {
    await this.playback.camera(p, cameraId, 'recordings.view');
    if (!Number.isFinite(atMs)) throw badRequest('at: must be an ISO 8601 date-time');
    const seg = (await this.store.segments.range(cameraId, atMs, atMs + 1)).find(
      (s) => s.startMs <= atMs && atMs < s.endMs,
    );
    if (!seg || !(await this.storage.exists(seg.path)))
      throw notFound(`recording of camera ${cameraId} at ${new Date(atMs).toISOString()}`);
    // Masks are read on every request: a mask added a moment ago hides its area from the very next thumbnail.
    const masks = await privacyMasksOf(this.store, cameraId);
    // Blurred like playback unless this user has a reveal of the camera in force.
    const blur = await this.playback.blurred(p, cameraId);
    // Whole seconds: neighbouring hovers share one picture, and the cache key says which masks and blur it carries.
    const offsetMs = Math.floor((atMs - seg.startMs) / 1000) * 1000;
    const key = createHash('sha256')
      .update(JSON.stringify([seg.path, offsetMs, masks, ...(blur ? ['blur'] : [])]))
      .digest('hex');
    await this.journalBurst(p, cameraId, atMs, ip);
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const release = this.slots?.acquire(p.userId) ?? (() => {});
    try {
      const file = this.storage.absolute(seg.path);
      const { startS } = await this.clips.timeline(file);
      const jpeg = await this.clips.thumbnail(file, startS + offsetMs / 1000, masks, { blur });
      this.cache.set(key, jpeg);
      if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
      return jpeg;
    } finally {
      release();
    }
  }

  /**
   * One journal entry per hover burst: the first thumbnail a user asks of a camera after THUMBNAIL_BURST_MS without
   * any is journaled (action playback.thumbnail, with the moment); the ones that follow it closely are the same look.
   */
  private async journalBurst(p: Principal, cameraId: string, atMs: number, ip: string) {
    const id = JSON.stringify([p.userId, cameraId]);
    const now = Date.now();
    const last = this.bursts.get(id);
    this.bursts.set(id, now);
    if (last !== undefined && now - last < THUMBNAIL_BURST_MS) return;
    for (const [k, t] of this.bursts) if (now - t >= THUMBNAIL_BURST_MS && k !== id) this.bursts.delete(k);
    await this.journal.record({
      actor: p.username,
      action: 'playback.thumbnail',
      target: cameraId,
      ip,
      details: { at: new Date(atMs).toISOString() },
    });
  }
}
