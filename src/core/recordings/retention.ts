import type { AuditJournal } from '../audit/journal.js';
import type { EventService } from '../events/event-service.js';
import type { Clock } from '../ports/clock.js';
import type { EvidenceHold, Segment } from '../ports/recordings.js';
import type { SegmentStorage } from '../ports/segment-storage.js';
import type { Store } from '../ports/store.js';
import { LEGAL_RETENTION_CAP_DAYS } from '../shared/law.js';
import { type DiskMeasure, measureDisk } from './disk-measure.js';
import { holdCovers } from './holds.js';
import type { StorageBudget } from './storage-budget.js';

export const DAY_MS = 86_400_000;
const DISK_CHECK_MIN_MS = 1000;
/** Storage events concern the whole recordings volume, not one camera. */
export const ALL_CAMERAS = '*';

export interface RetentionOptions extends RetentionRule {
  /** Budget of the recordings; without it, the volume holding them is the budget. */
  maxBytes?: number;
  highWaterPercent: number;
  lowWaterPercent: number;
  intervalMs: number;
  batchSize?: number;
  /** Expired exports are purged with the footage they copy (see ExportService.purgeExpired). */
  exports?: { purgeExpired(): Promise<number> };
  /** Event snapshots past their camera's retention (see SnapshotRetention). */
  snapshots?: { purgeExpired(): Promise<number> };
  /**
   * Budget with the export reserve and the free-space floor (see StorageBudget): when given it is the measure, and
   * maxBytes is ignored. Under the floor the oldest unheld footage goes at once, whatever the budget says.
   */
  budget?: StorageBudget;
  /**
   * Called after every pass, failed ones too (a full disk can fail a pass: the store reserve is released from
   * there); it handles its own errors.
   */
  onPass?: () => Promise<void>;
  /** Called before every pass (the store reserve is released there when the disk is full: the pass writes too). */
  beforePass?: () => Promise<void>;
}

export interface DiskPass {
  measure: 'budget' | 'volume' | 'floor';
  usedBytes: number;
  limitBytes: number;
  freedBytes: number;
  segments: number;
  stillOver: boolean;
}

export interface RetentionReport {
  age: { segments: number; bytes: number };
  /** Undefined when usage was under the high-water mark. */
  disk?: DiskPass;
  exports: number;
  snapshots: number;
}

/**
 * How long footage is kept: the centre's default, and what the legal register authorises for a camera today (the
 * retention of the video_protection authorisation covering it, law.md L4; undefined when none covers it).
 */
export interface RetentionRule {
  defaultDays: number;
  authorised?: (c: { id: string; sectorId: string }) => Promise<number | undefined>;
}

/**
 * A camera's retention in days: its own setting or the centre's, never past the legal cap nor past what its
 * authorisation allows — the authorisation binds even a camera set longer before it was recorded or lowered.
 */
export async function retentionDaysOf(store: Store, cameraId: string, rule: number | RetentionRule) {
  const { defaultDays, authorised } = typeof rule === 'number' ? { defaultDays: rule, authorised: undefined } : rule;
  const camera = await store.cameras.get(cameraId);
  // A deleted camera's archive keeps the retention its camera had, and the sector it was covered in.
  const archive = camera ? undefined : await store.cameras.getArchive(cameraId);
  const own = camera?.retentionDays ?? archive?.retentionDays;
  const ref = camera ?? (archive && { id: archive.cameraId, sectorId: archive.sectorId });
  const allowed = (ref && (await authorised?.(ref))) ?? LEGAL_RETENTION_CAP_DAYS;
  return Math.min(own ?? defaultDays, allowed, LEGAL_RETENTION_CAP_DAYS);
}

const held = (holds: EvidenceHold[], s: Segment) => holds.some((h) => holdCovers(h, s.cameraId, s.startMs, s.endMs));
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Deletes recordings past their camera's retention (L5) and, under disk pressure, the oldest ones — never footage
 * under an evidence hold. Order: index row (with its journal entry, one transaction) first, then the file. A row is
 * thus never left pointing to a missing file (playback and the disk budget trust the index); a file whose unlink
 * fails is retried at the next pass, and one left by a crash is re-indexed by the recorder's reconcile at start
 * and deleted again by the next pass — so no orphan outlives retention.
 */
