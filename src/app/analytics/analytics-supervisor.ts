import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { SnapshotFiles } from '../../adapters/storage/snapshot-files.js';
import { AnalysisPool, type AnalysisResult } from '../../analytics/frames/worker-pool.js';
import { rgbOf } from '../../analytics/frames/yuv.js';
import type { AnalyticsConfigService } from '../../core/analytics/analytics-config-service.js';
import type { AnalyticsConfig } from '../../core/analytics/schemas.js';
import type { EventService } from '../../core/events/event-service.js';
import type { FleetService } from '../../core/fleet/fleet-service.js';
import type { VigieEvent } from '../../core/ports/recordings.js';
import { FrameSource } from '../../media/decode/frame-source.js';
import { withCredentials } from '../../media/live/upstream.js';
import { type CentreEvent, fromRule, fromSituation } from './centre-events.js';
import type { CentreFrameResult, PipelineModuleConfig } from './pipeline-module.js';

const MODULE = new URL(`./pipeline-module${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

interface Running {
  key: string;
  source: FrameSource;
  /** Open situations: rule situation id → stored event. */
  open: Map<string, VigieEvent>;
}

/**
 * Runs the analytics of every camera that has them enabled: its stream decoded at the configured rate, analysed on
 * worker threads (frames dropped, never queued without bound, when analysis falls behind), rule situations stored as
 * events with a snapshot of the masked frame.
 */
export class AnalyticsSupervisor {
  private readonly pool: AnalysisPool<CentreFrameResult>;
  private readonly running = new Map<string, Running>();
  private timer?: NodeJS.Timeout;
  private syncing = Promise.resolve();

  constructor(
    private readonly configs: AnalyticsConfigService,
    private readonly fleet: FleetService,
    private readonly events: EventService,
    private readonly snapshots: SnapshotFiles,
    private readonly log: Logger,
    workers?: number,
  ) {
    this.pool = new AnalysisPool<CentreFrameResult>({
      ...(workers && { workers }),
      returnFrames: true,
      onResult: (r) =>
        void this.onResult(r).catch((err) =>
          this.log.error({ err, camera: r.cameraId }, 'could not store an analytics event'),
        ),
      onError: (cameraId, error) => this.log.warn({ camera: cameraId, error }, 'analytics frame failed'),
    });
  }

  async start() {
    await this.sync();
    this.timer = setInterval(() => void this.sync(), 10_000);
  }

  stats() {
    return this.pool.stats();
  }

  sync(): Promise<void> {
    this.syncing = this.syncing
      .then(() => this.syncOnce())
      .catch((err) => this.log.error({ err }, 'analytics sync failed'));
    return this.syncing;
  }

  private async syncOnce() {
    const wanted = new Map<string, { url: string; config: AnalyticsConfig }>();
    const cams = new Map((await this.fleet.all()).map((c) => [c.id, c]));
    for (const { cameraId, config } of await this.configs.enabled()) {
      const cam = cams.get(cameraId);
      if (cam?.status !== 'active') continue;
      const url = config.stream === 'sub' ? (cam.streams.sub ?? cam.streams.main) : cam.streams.main;
      wanted.set(cameraId, { url, config });
    }
    for (const [id, r] of this.running) {
      const w = wanted.get(id);
      if (!w || JSON.stringify(w) !== r.key) await this.stopCamera(id);
    }
    for (const [id, w] of wanted)
      if (!this.running.has(id)) await this.startCamera(id, w.url, w.config, JSON.stringify(w));
  }

  private async startCamera(cameraId: string, url: string, config: AnalyticsConfig, key: string) {
    const creds = await this.fleet.credentialsFor(cameraId);
    const input = withCredentials(url, creds);
    const moduleConfig: PipelineModuleConfig = {
      settings: { masks: config.privacyMasks },
      ...(config.scene && { scene: config.scene }),
    };
    await this.pool.addCamera(cameraId, MODULE, moduleConfig);
    const source = new FrameSource({
      cameraId,
      input,
      // Half the bytes of rgb24; colour is made only where needed (detector, fire, snapshots).
      format: 'yuv420p',
      fps: config.fps,
      width: config.width,
      live: true,
    });
    source.on('frame', (f) => this.pool.submit(f));
    source.on('restart', (r: { delayMs: number }) =>
      this.log.info({ camera: cameraId, delayMs: r.delayMs }, 'analytics stream reconnecting'),
    );
    this.running.set(cameraId, { key, source, open: new Map() });
    await source.start();
    this.log.info({ camera: cameraId, fps: config.fps, rules: config.scene?.rules.length ?? 0 }, 'analytics started');
  }

  private async stopCamera(cameraId: string) {
    const r = this.running.get(cameraId);
    if (!r) return;
    this.running.delete(cameraId);
    await r.source.stop();
    await this.pool.removeCamera(cameraId);
    for (const e of r.open.values()) await this.events.end(e);
  }

  private async onResult(r: AnalysisResult<CentreFrameResult>) {
    const run = this.running.get(r.cameraId);
    if (!run) return;
    for (const ev of r.result.ruleEvents) await this.onEvent(run, r, fromRule(ev));
    for (const ev of r.result.situationEvents ?? []) await this.onEvent(run, r, fromSituation(ev));
  }

  private async onEvent(run: Running, r: AnalysisResult<CentreFrameResult>, ev: CentreEvent) {
    const now = Date.now();
    if (ev.phase === 'start') {
      const id = randomUUID();
      const snapshot = r.frame ? await this.snapshots.save(r.cameraId, id, now, rgbOf(r.frame)) : undefined;
      const stored = await this.events.emit({
        id,
        cameraId: r.cameraId,
        kind: ev.kind,
        startedAt: now,
        score: ev.score,
        trackIds: ev.trackIds,
        ...(ev.box && { box: ev.box }),
        ...(ev.zoneId && { zoneId: ev.zoneId }),
        ...(snapshot && { snapshot }),
        // frameAt: when the frame that raised it arrived (live: wall clock), for end-to-end latency.
        details: { ...ev.details, frameWidth: r.frame?.width, frameHeight: r.frame?.height, frameAt: r.result.tMs },
      });
      // A crossing (wrong way) starts and ends in the same frame.
      if (ev.endedAt === undefined) run.open.set(ev.situationId, stored);
      else await this.events.end(stored, now);
    } else if (ev.phase === 'end') {
      const open = run.open.get(ev.situationId);
      if (open) {
        run.open.delete(ev.situationId);
        await this.events.end({ ...open, score: Math.max(open.score, ev.score), trackIds: ev.trackIds }, now);
      }
    }
  }

  async stop() {
    clearInterval(this.timer);
    await this.syncing;
    for (const id of [...this.running.keys()]) await this.stopCamera(id);
    await this.pool.close();
  }
}
