import type { Camera, Sector } from '../fleet/schemas.js';
import type { AccessRequestRepo } from './access-requests.js';
import type { AlarmRepo } from './alarms.js';
import type { BookmarkRepo } from './bookmarks.js';
import type { HealthRepo } from './health.js';
import type { AuthorisationRepo } from './legal.js';
import type { ContractRepo, PublicationRepo, PublicStatsQueries } from './public.js';
import type { EventRepo, HoldRepo, SegmentRepo } from './recordings.js';
import type { RevealRepo } from './reveals.js';

/** A camera as stored: the public fields plus the encrypted credentials blob. */
export interface CameraRecord extends Omit<Camera, 'hasCredentials'> {
  credentialsCipher: string | null;
}

export interface CameraFilter {
  /** Scope: only these sectors (undefined = all). An empty array matches nothing. */
  sectorIds?: string[];
  sectorId?: string;
  status?: string;
  phase?: string;
  tag?: string;
  /** Case-insensitive match on id, name or address. */
  q?: string;
  limit?: number;
  offset?: number;
}

export interface CameraRepo {
  get(id: string): Promise<CameraRecord | undefined>;
  list(filter: CameraFilter): Promise<{ items: CameraRecord[]; total: number }>;
  insert(camera: CameraRecord): Promise<void>;
  update(camera: CameraRecord): Promise<void>;
  /**
   * Inserts or replaces many cameras, keeping an existing camera's createdAt, and its credentials when the new
   * record has none; callers wrap it in a transaction for all-or-nothing.
   */
  upsertMany(cameras: CameraRecord[]): Promise<void>;
  delete(id: string): Promise<boolean>;
  /** A Map, not an object: sector ids are user data (`constructor`, `toString` are valid ids). */
  countBySector(): Promise<Map<string, number>>;
  /** Records a deleted camera's archive and moves its history (segments, holds, events, alarms, bookmarks) onto the archive id. */
  archive(a: ArchivedCamera): Promise<void>;
  getArchive(archiveId: string): Promise<ArchivedCamera | undefined>;
  /** Archives of a camera id, oldest first. */
  archivesOf(cameraId: string): Promise<ArchivedCamera[]>;
  /**
   * Whose history something of `cameraId` at `atMs` is: the archive of the first camera deleted at or after it was
   * recorded, or `cameraId` itself (the live camera) when none.
   */
  ownerAt(cameraId: string, atMs: number): Promise<string>;
  /** Of these ids, which are archive ids, and which are camera ids with archives (one query per 500 ids, for imports). */
  archiveClash(ids: string[]): Promise<{ archiveIds: string[]; withArchives: string[] }>;
  /** Moves the history rows of one id onto another; returns how many rows moved. */
  moveHistory(fromId: string, toId: string): Promise<number>;
}

/** The record of a deleted camera under which its history stays (reachable by admins and auditors only). */
export interface ArchivedCamera {
  /** The archive id, never a camera id again. */
  id: string;
  cameraId: string;
  name: string;
  sectorId: string;
  deletedAtMs: number;
  /** The privacy masks the camera had (polygons of [x, y] fractions): its archived footage stays masked. */
  privacyMasks: Array<Array<[number, number]>>;
  /** The camera's own retention, if it had one: its archived footage is deleted on the same schedule. */
  retentionDays?: number;
}

export interface SectorRepo {
  get(id: string): Promise<Sector | undefined>;
  list(): Promise<Sector[]>;
  upsert(sector: Sector): Promise<void>;
  delete(id: string): Promise<boolean>;
}

export const roles = ['admin', 'supervisor', 'operator', 'auditor'] as const;
export type Role = (typeof roles)[number];