export class RetentionService {
  private timer?: NodeJS.Timeout;
  private running?: Promise<RetentionReport>;
  private readonly unremoved = new Set<string>();
  private lastStuckAt = 0;
  private lastDiskCheck = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: Store,
    private readonly journal: AuditJournal,
    private readonly events: EventService,
    private readonly storage: SegmentStorage,
    private readonly clock: Clock,
    private readonly opts: RetentionOptions,
  ) {}

  /** Runs a pass now, then every intervalMs; a failed pass is reported and retried at the next tick. */
  start(onError: (e: unknown) => void = () => {}) {
    if (this.timer) return;
    const tick = () => void this.runOnce().catch(onError);
    this.timer = setInterval(tick, this.opts.intervalMs);
    this.timer.unref();
    setImmediate(tick);
  }

  /** Stops the timer and waits for a pass in progress (so the store can close after). */
  async stop() {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => {});
  }

  /** One pass; concurrent callers share it. `urgent` (a write hit ENOSPC) frees space down to the low-water mark. */
  runOnce(o: { urgent?: boolean } = {}): Promise<RetentionReport> {
    this.running ??= this.hooked(() => this.pass(o.urgent ?? false));
    return this.running;
  }

  private async hooked(run: () => Promise<RetentionReport>): Promise<RetentionReport> {
    try {
      await this.opts.beforePass?.();
      return await run();
    } finally {
      await this.opts.onPass?.();
      this.running = undefined;
    }
  }

  /**
   * The disk budget and floor only, as each segment closes: between two full passes the recorders could otherwise
   * fill the volume. Shares a pass already running.
   */
  checkDisk(): Promise<RetentionReport> | undefined {
    // Segments close many times a second on a large fleet: one check a second is enough (a second of recording).
    const t = performance.now();
    if (!this.running && t - this.lastDiskCheck < DISK_CHECK_MIN_MS) return undefined;
    this.lastDiskCheck = t;
    this.running ??= this.hooked(async () => {
      const disk = await this.byDisk(false);
      return { age: { segments: 0, bytes: 0 }, ...(disk && { disk }), exports: 0, snapshots: 0 };
    });
    return this.running;
  }

  private get batch() {
    return this.opts.batchSize ?? 2000;
  }

  private async pass(urgent: boolean): Promise<RetentionReport> {
    await this.retryUnremoved();
    const age = await this.byAge();
    const disk = await this.byDisk(urgent);
    const exports = (await this.opts.exports?.purgeExpired()) ?? 0;
    const snapshots = (await this.opts.snapshots?.purgeExpired()) ?? 0;
    return { age, ...(disk && { disk }), exports, snapshots };
  }

  private async retryUnremoved() {
    for (const path of this.unremoved) {
      if (await this.store.segments.byPath(path)) this.unremoved.delete(path);
      else
        await this.storage.remove(path).then(
          () => this.unremoved.delete(path),
          () => {},
        );
    }
  }

  private async byAge() {
    const now = this.clock.now();
    const holds = await this.store.holds.active();
    const out = { segments: 0, bytes: 0 };
    let due: Segment[] = [];
    const flush = async () => {
      for (const s of await this.purge(due, 'age')) {
        out.segments++;
        out.bytes += s.bytes;
      }
      due = [];
    };
    for (const cameraId of await this.store.segments.cameraIds()) {
      const cutoff = now - (await retentionDaysOf(this.store, cameraId, this.opts)) * DAY_MS;
      for (let after: number | undefined; ; ) {
        const page = await this.store.segments.endedBefore(cameraId, cutoff, this.batch, after);
        due.push(...page.filter((s) => !held(holds, s)));
        if (due.length >= this.batch) await flush();
        if (page.length < this.batch) break;
        after = page.at(-1)!.startMs;
      }
    }
    if (due.length) await flush();
    return out;
  }

  private measure(urgent: boolean): Promise<DiskMeasure> {
    return measureDisk(this.opts, this.storage, this.store, urgent);
  }

  private async byDisk(urgent: boolean): Promise<DiskPass | undefined> {
    const { floorDeficit = 0, ...m } = await this.measure(urgent);
    const trigger = urgent ? this.opts.lowWaterPercent : this.opts.highWaterPercent;
    if (floorDeficit === 0 && m.usedBytes * 100 <= m.limitBytes * trigger) return undefined;
    // Under the floor: back over it with the room of one high-to-low swing, so the next segments do not dip again.
    const swing = (m.limitBytes * (this.opts.highWaterPercent - this.opts.lowWaterPercent)) / 100;
    const target = Math.max(
      m.usedBytes - (m.limitBytes * this.opts.lowWaterPercent) / 100,
      floorDeficit > 0 ? floorDeficit + swing : 0,
    );
    const holds = await this.store.holds.active();
    const deleted: Segment[] = [];
    let freed = 0;
    for (let after: number | undefined; freed < target; ) {
      const page = await this.store.segments.oldest(this.batch, after);
      const pick: Segment[] = [];
      for (const s of page) {
        if (freed >= target) break;
        if (held(holds, s)) continue;
        pick.push(s);
        freed += s.bytes;
      }
      deleted.push(...(await this.purge(pick, 'disk')));
      if (page.length < this.batch) break;
      // Same-millisecond segments of other cameras past the page end wait for the next pass.
      after = page.at(-1)!.startMs;
    }
    const freedBytes = deleted.reduce((n, s) => n + s.bytes, 0);
    const post = await this.measure(urgent);
    const stillOver =
      (post.floorDeficit ?? 0) > 0 || post.usedBytes * 100 > post.limitBytes * this.opts.highWaterPercent;
    const pass: DiskPass = { ...m, freedBytes, segments: deleted.length, stillOver };
    if (deleted.length || (stillOver && this.clock.now() - this.lastStuckAt > 3_600_000)) {
      if (!deleted.length) this.lastStuckAt = this.clock.now();
      await this.events.emit({
        cameraId: ALL_CAMERAS,
        kind: 'storage',
        details: {
          reason: 'disk',
          ...pass,
          cameras: [...new Set(deleted.map((s) => s.cameraId))].sort(),
          ...(deleted.length
            ? {
                oldest: iso(Math.min(...deleted.map((s) => s.startMs))),
                newest: iso(Math.max(...deleted.map((s) => s.endMs))),
              }
            : {
                why: 'nothing left to delete: the remaining footage is under evidence hold, or other files fill the volume',
              }),
        },
      });
    }
    return pass;
  }

  /** Deletes index rows (holds re-checked inside the transaction) with their journal entry, then the files. */
  private async purge(candidates: Segment[], reason: 'age' | 'disk'): Promise<Segment[]> {
    if (!candidates.length) return [];
    const doomed = await this.store.transaction(async (tx) => {
      const holds = await tx.holds.active();
      const free = candidates.filter((s) => !held(holds, s));
      if (!free.length) return free;
      // In a cluster every recorder node runs retention over the shared index: the row decides which one deletes a
      // segment, and only that one journals it and removes its file (never two, whatever the timing).
      const taken = new Set(await tx.segments.take(free.map((s) => s.id)));
      const segs = free.filter((s) => taken.has(s.id));
      if (!segs.length) return segs;
      const details = {
        reason,
        segments: segs.length,
        bytes: segs.reduce((n, s) => n + s.bytes, 0),
        cameras: [...new Set(segs.map((s) => s.cameraId))].sort(),
        oldest: iso(Math.min(...segs.map((s) => s.startMs))),
        newest: iso(Math.max(...segs.map((s) => s.endMs))),
      };
      await this.journal.record({ actor: 'system', action: 'retention.delete', target: reason, details }, tx.audit);
      return segs;
    });
    for (const s of doomed) await this.storage.remove(s.path).catch(() => this.unremoved.add(s.path));
    return doomed;
  }
}
