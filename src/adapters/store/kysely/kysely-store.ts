import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Repos, Store } from '../../../core/ports/store.js';
import { KyselyAccessRequestRepo } from './access-request-repo.js';
import { KyselyAlarmRepo } from './alarm-repo.js';
import { KyselyAnalyticsConfigRepo } from './analytics-repo.js';
import { KyselyAuditRepo, KyselySettingRepo } from './audit-repo.js';
import { KyselyAuthorisationRepo } from './authorisation-repo.js';
import { KyselyBookmarkRepo } from './bookmark-repo.js';
import { KyselyCameraRepo, KyselySectorRepo } from './camera-repo.js';
import { KyselyDeliveryRepo } from './delivery-repo.js';
import { KyselyEventRepo } from './event-repo.js';
import { KyselyHealthRepo } from './health-repo.js';
import { KyselyPublicStats } from './public-stats-repo.js';
import { KyselyContractRepo, KyselyPublicationRepo } from './publication-repo.js';
import { KyselyHoldRepo, KyselySegmentRepo } from './recording-repo.js';
import { KyselyRevealRepo } from './reveal-repo.js';
import type { Database } from './tables.js';
import { KyselyApiTokenRepo, KyselySessionRepo, KyselyUserRepo } from './user-repo.js';

function repos(db: Kysely<Database>, chainLock?: RawBuilder<unknown>): Repos {
  return {
    cameras: new KyselyCameraRepo(db),
    sectors: new KyselySectorRepo(db),
    users: new KyselyUserRepo(db),
    sessions: new KyselySessionRepo(db),
    tokens: new KyselyApiTokenRepo(db),
    audit: new KyselyAuditRepo(db, chainLock),
    settings: new KyselySettingRepo(db),
    segments: new KyselySegmentRepo(db),
    holds: new KyselyHoldRepo(db),
    events: new KyselyEventRepo(db),
    analytics: new KyselyAnalyticsConfigRepo(db),
    alarms: new KyselyAlarmRepo(db),
    deliveries: new KyselyDeliveryRepo(db),
    bookmarks: new KyselyBookmarkRepo(db),
    authorisations: new KyselyAuthorisationRepo(db),
    publication: new KyselyPublicationRepo(db),
    contracts: new KyselyContractRepo(db),
    publicStats: new KyselyPublicStats(db),
    accessRequests: new KyselyAccessRequestRepo(db),
    reveals: new KyselyRevealRepo(db),
    health: new KyselyHealthRepo(db),
  };
}

/** The one query layer; each SQL adapter only supplies its Kysely dialect. */
export class KyselyStore implements Store {
  readonly cameras;
  readonly sectors;
  readonly users;
  readonly sessions;
  readonly tokens;
  readonly audit;
  readonly settings;
  readonly segments;
  readonly holds;
  readonly events;
  readonly analytics;
  readonly alarms;
  readonly deliveries;
  readonly bookmarks;
  readonly authorisations;
  readonly publication;
  readonly contracts;
  readonly publicStats;
  readonly accessRequests;
  readonly reveals;
  readonly health;

  constructor(
    readonly kind: string,
    private readonly db: Kysely<Database>,
    /** SQL that serialises journal appends inside a transaction (PostgreSQL advisory lock; SQLite has one writer). */
    private readonly chainLock?: RawBuilder<unknown>,
  ) {
    const r = repos(db, chainLock);
    this.cameras = r.cameras;
    this.sectors = r.sectors;
    this.users = r.users;
    this.sessions = r.sessions;
    this.tokens = r.tokens;
    this.audit = r.audit;
    this.settings = r.settings;
    this.segments = r.segments;
    this.holds = r.holds;
    this.events = r.events;
    this.analytics = r.analytics;
    this.alarms = r.alarms;
    this.deliveries = r.deliveries;
    this.bookmarks = r.bookmarks;
    this.authorisations = r.authorisations;
    this.publication = r.publication;
    this.contracts = r.contracts;
    this.publicStats = r.publicStats;
    this.accessRequests = r.accessRequests;
    this.reveals = r.reveals;
    this.health = r.health;
  }

  transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => fn(repos(trx, this.chainLock)));
  }

  async ping() {
    await sql`select 1`.execute(this.db);
  }

  async close() {
    await this.db.destroy();
  }
}
