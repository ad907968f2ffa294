import { createHash } from 'node:crypto';
import { privacyMasksOf } from '../analytics/privacy-masks.js';
import type { AuditJournal } from '../audit/journal.js';
import { badRequest, forbidden, notFound } from '../errors.js';
import type { FleetService } from '../fleet/fleet-service.js';
import type { Camera } from '../fleet/schemas.js';
import type { ClipCache, ClipMaker, ClipStream } from '../ports/clips.js';
import type { SegmentStorage } from '../ports/segment-storage.js';
import type { Store } from '../ports/store.js';
import { can, type Permission, type Principal } from '../users/principal.js';
import { type ClipPlan, GAP_TOLERANCE_MS, gapsOf, planClip, type TimeRange } from './clip-plan.js';
import type { ClipSlots } from './clip-slots.js';

/** Longest clip (playback or export): a day, so that one request cannot tie up the disk for long. */
export const MAX_CLIP_MS = 24 * 3_600_000;
/** A playback session ends when its viewer has not asked for a byte of it for this long (then a new one is journaled). */
export const SESSION_MS = 10 * 60_000;
/** Longest span of the recordings timeline (index only, no media read). */
export const MAX_TIMELINE_MS = 31 * 86_400_000;

export const isoRange = (r: TimeRange) => ({
  from: new Date(r.fromMs).toISOString(),
  to: new Date(r.toMs).toISOString(),
});

/** Validates a range, naming the field at fault. */
export function checkRange(fromMs: number, toMs: number, maxMs = MAX_CLIP_MS) {
  if (!Number.isFinite(fromMs)) throw badRequest('from: must be an ISO 8601 date-time');
  if (!Number.isFinite(toMs)) throw badRequest('to: must be an ISO 8601 date-time');
  if (!(fromMs < toMs)) throw badRequest('to: must be after from');
  if (toMs - fromMs > maxMs)
    throw badRequest(
      `to: the range may span at most ${maxMs / 3_600_000} h (asked ${((toMs - fromMs) / 3_600_000).toFixed(1)} h)`,
    );
}

/** Who sees a camera's people pixelated (the live privacy policy: playback is blurred like live unless revealed). */
export interface PlaybackPrivacy {
  blurredFor(p: Principal, cameraId: string): Promise<{ blurred: boolean }>;
}

/** Playback of recorded footage by stream copy; every view is journaled (L7), scoped by sector (L10). */
export class PlaybackService {
  /** Viewers' playback sessions (user, camera, range) → their plan, so that a seek neither re-plans nor re-journals. */
  private readonly sessions = new Map<string, { plan: ClipPlan; lastMs: number; blur: boolean }>();

  constructor(
    private readonly store: Store,
    private readonly fleet: FleetService,
    private readonly journal: AuditJournal,
    private readonly storage: SegmentStorage,
    private readonly clips: ClipMaker,
    private readonly load: {
      /** Concurrent playbacks per user and per centre (429 past them). */
      slots?: ClipSlots;
      /** Masked (re-encoded) playbacks kept per range, so that the next viewer costs no new encode. */
      cache?: ClipCache;
      /** Largest range (bytes of recorded segments) written to the cache to be served seekable. */
      seekableMaxBytes?: number;
      /** Absent: footage is played as recorded (masks only). */
      privacy?: PlaybackPrivacy;
    } = {},
  ) {}

  /**
   * The camera, if the caller may touch its footage: 403 without the permission, 404 outside their sectors; a
   * deleted camera's archive for admins and auditors.
   */
  async camera(p: Principal, cameraId: string, perm: Permission): Promise<Camera> {
    if (!can(p, perm)) throw forbidden();
    return this.fleet.history(p, cameraId);
  }

  /** Whether this user gets this camera's recorded pictures blurred now (asked on every request: a reveal applies at once). */
  async blurred(p: Principal, cameraId: string): Promise<boolean> {
    return (await this.load.privacy?.blurredFor(p, cameraId))?.blurred ?? false;
  }

  /** What is recorded in a range, from the index only (for a timeline): merged ranges and gaps. */
  async timeline(p: Principal, cameraId: string, fromMs: number, toMs: number) {
    await this.camera(p, cameraId, 'recordings.view');
    checkRange(fromMs, toMs, MAX_TIMELINE_MS);
    const covered: TimeRange[] = [];
    for (const s of await this.store.segments.range(cameraId, fromMs, toMs)) {
      const r = { fromMs: Math.max(s.startMs, fromMs), toMs: Math.min(s.endMs, toMs) };
      const prev = covered.at(-1);
      if (prev && r.fromMs - prev.toMs <= GAP_TOLERANCE_MS) prev.toMs = Math.max(prev.toMs, r.toMs);
      else covered.push(r);
    }
    const requested = { fromMs, toMs };
    return {
      cameraId,
      requested: isoRange(requested),
      covered: covered.map(isoRange),
      gaps: gapsOf(requested, covered).map(isoRange),
    };
  }

