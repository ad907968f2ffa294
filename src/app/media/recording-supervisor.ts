import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { Config } from '../../config/schema.js';
import { FencedError } from '../../core/cluster/fencing.js';
import { DomainError } from '../../core/errors.js';
import type { EventService } from '../../core/events/event-service.js';
import type { FleetService } from '../../core/fleet/fleet-service.js';
import { type Bus, CAMERA_CHANGE_TOPICS } from '../../core/ports/bus.js';
import type { IngestStatus, StreamHealth } from '../../core/ports/ingest.js';
import type { SegmentStorage } from '../../core/ports/segment-storage.js';
import type { RecordingIndex } from '../../core/recordings/recorder-index.js';
import { CameraRecorder, type ClosedSegment, type RecorderRetry } from '../../media/ingest/camera-recorder.js';
import { killStrayRecorders } from '../../media/ingest/stray-recorders.js';
import { withCredentials } from '../../media/live/upstream.js';
import type { CameraGate, Fence } from '../camera-gate.js';
import { cameraGauges } from '../camera-gauges.js';
import { CameraReconciler } from '../camera-reconciler.js';
import { TakeoverSalvage } from './takeover-salvage.js';

/**
 * Runs one recorder per active camera of the fleet, follows fleet changes as they are pushed on the bus, indexes
 * segments, reports health.
 */
export class RecordingSupervisor implements IngestStatus {
  private readonly recorders = new Map<string, CameraRecorder>();
  private readonly reconciler: CameraReconciler<string>;
  /** Segments being indexed: a clean stop waits for them. */
  private readonly pending = new Set<Promise<void>>();
  /** Files this node's recorders handed over and that are being indexed now (absolute paths): a takeover salvage
   * of the same camera on this node leaves them alone (both renaming one file: ENOENT for the loser). */
  private readonly indexing = new Set<string>();
  /** Set by stop(): segments waiting for the database give up (reconcile at the next start indexes them). */
  private stopping = false;
  private readonly segments: Counter;
  private readonly bytes: Counter;
  /** On a cluster node: each camera's folder is repaired as the camera is taken, not the whole root at start. */
  private readonly takeover?: TakeoverSalvage;

  constructor(
    private readonly cfg: Config,
    private readonly fleet: FleetService,
    private readonly index: RecordingIndex,
    private readonly storage: SegmentStorage,
    private readonly events: EventService,
    private readonly log: Logger,
    registry: Registry,
    /** Called when a write hits a full disk, so retention frees space at once. */
    private readonly onDiskFull: () => void = () => {},
    bus?: Bus,
    /** Called after each segment is indexed (retention checks the disk budget then). */
    private readonly onIndexed: () => void = () => {},
    /** A cluster node records only the cameras it holds the recording lease of. */
    private readonly gate?: CameraGate,
  ) {
    this.reconciler = new CameraReconciler<string>(
      'recording',
      {
        wanted: () => this.wanted(),
        start: async (id, url) => (this.takeover ? this.takeOver(id, url) : this.startRecorder(id, url)),
        stop: (id) => this.stopRecorder(id),
      },
      log,
      { ...(bus && { bus, topics: CAMERA_CHANGE_TOPICS }), staggerMs: cfg.ingest.staggerMs, ...(gate && { gate }) },
    );
    if (gate)
      this.takeover = new TakeoverSalvage(
        index,
        storage,
        log,
        gate.quietMs ?? 0,
        (id) => this.recorders.has(id),
        (job) => this.track(job),
        (file) => this.indexing.has(file),
      );
    // Read at scrape time from each recorder's health, so the figures are never stale.
    const gauge = cameraGauges(registry, () => this.all());
    gauge('vigie_camera_up', '1 when the camera stream delivers frames.', (h) => (h.state === 'online' ? 1 : 0));
    gauge('vigie_camera_fps', 'Frames per second received.', (h) => h.fps);
    gauge('vigie_camera_bitrate_kbps', 'Bitrate received, kbit/s.', (h) => h.bitrateKbps);
    gauge('vigie_camera_restarts', 'Reconnections of the stream since the centre started.', (h) => h.restarts);
    gauge(
      'vigie_camera_last_frame_timestamp_seconds',
      'When the last frame arrived (Unix time).',
      (h) => (h.lastFrameAt ?? 0) / 1000,
    );
    this.segments = new Counter({
      name: 'vigie_recording_segments_total',
      help: 'Segments recorded.',
      labelNames: ['camera'],
      registers: [registry],
    });
    this.bytes = new Counter({
      name: 'vigie_recording_bytes_total',
      help: 'Bytes recorded.',
      labelNames: ['camera'],
      registers: [registry],
    });
  }

  health(cameraId: string): StreamHealth | undefined {
    return this.recorders.get(cameraId)?.health();
  }

  all(): StreamHealth[] {
    return [...this.recorders.values()].map((r) => r.health());
  }

  async start() {
    // Other recorders of the cluster write into the same root: only what this node takes is its to repair.
    if (this.takeover) return this.reconciler.start();
    const strays = await killStrayRecorders(this.storage.root);
    if (strays) this.log.warn({ processes: strays }, 'stopped recorders left by a previous run');
    // The disk as the last run left it, listed before recording starts again: cameras record at once while the
    // leftovers are salvaged (a crash's recording gap is the restart, not the repair of every file it cut).
    const files = await this.index.listFiles();
    await this.reconciler.start();
    const report = await this.index.reconcile(files);
    this.log.info(report, 'recordings reconciled with the disk');
  }

  /** Re-reads the fleet now (the bus does this on every change). */
  sync(): Promise<void> {
    return this.reconciler.poke();
  }

