// The registry of core services the wiring builds (src/app) and the adapters that drive them (http, cli) call.
import type { Registry } from 'prom-client';
import type { AccessRequestService } from './access-requests/access-request-service.js';
import type { AccessCopyService } from './access-requests/copies/copy-service.js';
import type { AlarmService } from './alarms/alarm-service.js';
import type { AnalyticsConfigService } from './analytics/analytics-config-service.js';
import type { JournalIntegrity } from './audit/integrity.js';
import type { AuditJournal } from './audit/journal.js';
import type { EventQueries } from './events/event-queries.js';
import type { EventService } from './events/event-service.js';
import type { FleetService } from './fleet/fleet-service.js';
import type { AvailabilityService } from './health/availability.js';
import type { HealthHistory } from './health/health-history.js';
import type { ExpiryWatch } from './legal/expiry-watch.js';
import type { LegalRegister } from './legal/legal-register.js';
import type { ProcessingRecordService } from './legal/processing-record.js';
import type { LiveBlurStatus } from './live/live-port.js';
import type { LiveService } from './live/live-service.js';
import type { PrivacyPolicy } from './live/privacy-policy.js';
import type { RevealService } from './live/reveal-service.js';
import type { AnalyticsStatus } from './ports/analytics-status.js';
import type { Bus } from './ports/bus.js';
import type { Clock } from './ports/clock.js';
import type { IngestStatus } from './ports/ingest.js';
import type { SnapshotStore } from './ports/snapshots.js';
import type { Store } from './ports/store.js';
import type { PublicRegister } from './public/public-register.js';
import type { PublicationService } from './public/publication-service.js';
import type { BookmarkService } from './recordings/bookmarks.js';
import type { ExportService } from './recordings/exports.js';
import type { HoldService } from './recordings/holds.js';
import type { PlaybackService } from './recordings/playback.js';
import type { RetentionService } from './recordings/retention.js';
import type { StorageWatch } from './recordings/storage-watch.js';
import type { ThumbnailService } from './recordings/thumbnails.js';
import type { AuthService } from './users/auth-service.js';
import type { TotpService } from './users/totp-service.js';
import type { UserService } from './users/user-service.js';

/** What the HTTP layer and the CLI may call: core services only, never adapters. */
export interface Services {
  store: Store;
  journal: AuditJournal;
  auditKey: Buffer;
  /** The journal's chain and external anchors, checked at start (health, alarm) and by `audit verify`. */
  journalIntegrity: JournalIntegrity;
  auth: AuthService;
  users: UserService;
  /** Optional one-time codes (RFC 6238) for admins and supervisors. */
  totp: TotpService;
  fleet: FleetService;
  /** The legal-basis register: authorisations of cameras and analytics (law.md L4). */
  legal: LegalRegister;
  /** Stops the analytics whose basis ended and warns before an end (run by the centre's start, every checkSeconds). */
  legalExpiry: ExpiryWatch;
  /** The record of processing (RGPD art. 30) and its DPIA annex, from the live configuration. */
  processingRecord: ProcessingRecordService;
  /** What the public register shows: per-camera publication, contracts (admins). */
  publication: PublicationService;
  /** The public transparency register served under /public (absent when publicRegister.enabled is false). */
  publicRegister?: PublicRegister;
  events: EventService;
  bus: Bus;
  clock: Clock;
  metrics: Registry;
  ingest: IngestStatus;
  analytics: AnalyticsConfigService;
  /** How each camera's live analytics fare (empty until the centre starts its analytics). */
  analyticsStatus: AnalyticsStatus;
  eventQueries: EventQueries;
  snapshots: SnapshotStore;
  holds: HoldService;
  playback: PlaybackService;
  exports: ExportService;
  retention: RetentionService;
  /** Storage warnings, and what impairs recording now (for health). */
  storageWatch: StorageWatch;
  live: LiveService;
  /** Who sees people on a camera's pictures: blurred unless off for it, or revealed to the user (issue 21). */
  privacy: PrivacyPolicy;
  /** Reveals: a blurred camera seen clear for a while, with why, journaled, ending by itself. */
  reveals: RevealService;
  /** The blurred live streams running now. */
  liveBlur: LiveBlurStatus;
  alarms: AlarmService;
  /** Camera health history fed by the bus, and the availability report over it (issue 24). */
  health: { history: HealthHistory; availability: AvailabilityService };
  /** Hover previews of recorded footage (masked, journaled per burst). */
  thumbnails: ThumbnailService;
  /** Operators' notes on moments of recordings. */
  bookmarks: BookmarkService;
  /** Right-of-access requests: the register, deadlines and steps (law.md L7). */
  accessRequests: AccessRequestService;
  /** Anonymised copies for those requests: the requester followed, everyone else pixelated. */
  accessCopies: AccessCopyService;
}