export interface UserRecord {
  id: string;
  username: string;
  role: Role;
  /** Sectors an operator or supervisor is authorised for (habilitation); ignored for admin and auditor. */
  sectorIds: string[];
  passwordHash: string;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface UserRepo {
  get(id: string): Promise<UserRecord | undefined>;
  getByUsername(username: string): Promise<UserRecord | undefined>;
  list(): Promise<UserRecord[]>;
  insert(user: UserRecord): Promise<void>;
  update(user: UserRecord): Promise<void>;
  delete(id: string): Promise<boolean>;
  count(): Promise<number>;
}

export interface SessionRecord {
  tokenHash: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  ip: string;
  userAgent: string;
}

export interface SessionRepo {
  insert(session: SessionRecord): Promise<void>;
  get(tokenHash: string): Promise<SessionRecord | undefined>;
  delete(tokenHash: string): Promise<void>;
  deleteForUser(userId: string): Promise<void>;
  deleteExpired(nowIso: string): Promise<number>;
}

export interface ApiTokenRecord {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revoked: boolean;
}

export interface ApiTokenRepo {
  insert(token: ApiTokenRecord): Promise<void>;
  get(id: string): Promise<ApiTokenRecord | undefined>;
  listForUser(userId: string): Promise<ApiTokenRecord[]>;
  update(token: ApiTokenRecord): Promise<void>;
}

export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  ip: string;
  /** JSON text, kept verbatim so the hash covers exactly what was stored. */
  details: string;
  prevHash: string;
  hash: string;
}

export interface AuditRepo {
  /** Serialises appenders until the enclosing transaction ends (no-op where the store has one writer). */
  lockChain(): Promise<void>;
  append(entry: AuditRecord): Promise<void>;
  last(): Promise<AuditRecord | undefined>;
  /** Entries in seq order, from seq > afterSeq. */
  page(afterSeq: number, limit: number): Promise<AuditRecord[]>;
  search(filter: {
    actor?: string;
    action?: string;
    target?: string;
    limit: number;
    beforeSeq?: number;
  }): Promise<AuditRecord[]>;
}

/** A camera's analytics configuration (scene, masks, pipeline), stored as validated JSON. */
export interface AnalyticsConfigRecord {
  cameraId: string;
  config: string;
  enabled: boolean;
  updatedAt: string;
}

export interface AnalyticsConfigRepo {
  get(cameraId: string): Promise<AnalyticsConfigRecord | undefined>;
  put(rec: AnalyticsConfigRecord): Promise<void>;
  enabled(): Promise<AnalyticsConfigRecord[]>;
}

/** Small key/value table for one-off state (setup token, schema facts). */
export interface SettingRepo {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

import type { DeliveryOutbox } from '../integrations/webhook-types.js';

export interface Repos {
  cameras: CameraRepo;
  sectors: SectorRepo;
  users: UserRepo;
  sessions: SessionRepo;
  tokens: ApiTokenRepo;
  audit: AuditRepo;
  settings: SettingRepo;
  segments: SegmentRepo;
  holds: HoldRepo;
  events: EventRepo;
  analytics: AnalyticsConfigRepo;
  alarms: AlarmRepo;
  /** Webhook deliveries waiting or done (the integrations' outbox). */
  deliveries: DeliveryOutbox;
  /** Operators' notes on moments of recordings. */
  bookmarks: BookmarkRepo;
  /** The legal-basis register (law.md L4). */
  authorisations: AuthorisationRepo;
  /** What the public register shows of each camera (law.md L9). */
  publication: PublicationRepo;
  /** The system's contracts, published. */
  contracts: ContractRepo;
  /** The public statistics' aggregates. */
  publicStats: PublicStatsQueries;
  /** Right-of-access requests (law.md L7). */
  accessRequests: AccessRequestRepo;
  /** Clear live views of blurred cameras, with why (issue 21). */
  reveals: RevealRepo;
  /** Camera health history: offline, tampered, degraded intervals (issue 24). */
  health: HealthRepo;
}

/** The store port: every adapter (SQLite, PostgreSQL) passes test/contract/store.contract.ts. */
export interface Store extends Repos {
  readonly kind: string;
  /** Runs fn atomically: all its writes land or none do. */
  transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
