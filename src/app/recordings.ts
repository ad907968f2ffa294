import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { Ballast } from '../adapters/storage/ballast.js';
import { FileClipCache } from '../adapters/storage/clip-cache.js';
import { LocalExportStore } from '../adapters/storage/export-files.js';
import type { Config } from '../config/schema.js';
import type { AuditJournal } from '../core/audit/journal.js';
import type { EventService } from '../core/events/event-service.js';
import { SnapshotRetention } from '../core/events/snapshot-retention.js';
import type { FleetService } from '../core/fleet/fleet-service.js';
import type { LegalRegister } from '../core/legal/legal-register.js';
import type { ClipMaker } from '../core/ports/clips.js';
import type { Clock } from '../core/ports/clock.js';
import type { SegmentStorage } from '../core/ports/segment-storage.js';
import type { SnapshotStore } from '../core/ports/snapshots.js';
import type { Store } from '../core/ports/store.js';
import { BookmarkService } from '../core/recordings/bookmarks.js';
import { ClipSlots } from '../core/recordings/clip-slots.js';
import { ExportService } from '../core/recordings/exports.js';
import { HoldService } from '../core/recordings/holds.js';
import { type PlaybackPrivacy, PlaybackService } from '../core/recordings/playback.js';
import { type RetentionRule, RetentionService } from '../core/recordings/retention.js';
import { StorageBudget } from '../core/recordings/storage-budget.js';
import { StorageWatch } from '../core/recordings/storage-watch.js';
import { ThumbnailService } from '../core/recordings/thumbnails.js';
import { fileTimeline, streamClip, writeClip } from '../media/export/clip.js';
import { thumbnailJpeg } from '../media/export/thumbnail.js';
import { streamBlurredClip, writeBlurredClip } from './media/clip-blur.js';
import type { PrivacyFilters } from './media/privacy-filters.js';

