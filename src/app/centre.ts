import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { AnchorFile } from '../adapters/audit/anchor-file.js';
import { LegalDocumentFiles } from '../adapters/storage/legal-documents.js';
import { LocalDiskStorage } from '../adapters/storage/local-disk.js';
import { SnapshotFiles } from '../adapters/storage/snapshot-files.js';
import { openStore } from '../adapters/store/open-store.js';
import type { Config } from '../config/schema.js';
import { AccessRequestService } from '../core/access-requests/access-request-service.js';
import { AlarmService } from '../core/alarms/alarm-service.js';
import { AnalyticsConfigService } from '../core/analytics/analytics-config-service.js';
import { privacyMasksOf } from '../core/analytics/privacy-masks.js';
import { AuditAnchoring } from '../core/audit/anchors.js';
import { JournalIntegrity } from '../core/audit/integrity.js';
import { AuditJournal } from '../core/audit/journal.js';
import { EventQueries } from '../core/events/event-queries.js';
import { EventService } from '../core/events/event-service.js';
import { FleetService } from '../core/fleet/fleet-service.js';
import { AvailabilityService } from '../core/health/availability.js';
import { DegradeDetector } from '../core/health/degrade-detector.js';
import { HealthHistory } from '../core/health/health-history.js';
import { ExpiryWatch } from '../core/legal/expiry-watch.js';
import { LEGAL_CHANGED, LegalRegister } from '../core/legal/legal-register.js';
import { ProcessingRecordService } from '../core/legal/processing-record.js';
import { LiveService } from '../core/live/live-service.js';
import { PrivacyPolicy } from '../core/live/privacy-policy.js';
import { RevealService } from '../core/live/reveal-service.js';
import type { AnalyticsStatus } from '../core/ports/analytics-status.js';
import { type Clock, systemClock } from '../core/ports/clock.js';
import type { IngestStatus } from '../core/ports/ingest.js';
import type { LeaseRole } from '../core/ports/leases.js';
import type { Store } from '../core/ports/store.js';
import { PublicRegister } from '../core/public/public-register.js';
import { PublicationService } from '../core/public/publication-service.js';
import { RegisterBuilder } from '../core/public/register-builder.js';
import { RecordingIndex } from '../core/recordings/recorder-index.js';
import { SecretBox } from '../core/security/keys.js';
import type { Services } from '../core/services.js';
import { AccessControl } from '../core/users/access.js';
import { AuthService } from '../core/users/auth-service.js';
import { LoginLimiter } from '../core/users/login-limiter.js';
import { TotpService } from '../core/users/totp-service.js';
import { UserService } from '../core/users/user-service.js';
import { buildServer } from '../http/server.js';
import { fileInspector } from '../media/ffmpeg/inspector.js';
import { relayFor } from '../media/live/index.js';
import { accessCopyService } from './access-copies.js';
import { AnalyticsSupervisor } from './analytics/analytics-supervisor.js';
import { LeaseGate } from './camera-gate.js';
import { busFor, runs } from './cluster.js';
import { type ClusterNode, openClusterNode } from './cluster-node.js';
import { healthGauges } from './health-gauges.js';
import { Integrations } from './integrations.js';
import { anchorFileOf, loadKeyRing } from './keys.js';
import { createLogger } from './logger.js';
import { centreBlurConfig } from './media/blur-config.js';
import { DegradeWatch, degradeFloor } from './media/degrade-watch.js';
import { PrivacyFilters } from './media/privacy-filters.js';
import { RecordingSupervisor } from './media/recording-supervisor.js';
import { privateDataDir } from './private-dir.js';
import { processingSettings } from './processing-settings.js';
import { recordingServices } from './recordings.js';

export const VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

/** Where converted detector models are kept (analytics and the live blur share it). */
const modelCacheDir = (cfg: Config) =>
  cfg.analytics.modelCacheDir ?? process.env.VIGIE_MODEL_CACHE ?? join(cfg.dataDir, 'models');

export interface Centre {
  services: Services;
  server: FastifyInstance;
  logger: Logger;
  /** Starts the background roles (ingest and recording); the API works without them. */
  start(): Promise<void>;
  close(): Promise<void>;
}