  private async wanted(): Promise<Map<string, string>> {
    const only = this.cfg.ingest.onlyTag;
    const cams = (await this.fleet.all()).filter((c) => c.status === 'active' && (!only || c.tags.includes(only)));
    const wanted = new Map<string, string>();
    for (const c of cams) wanted.set(c.id, await this.urlFor(c.id, c.streams.main));
    return wanted;
  }

  /** A cluster node taking a camera: what earlier holders left in its folder is listed now, salvaged while it records. */
  private async takeOver(cameraId: string, url: string): Promise<void> {
    const left = await this.takeover!.listBefore(cameraId);
    this.startRecorder(cameraId, url);
    this.takeover!.salvage(cameraId, left);
  }

  private track(job: Promise<void>): void {
    const p = job.finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  private startRecorder(cameraId: string, url: string): void {
    // On a cluster node each segment is published under the lease this recorder started with (fencing).
    const fence: Fence = this.gate?.fence?.(cameraId) ?? ((commit) => commit());
    const rec = this.createRecorder(cameraId, url, fence);
    this.recorders.set(cameraId, rec);
    rec.start();
  }

  private async stopRecorder(cameraId: string): Promise<void> {
    const rec = this.recorders.get(cameraId);
    this.recorders.delete(cameraId);
    await rec?.stop();
  }

  private async urlFor(id: string, main: string) {
    return withCredentials(main, await this.fleet.credentialsFor(id));
  }

  private createRecorder(cameraId: string, url: string, fence: Fence) {
    const i = this.cfg.ingest;
    const rec = new CameraRecorder({
      cameraId,
      url,
      incomingDir: join(this.storage.root, cameraId, '.incoming'),
      segmentSeconds: this.cfg.recordings.segmentSeconds,
      ffmpegPath: i.ffmpegPath,
      stallMs: i.stallSeconds * 1000,
      backoffInitialMs: i.backoffInitialMs,
      backoffMaxMs: i.backoffMaxMs,
      quickRetryMs: i.quickRetrySeconds * 1000,
    });
    // Every failed attempt, with its reason (redacted by the recorder): a slow recovery can be explained afterwards.
    rec.on('retry', (r: RecorderRetry) =>
      this.log.warn(
        {
          camera: r.cameraId,
          reason: r.reason,
          ranMs: r.ranMs,
          delivered: r.delivered,
          retryInMs: r.delayMs,
          restarts: r.restarts,
        },
        r.delivered ? 'camera stream dropped: reconnecting' : 'camera stream connection failed: retrying',
      ),
    );
    rec.on('segment', (s: ClosedSegment) => {
      this.indexing.add(s.file);
      const job = this.onSegment(s, fence).finally(() => {
        this.indexing.delete(s.file);
        this.pending.delete(job);
      });
      this.pending.add(job);
    });
    rec.on('leftover', (file: string, recordedMs?: number) => {
      // Fenced like a segment: a node that lost the camera leaves its file to the next holder's takeover salvage.
      this.indexing.add(file);
      const job = fence(() => this.index.recoverLeftover(cameraId, file, recordedMs))
        .then(() => undefined)
        .catch((err) =>
          err instanceof FencedError
            ? this.log.warn({ camera: cameraId, file }, `leftover not published: ${err.message}`)
            : this.log.error(
                { err, camera: cameraId },
                'could not recover a leftover segment (reconcile retries at start)',
              ),
        )
        .finally(() => {
          this.indexing.delete(file);
          this.pending.delete(job);
        });
      this.pending.add(job);
    });
    rec.on('state', (h: StreamHealth) => void this.onState(h));
    return rec;
  }

  private async onSegment(s: ClosedSegment, fence: Fence) {
    for (let delay = 1000; ; delay = Math.min(delay * 2, 10_000)) {
      try {
        const seg = await fence(() => this.index.indexClosed(s));
        if (!seg) return;
        if (seg.partial)
          this.log.warn(
            { camera: s.cameraId, listedMs: s.endMs - s.startMs, heldMs: seg.endMs - seg.startMs },
            'a segment was cut short: indexed with the media it holds, flagged partial',
          );
        this.segments.inc({ camera: s.cameraId });
        this.bytes.inc({ camera: s.cameraId }, seg.bytes);
        this.onIndexed();
        return;
      } catch (e) {
        if (e instanceof FencedError)
          return this.log.warn({ camera: s.cameraId, file: s.file }, `segment not published: ${e.message}`);
        // The database is down (a restart; the store said so once): the file is still where the recorder left it,
        // so the same indexing is tried again once it answers, not left to the next start's reconcile.
        if (databaseDown(e) && !this.stopping && existsSync(s.file)) {
          await new Promise((r) => setTimeout(r, delay));
          continue;
        }
        return this.log.error(
          { err: e, camera: s.cameraId },
          'could not index a closed segment (reconcile will retry at start)',
        );
      }
    }
  }

  private async onState(h: StreamHealth) {
    if (/No space left on device/i.test(h.lastError ?? '')) this.onDiskFull();
    if (h.state !== 'online' && h.state !== 'offline') return;
    this.log.info({ camera: h.cameraId, state: h.state, reason: h.lastError }, 'camera stream state');
    await this.events
      .emit({
        cameraId: h.cameraId,
        kind: h.state === 'online' ? 'camera_online' : 'camera_offline',
        details: { reason: h.lastError, restarts: h.restarts },
      })
      .catch((e) => this.log.error({ err: e }, 'could not store a camera state event'));
  }

  async stop() {
    this.takeover?.stop();
    this.stopping = true;
    await this.reconciler.stop();
    await Promise.all([...this.pending]);
  }
}

/** The store's answer while PostgreSQL cannot be reached (adapters/store/postgres-outage.ts). */
const databaseDown = (e: unknown) => e instanceof DomainError && e.status === 503;