  /** Plans a clip: 404 when nothing is recorded in the range (a missing file counts as a gap, not an error). */
  async plan(
    p: Principal,
    cameraId: string,
    fromMs: number,
    toMs: number,
    perm: Permission,
  ): Promise<{ camera: Camera; plan: ClipPlan }> {
    const camera = await this.camera(p, cameraId, perm);
    checkRange(fromMs, toMs);
    const segs = await this.store.segments.range(cameraId, fromMs, toMs);
    const present = await Promise.all(segs.map((s) => this.storage.exists(s.path)));
    const plan = await planClip(
      segs.filter((_, i) => present[i]),
      { fromMs, toMs },
      (rel) => this.storage.absolute(rel),
      (file) => this.clips.timeline(file),
    );
    if (!plan) {
      const r = isoRange({ fromMs, toMs });
      throw notFound(`recordings of camera ${cameraId} between ${r.from} and ${r.to}`);
    }
    return { camera, plan };
  }

  /** Playbacks running now (their slots held), for metrics and tests. */
  running(): number {
    return this.load.slots?.inUse() ?? 0;
  }

  /**
   * A seekable MP4 of the range (written once to the clip cache, then served by byte ranges), or undefined when
   * there is no cache to write it to. A viewer's session (same user, camera and range, requests less than
   * SESSION_MS apart) is journaled once and takes a playback slot only while its file is planned and written;
   * its later Range requests (seeks) read the file.
   */
  async openFile(p: Principal, cameraId: string, fromMs: number, toMs: number, ip = '') {
    const cache = this.load.cache;
    if (!cache?.file) return undefined;
    await this.camera(p, cameraId, 'recordings.view');
    checkRange(fromMs, toMs);
    // A range bigger than the cache could keep is streamed as before (not seekable) rather than fill the disk.
    const { bytes } = await this.store.segments.summary(cameraId, fromMs, toMs);
    if (bytes > (this.load.seekableMaxBytes ?? Number.POSITIVE_INFINITY)) return undefined;
    const id = JSON.stringify([p.userId, cameraId, fromMs, toMs]);
    const now = Date.now();
    for (const [k, v] of this.sessions) if (now - v.lastMs > SESSION_MS) this.sessions.delete(k);
    const session = this.sessions.get(id);
    // Masks and the blur are read on every request: a mask added or a reveal made mid-session applies to the next seek.
    const masks = await privacyMasksOf(this.store, cameraId);
    const blur = await this.blurred(p, cameraId);
    // The range's file, written once per plan, masks and blur (a seek in a session finds it in the cache).
    const fileOf = (plan: ClipPlan) =>
      cache.file!(clipKey(cameraId, plan, masks, blur), (tmp) =>
        this.clips.toFile(plan.parts, tmp, { masks, blur }).then(() => {}),
      );
    // A reveal made or ended mid-session is a new viewing: journaled again, with what it shows.
    if (session && session.blur === blur) {
      session.lastMs = now;
      return { plan: session.plan, clip: await fileOf(session.plan), blurred: blur };
    }
    const release = this.load.slots?.acquire(p.userId) ?? (() => {});
    try {
      const plan = await this.viewed(p, cameraId, fromMs, toMs, ip, blur);
      const clip = await fileOf(plan);
      this.sessions.set(id, { plan, lastMs: Date.now(), blur });
      return { plan, clip, blurred: blur };
    } finally {
      release();
    }
  }

  /** The plan of a viewing, journaled (once per viewing: before its first byte leaves). */
  private async viewed(p: Principal, cameraId: string, fromMs: number, toMs: number, ip: string, blur: boolean) {
    const { plan } = await this.plan(p, cameraId, fromMs, toMs, 'recordings.view');
    await this.journal.record({
      actor: p.username,
      action: 'playback.view',
      target: cameraId,
      ip,
      details: {
        ...isoRange(plan.requested),
        covered: plan.covered.map(isoRange),
        segments: plan.segments,
        privacy: blur ? 'blurred' : 'clear',
      },
    });
    return plan;
  }

  /** One MP4 streamed as it is made; journaled before the first byte leaves. */
  async open(
    p: Principal,
    cameraId: string,
    fromMs: number,
    toMs: number,
    ip = '',
  ): Promise<{ plan: ClipPlan; clip: ClipStream; blurred: boolean }> {
    // Taken before the plan (it probes every segment): the slot is given back when the clip's ffmpeg is done.
    const release = this.load.slots?.acquire(p.userId) ?? (() => {});
    try {
      const blur = await this.blurred(p, cameraId);
      const plan = await this.viewed(p, cameraId, fromMs, toMs, ip, blur);
      // A masked camera's private areas are masked in playback too, people blurred unless revealed (re-encoded once
      // per range); others a stream copy.
      const masks = await privacyMasksOf(this.store, cameraId);
      const make = () => this.clips.toStream(plan.parts, { masks, blur });
      const clip =
        (masks.length > 0 || blur) && this.load.cache
          ? await this.load.cache.open(clipKey(cameraId, plan, masks, blur), make)
          : await make();
      clip.done.finally(release).catch(() => {});
      return { plan, clip, blurred: blur };
    } catch (e) {
      release();
      throw e;
    }
  }
}

/** Same camera, same files cut at the same points, same masks, same blur: the same re-encoded clip. */
function clipKey(cameraId: string, plan: ClipPlan, masks: unknown, blur: boolean): string {
  return createHash('sha256')
    .update(JSON.stringify([cameraId, plan.parts, masks, ...(blur ? ['blur'] : [])]))
    .digest('hex');
}
