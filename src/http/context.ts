import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import type { AlarmService } from '../core/alarms/alarm-service.js';
import type { AnalyticsConfigService } from '../core/analytics/analytics-config-service.js';
import type { AuditJournal } from '../core/audit/journal.js';
import { forbidden, unauthorized } from '../core/errors.js';
import type { EventQueries } from '../core/events/event-queries.js';
import type { EventService } from '../core/events/event-service.js';
import type { FleetService } from '../core/fleet/fleet-service.js';
import type { LiveService } from '../core/live/live-service.js';
import type { AnalyticsStatus } from '../core/ports/analytics-status.js';
import type { Bus } from '../core/ports/bus.js';
import type { Clock } from '../core/ports/clock.js';
import type { IngestStatus } from '../core/ports/ingest.js';
import type { SnapshotStore } from '../core/ports/snapshots.js';
import type { Store } from '../core/ports/store.js';
import type { ExportService } from '../core/recordings/exports.js';
import type { HoldService } from '../core/recordings/holds.js';
import type { PlaybackService } from '../core/recordings/playback.js';
import type { RetentionService } from '../core/recordings/retention.js';
import type { AuthService } from '../core/users/auth-service.js';
import { can, type Permission, type Principal } from '../core/users/principal.js';
import type { UserService } from '../core/users/user-service.js';

/** What the HTTP layer may call: core services only, never adapters. */
export interface Services {
  store: Store;
  journal: AuditJournal;
  auditKey: Buffer;
  auth: AuthService;
  users: UserService;
  fleet: FleetService;
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
  live: LiveService;
  alarms: AlarmService;
}

export interface HttpOptions {
  bodyLimitBytes: number;
  importLimitBytes: number;
  trustProxy: boolean;
  secureCookies: boolean;
  sessionTtlHours: number;
  version: string;
  /** The console map's tile server, when an admin configured one. */
  mapTileUrl?: string;
  mapAttribution?: string;
}

export const SESSION_COOKIE = 'vigie_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** Reachable without logging in (health, login, setup, OpenAPI). */
    public?: boolean;
  }
}

export function principal(req: FastifyRequest, perm?: Permission): Principal {
  const p = req.principal;
  if (!p) throw unauthorized();
  if (perm && !can(p, perm)) throw forbidden();
  return p;
}

/** Resolves the caller from the session cookie or an `Authorization: Bearer vgt_...` token, before any parsing. */
export function authenticate(services: Services) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    await identify(services, req);
    // Anonymous callers learn nothing about a route's input: 401 comes before validation.
    if (!req.principal && req.routeOptions.url && !req.routeOptions.config.public) throw unauthorized();
  };
}

async function identify(services: Services, req: FastifyRequest) {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const p = await services.auth.fromToken(header.slice(7).trim());
    if (!p) throw unauthorized('invalid, expired or revoked API token');
    req.principal = p;
    return;
  }
  const cookie = req.cookies?.[SESSION_COOKIE];
  if (cookie) {
    const p = await services.auth.fromSession(cookie);
    if (p) req.principal = p;
  }
}