interface Internals {
  blurFilters: PrivacyFilters;
  playbackBlur: PrivacyFilters;
  snapshots: SnapshotFiles;
  storage: LocalDiskStorage;
  index: RecordingIndex;
  setIngest(s: IngestStatus): void;
  setAnalytics(a: AnalyticsStatus): void;
}

/** Wiring: the one place that picks adapters and builds services from config. */
export async function createServices(
  cfg: Config,
  clock: Clock = systemClock,
  logger?: Logger,
  /** The cluster this process is a node of (serve only): its bus replaces the in-process one. */
  node?: ClusterNode,
): Promise<{ services: Services; internals: Internals; created?: string; keyWarnings: string[] }> {
  privateDataDir(cfg.dataDir);
  const { ring, created, warnings: keyWarnings } = loadKeyRing(cfg);
  const store: Store = await openStore(cfg.database.url, cfg.dataDir, logger && ((line) => logger.warn(line)));
  const auditKey = ring.derive('audit');
  const journal = new AuditJournal(store, auditKey, clock);
  // A failing subscriber never stops the others, and never fails silently either.
  const bus = node?.bus ?? busFor(logger);
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics, prefix: 'vigie_' });
  const storage = new LocalDiskStorage(cfg.recordings.dir ?? join(cfg.dataDir, 'recordings'));
  const index = new RecordingIndex(store, storage, fileInspector(cfg.ingest.ffmpegPath), 'h264', node?.name);
  const ingest: { current?: IngestStatus } = {};
  const running: { analytics?: AnalyticsStatus } = {};
  const legalDocs = new LegalDocumentFiles(join(cfg.dataDir, 'legal'));
  const legal = new LegalRegister(
    store,
    journal,
    clock,
    cfg.legal.timeZone,
    legalDocs,
    cfg.legal.documentMaxBytes,
    bus,
  );
  // A camera's own retention stays within its authorisation's (law.md L4): the registry asks the register.
  const fleet = new FleetService(store, journal, new SecretBox(ring.derive('credentials')), clock, bus, legal);
  // Each event names the authorisation it was produced under (a centre-wide event, camera '*', has none).
  const events = new EventService(store, bus, clock, async (cameraId, kind, atMs) => {
    const c = await store.cameras.get(cameraId);
    return c ? legal.basisOf(c, kind, atMs) : undefined;
  });
  const anchoring = new AuditAnchoring(store.audit, auditKey, new AnchorFile(anchorFileOf(cfg)), clock);
  const snapshots = new SnapshotFiles(join(cfg.dataDir, 'snapshots'));
  const { services: recordings, exportSlots } = recordingServices(cfg, {
    store,
    fleet,
    journal,
    events,
    storage,
    clock,
    snapshots,
    legal,
    ...(logger && { logger }),
    // Played-back footage is blurred like live unless revealed; the policy and pool are built below, asked per request.
    privacy: { blurredFor: (p, id) => privacy.blurredFor(p, id) },
    playbackBlur: () => playbackBlur,
  });
  const limiter = new LoginLimiter(clock, cfg.auth.loginMaxFailures, cfg.auth.loginWindowMinutes * 60_000);
  const access = new AccessControl(store, bus);
  const totp = new TotpService(store, journal, clock, new SecretBox(ring.derive('totp')));
  const deadline = (s: number) => s * 1000;
  const esc = cfg.alarms.escalationSeconds;
  const alarms = new AlarmService(store, bus, journal, clock, {
    windowMs: cfg.alarms.dedupWindowSeconds * 1000,
    deadlinesMs: {
      critical: deadline(esc.critical),
      high: deadline(esc.high),
      medium: deadline(esc.medium),
      low: deadline(esc.low),
    },
    onError: (err, what) => logger?.error({ err, what }, 'an event could not be turned into an alarm'),
  });
  // Alarms follow events from the first one on, whether or not the background roles run; in a cluster only the api
  // nodes turn events into alarms (a recorder or analytics node doing it too would open each alarm twice).
  // Several api nodes share the feed as one work-once group (each event handled once); the embedded centre subscribes.
  if (runs(cfg.role, 'api')) {
    if (node) await alarms.consume();
    else alarms.subscribe();
  }
  // The health history follows camera state changes on the bus like the alarms do: api nodes only, once per change.
  const healthHistory = new HealthHistory(store.health, bus, (err, topic) =>
    logger?.error({ err, topic }, 'a camera state change could not be stored in the health history'),
  );
  const availability = new AvailabilityService(store.health, clock, cfg.legal.timeZone);
  if (runs(cfg.role, 'api')) {
    if (node) await healthHistory.consume();
    else healthHistory.subscribe();
    healthGauges(metrics, { repo: store.health, availability, fleet, clock, timeZone: cfg.legal.timeZone });
  }
  const pr = cfg.publicRegister;
  const publicRegister = pr.enabled
    ? new PublicRegister(
        new RegisterBuilder(store, legal, clock, {
          minCount: pr.minCount,
          timeZone: cfg.legal.timeZone,
          defaultRetentionDays: cfg.retention.days,
          months: 12,
          ...(pr.cityName && { cityName: pr.cityName }),
          ...(pr.contactEmail && { contactEmail: pr.contactEmail }),
          ...(pr.contactUrl && { contactUrl: pr.contactUrl }),
        }),
        bus,
        pr.rebuildSeconds * 1000,
        (err) => logger?.error({ err }, 'the public register could not be rebuilt (the previous one is served)'),
      )
    : undefined;
  // A window is checked against the retention footage is deleted by (the camera's, bound by its authorisation).
  const rule = {
    defaultDays: cfg.retention.days,
    authorised: (c: { id: string; sectorId: string }) => legal.authorisedRetention(c),
  };
  const accessRequests = new AccessRequestService(store, journal, clock, () => legal.day(), rule);
  const reveals = new RevealService(store, fleet, journal, clock, bus, cfg.live.revealSeconds, (err) =>
    logger?.error({ err }, 'a reveal could not be ended (retried at the next start)'),
  );
  const privacy = new PrivacyPolicy(store, cfg.live.privacy, (userId, cameraId) => reveals.find(userId, cameraId));
  // The detector classes hidden: people whole, vehicles (their plates); recall first, so a low score threshold.
  const blurConfig = centreBlurConfig(modelCacheDir(cfg));
  const blurFilters = new PrivacyFilters(blurConfig, {
    onError: (key, error) => logger?.error({ stream: key, error }, 'live privacy blur failed (stream held)'),
  });
  // Played-back clips on a pool of their own: rendering a long range must not starve the live walls' blur.
  const playbackBlur = new PrivacyFilters(blurConfig, {
    onError: (key, error) => logger?.error({ clip: key, error }, 'playback privacy blur failed (clip not made)'),
  });
  const services: Services = {
    store,
    journal,
    auditKey,
    journalIntegrity: new JournalIntegrity(store.audit, auditKey, anchoring, events),
    auth: new AuthService(store, journal, limiter, clock, cfg.auth.sessionTtlHours * 3_600_000, {
      access,
      totp,
      tokenDays: { default: cfg.auth.tokenDefaultDays, max: cfg.auth.tokenMaxDays },
    }),
    users: new UserService(store, journal, clock, {
      access,
      totp,
      limiter,
      passwordContext: cfg.auth.passwordContextWords,
    }),
    totp,
    fleet,
    legal,
    legalExpiry: new ExpiryWatch({
      store,
      register: legal,
      journal,
      events,
      clock,
      warnDays: cfg.legal.warnDays,
      bus,
    }),
    processingRecord: new ProcessingRecordService(store, legal, totp, journal, clock, processingSettings(cfg)),
    publication: new PublicationService(store, journal, clock, bus),
    ...(publicRegister && { publicRegister }),
    events,
    bus,
    clock,
    metrics,
    // Until the centre starts its ingest role, no camera has a stream health.
    analytics: new AnalyticsConfigService(store, fleet, journal, clock, legal, bus),
    analyticsStatus: { health: (id) => running.analytics?.health(id), all: () => running.analytics?.all() ?? [] },
    eventQueries: new EventQueries(store, fleet, journal),
    snapshots,
    ingest: { health: (id) => ingest.current?.health(id), all: () => ingest.current?.all() ?? [] },
    ...recordings,
    // One upstream ffmpeg per watched camera stream and privacy, shared by its viewers; a blurred one decodes,
    // pixelates people (one worker pool for all) and encodes again, masks still applied.
    live: new LiveService(
      fleet,
      journal,
      clock,
      (src) =>
        relayFor(src, {
          ffmpeg: cfg.ingest.ffmpegPath,
          ...(src.privacy === 'blur' && { filter: () => blurFilters.factory(src.cameraId, src.stream) }),
        }),
      (id) => privacyMasksOf(store, id),
      privacy,
    ),
    privacy,
    reveals,
    liveBlur: { streams: () => blurFilters.stats() },
    alarms,
    health: { history: healthHistory, availability },
    accessRequests,
    accessCopies: accessCopyService(cfg, {
      store,
      journal,
      clock,
      requests: accessRequests,
      playback: recordings.playback,
      retention: rule,
      version: VERSION,
      modelCacheDir: modelCacheDir(cfg),
      slots: exportSlots,
    }),
  };
  const internals = {
    blurFilters,
    playbackBlur,
    snapshots,
    storage,
    index,
    setIngest: (s: IngestStatus) => (ingest.current = s),
    setAnalytics: (a: AnalyticsStatus) => (running.analytics = a),
  };
  return created ? { services, internals, created, keyWarnings } : { services, internals, keyWarnings };
}