/** Wires holds, playback, exports and retention over the recordings storage and the ffmpeg clip tools. */
export function recordingServices(
  cfg: Config,
  d: {
    store: Store;
    fleet: FleetService;
    journal: AuditJournal;
    events: EventService;
    storage: SegmentStorage;
    clock: Clock;
    snapshots: SnapshotStore;
    /** Binds each camera's retention to its video_protection authorisation's (law.md L4). */
    legal?: LegalRegister;
    logger?: Logger;
    /** Playback and thumbnails blurred like live unless a reveal is in force; absent: as recorded (masks only). */
    privacy?: PlaybackPrivacy;
    /** The pool that blurs played-back clips (asked only when a clip is made). */
    playbackBlur?: () => PrivacyFilters;
  },
) {
  const legal = d.legal;
  const rule: RetentionRule = {
    defaultDays: cfg.retention.days,
    ...(legal && { authorised: (c: { id: string; sectorId: string }) => legal.authorisedRetention(c) }),
  };
  const tools = { ffmpeg: cfg.ingest.ffmpegPath };
  const blurTools = () => {
    // Fail closed: a blurred view asked of a centre that cannot blur gets nothing rather than the clear footage.
    if (!d.playbackBlur) throw new Error('no privacy blur for playback in this centre');
    return { filters: d.playbackBlur, ffmpeg: cfg.ingest.ffmpegPath };
  };
  const clips: ClipMaker = {
    timeline: (f) => fileTimeline(f),
    toFile: (parts, out, o) =>
      o?.blur ? writeBlurredClip(parts, out, o.masks ?? [], blurTools()) : writeClip(parts, out, tools, o?.masks ?? []),
    toStream: (parts, o) =>
      o?.blur ? streamBlurredClip(parts, o.masks ?? [], blurTools()) : streamClip(parts, tools, o?.masks ?? []),
    thumbnail: (file, atS, masks, o) => thumbnailJpeg(file, atS, masks, { ...tools, blur: o?.blur ?? false }),
  };
  const c = cfg.clips;
  const playbackSlots = new ClipSlots('playback', c.playbackPerUser, c.playbackPerCentre);
  const playback = new PlaybackService(d.store, d.fleet, d.journal, d.storage, clips, {
    slots: playbackSlots,
    cache: new FileClipCache(
      c.maskedCacheDir ?? join(cfg.dataDir, 'cache', 'masked-playback'),
      c.maskedCacheBytes,
      c.maskedCacheMinutes * 60_000,
    ),
    seekableMaxBytes: c.maskedCacheBytes,
    ...(d.privacy && { privacy: d.privacy }),
  });
  const exportStore = new LocalExportStore(join(cfg.dataDir, 'exports'));
  const r = cfg.recordings;
  const budget = new StorageBudget(d.store, d.storage, exportStore, {
    ...(r.maxBytes !== undefined && { maxBytes: r.maxBytes }),
    ...(cfg.exports.maxBytes !== undefined && { exportsMaxBytes: cfg.exports.maxBytes }),
    minFreePercent: r.minFreePercent,
    holdsMaxPercent: r.holdsMaxPercent,
    sharedVolume: sameVolume(d.storage.root, exportStore.dir),
  });
  const ballast = new Ballast(join(cfg.dataDir, '.store-reserve'), r.storeReserveBytes, r.minFreePercent);
  let reserveInUse = false;
  const watch = new StorageWatch(d.events, budget, {
    highWaterPercent: r.highWaterPercent,
    moreProblems: () => (reserveInUse ? ["the store's reserve is in use: the data volume is full"] : []),
  });
  const failed = (what: string) => (err: unknown) => d.logger?.error({ err }, what);
  const adjust = () =>
    ballast.adjust().then((did) => {
      if (did !== 'kept') reserveInUse = did === 'released';
    }, failed('could not adjust the store reserve'));
  // Holds and exports change what is held or used at once: warn now, not at the next pass.
  const check = (holdsChanged: boolean) => () =>
    void watch.check({ holdsChanged }).catch(failed('storage check failed'));
  const holds = new HoldService(d.store, d.fleet, d.journal, d.clock, { budget, onChange: check(true) });
  const exportLimits = { budget, retentionDays: cfg.exports.retentionDays, onChange: check(false) };
  const exportSlots = new ClipSlots('export', c.exportsPerUser, c.exportsPerCentre);
  const exports = new ExportService(
    d.store,
    d.journal,
    playback,
    clips,
    exportStore,
    d.clock,
    rule,
    exportLimits,
    exportSlots,
    legal && ((c, fromMs, toMs) => legal.basesOver(c, fromMs, toMs)),
  );
  const retention = new RetentionService(d.store, d.journal, d.events, d.storage, d.clock, {
    budget,
    // The reserve first: on a full disk the pass and the warning need the room it frees.
    beforePass: adjust,
    onPass: async () => {
      await adjust();
      await watch.check().catch(failed('storage check failed'));
    },
    ...rule,
    ...(cfg.recordings.maxBytes !== undefined && { maxBytes: cfg.recordings.maxBytes }),
    highWaterPercent: cfg.recordings.highWaterPercent,
    lowWaterPercent: cfg.recordings.lowWaterPercent,
    intervalMs: cfg.recordings.retentionCheckSeconds * 1000,
    exports,
    snapshots: new SnapshotRetention(d.store, d.snapshots, d.journal, d.clock, rule),
  });
  // Thumbnails share the playback slots: each is an ffmpeg decoding footage, like a playback.
  const thumbnails = new ThumbnailService(d.store, playback, d.journal, d.storage, clips, playbackSlots);
  const bookmarks = new BookmarkService(d.store, d.fleet, d.journal, d.clock);
  return {
    services: { holds, playback, exports, retention, storageWatch: watch, thumbnails, bookmarks },
    /** The exports' slots, also taken by access copies (each an ffmpeg and a detector pass). */
    exportSlots,
  };
}

/** Whether two folders are on one filesystem (then the export budget is reserved out of the recordings'). */
function sameVolume(a: string, b: string) {
  mkdirSync(a, { recursive: true, mode: 0o700 });
  mkdirSync(b, { recursive: true, mode: 0o700 });
  return statSync(a).dev === statSync(b).dev;
}