export async function createCentre(cfg: Config, opts: { clock?: Clock; logger?: Logger } = {}): Promise<Centre> {
  const logger = opts.logger ?? createLogger(cfg.log.level);
  // First: a node whose name is taken refuses before it opened anything else.
  const node = await openClusterNode(cfg, logger);
  const { services, internals, created, keyWarnings } = await createServices(cfg, opts.clock, logger, node).catch(
    async (e) => {
      await node?.close();
      throw e;
    },
  );
  for (const w of keyWarnings) logger.warn(w);
  let recording: RecordingSupervisor | undefined;
  let degrade: DegradeWatch | undefined;
  let analytics: AnalyticsSupervisor | undefined;
  let stopExpiryFollow: (() => void) | undefined;
  // On a cluster node, each of its roles runs the cameras its lease keeper holds (an api node has none).
  const gate = (role: LeaseRole) =>
    node?.roles.includes(role) && cfg.cluster ? new LeaseGate(node, role, cfg.cluster, logger) : undefined;
  const analyticsGate = gate('analytics');
  const recordingGate = gate('recording');
  node?.countCameras(() => (analyticsGate?.keeper.owned().size ?? 0) + (recordingGate?.keeper.owned().size ?? 0));
  if (created)
    logger.warn(
      { file: created },
      'generated a new master key: back it up, camera credentials and the journal depend on it',
    );
  const server = await buildServer(
    services,
    {
      bodyLimitBytes: cfg.http.bodyLimitBytes,
      importLimitBytes: cfg.http.importLimitBytes,
      trustProxy: cfg.http.trustProxy,
      secureCookies: cfg.http.secureCookies,
      sessionTtlHours: cfg.auth.sessionTtlHours,
      version: VERSION,
      publicRateLimitPerMinute: cfg.publicRegister.rateLimitPerMinute,
      ...(cfg.http.mapTileUrl && { mapTileUrl: cfg.http.mapTileUrl }),
      ...(cfg.http.mapAttribution && { mapAttribution: cfg.http.mapAttribution }),
    },
    logger,
  );
  const api = runs(cfg.role, 'api');
  // Not a background role: reveals end on time (and those that ended while the centre was down, now) API-only too.
  if (api) await services.reveals.start();
  // Blurring by default: the blur worker and its detector are loaded now, not when the first operator opens the wall
  // (seconds on a busy machine; meanwhile a tile shows a whole mosaic). Not awaited: the centre starts as before.
  if (api && cfg.live.privacy === 'blur')
    internals.blurFilters.warm().catch((err: Error) => logger.warn({ err }, 'live privacy blur could not be warmed'));
  const integrations = new Integrations(cfg.integrations, services.store.deliveries, services.bus, logger);
  const startApi = async () => {
    // Before anything else writes to it: a tampered journal is reported, never anchored.
    const journal = await services.journalIntegrity.checkAtStart(new Date(services.clock.now()).toISOString());
    if (!journal.ok)
      logger.error(
        { problems: journal.problems.slice(0, 20), total: journal.problems.length },
        'the audit journal failed verification at start: it was altered (critical alarm raised)',
      );
    else {
      if (services.journalIntegrity.anchorError) logger.error(services.journalIntegrity.anchorError);
      services.journalIntegrity.anchoring.start(cfg.audit.anchorIntervalMinutes * 60_000, (err) =>
        logger.error({ err }, 'could not anchor the audit journal head'),
      );
    }
    services.alarms.start();
    // Not awaited: the first availability report then finds the settled history in memory (seconds on a big fleet).
    services.health.availability
      .warm()
      .catch((err) => logger.warn({ err }, 'the health history could not be read ahead (read at the first report)'));
    // Built now, in the background, so that the first visitor does not wait for it.
    services.publicRegister?.start();
    await integrations.start();
    // Before the analytics supervisor: a centre that was down at an end date starts none of what it covered.
    await services.legalExpiry
      .run()
      .catch((err) => logger.error({ err }, 'legal expiry check failed at start (retried next interval)'));
    const expiryFailed = (err: unknown) => logger.error({ err }, 'legal expiry check failed (retried next interval)');
    services.legalExpiry.start(cfg.legal.checkSeconds * 1000, expiryFailed);
    // A revocation (or a shortened end) stops what it covered at once, not at the next interval.
    stopExpiryFollow ??= services.bus.subscribe(
      LEGAL_CHANGED,
      () => void services.legalExpiry.run().catch(expiryFailed),
    );
  };
  const startAnalytics = async () => {
    if (cfg.analytics.enabled && !analytics) {
      analytics = new AnalyticsSupervisor({
        configs: services.analytics,
        fleet: services.fleet,
        events: services.events,
        snapshots: internals.snapshots,
        bus: services.bus,
        log: logger,
        metrics: services.metrics,
        safetyMs: cfg.analytics.safetyPassSeconds * 1000,
        modelCacheDir: modelCacheDir(cfg),
        ...(cfg.analytics.workers && { workers: cfg.analytics.workers }),
        ...(analyticsGate && { gate: analyticsGate }),
      });
      internals.setAnalytics(analytics);
      await analytics.start();
      await analyticsGate?.start();
    }
  };
  const startRecorder = async () => {
    // Retention starts after the recorder's reconcile, so that the two never race over one leftover file.
    const retain = () =>
      services.retention.start((err) => logger.error({ err }, 'retention pass failed (retried next interval)'));
    if (!cfg.ingest.enabled || recording) return retain();
    const onDiskFull = () =>
      void services.retention
        .runOnce({ urgent: true })
        .catch((err) => logger.error({ err }, 'urgent retention failed'));
    recording = new RecordingSupervisor(
      cfg,
      services.fleet,
      internals.index,
      internals.storage,
      services.events,
      logger,
      services.metrics,
      onDiskFull,
      services.bus,
      // The budget and floor are checked as each segment closes, not only every retentionCheckSeconds.
      () =>
        void services.retention.checkDisk()?.catch((err) => logger.error({ err }, 'disk check after a segment failed')),
      recordingGate,
    );
    internals.setIngest(recording);
    await recording.start();
    // Degraded streams (health.degraded*), sampled where the recorders run and pushed on the bus.
    const floor = degradeFloor(cfg);
    if (floor) {
      degrade = new DegradeWatch(new DegradeDetector(floor), recording, services.bus, services.clock, logger);
      degrade.start(Math.min(5000, floor.afterMs / 3));
    }
    await recordingGate?.start();
    retain();
  };
  return {
    services,
    server,
    logger,
    async start() {
      // Each node runs its role's parts only; `all` (the embedded centre) runs them all, in this order.
      if (api) await startApi();
      if (runs(cfg.role, 'analytics')) await startAnalytics();
      if (runs(cfg.role, 'recorder')) await startRecorder();
    },
    async close() {
      stopExpiryFollow?.();
      await services.legalExpiry.stop();
      await analytics?.stop();
      await analyticsGate?.stop();
      await server.close();
      services.publicRegister?.stop();
      await services.live.close();
      services.reveals.stop();
      await internals.blurFilters.close();
      await internals.playbackBlur.close();
      degrade?.stop();
      await recording?.stop();
      await recordingGate?.stop();
      await services.retention.stop();
      // After the producers stop: the alarms of their last events are written before the store closes.
      await services.alarms.stop();
      await services.health.history.stop();
      await integrations.stop();
      // The last head, after the last writer: the next start (or `audit verify`) checks the journal against it.
      await services.journalIntegrity
        .close()
        .catch((err) => logger.error({ err }, 'could not anchor the audit journal head'));
      await services.store.close();
      // Last: the bus carried the final events and alarms; the node's name is free again for a restart.
      await node?.close();
    },
  };
}
