import type { AnalysisEvent } from '../../analytics/events/event-assembler.js';
import { LEGAL_FAMILIES } from '../shared/law.js';

/** A finished recording file: [startMs, endMs) of one camera's main stream, stored by copy. */
export interface Segment {
  /** `${cameraId}:${startMs}`: re-indexing the same file is idempotent. */
  id: string;
  cameraId: string;
  startMs: number;
  endMs: number;
  /** Relative to the recordings root. */
  path: string;
  bytes: number;
  codec: string;
  /** Cut short (full disk, crash): the file holds less than was recorded; endMs is what it really holds. */
  partial?: boolean;
  /**
   * The cluster node that indexed it, whose recordings folder it was placed in: the node that recorded it, or for a
   * dead holder's file salvaged at takeover the node that took the camera (absent: the embedded centre, or a node of
   * a version before this field).
   */
  node?: string;
}

export interface SegmentRepo {
  add(segment: Segment): Promise<void>;
  /** Segments of one camera overlapping [fromMs, toMs), in time order. */
  range(cameraId: string, fromMs: number, toMs: number): Promise<Segment[]>;
  /** Oldest segments across all cameras (for the disk budget), in time order. */
  oldest(limit: number, afterStartMs?: number): Promise<Segment[]>;
  /** Segments of one camera ending before a time (for age retention), in time order; afterStartMs pages past kept ones. */
  endedBefore(cameraId: string, beforeMs: number, limit: number, afterStartMs?: number): Promise<Segment[]>;
  byPath(path: string): Promise<Segment | undefined>;
  allPaths(): Promise<string[]>;
  /** Paths of the segments filed in one camera's folder (`<cameraId>/…`, its archive's included). */
  pathsIn(cameraId: string): Promise<string[]>;
  delete(ids: string[]): Promise<number>;
  /**
   * Deletes those of `ids` still there and returns the ones this call deleted: of two nodes deleting the same segment
   * at once, one gets it and the other nothing (the database row is the arbiter).
   */
  take(ids: string[]): Promise<string[]>;
  totalBytes(): Promise<number>;
  /** How many segments of one camera overlap [fromMs, toMs), and their bytes (one query, whatever the span). */
  summary(cameraId: string, fromMs: number, toMs: number): Promise<{ count: number; bytes: number }>;
  cameraIds(): Promise<string[]>;
}

export interface EvidenceHold {
  id: string;
  cameraId: string;
  fromMs: number;
  toMs: number;
  reason: string;
  createdBy: string;
  createdAt: string;
  releasedBy: string | null;
  releasedAt: string | null;
}

export interface HoldRepo {
  add(hold: EvidenceHold): Promise<void>;
  get(id: string): Promise<EvidenceHold | undefined>;
  /** Active holds (not released), optionally for one camera. */
  active(cameraId?: string): Promise<EvidenceHold[]>;
  list(cameraId?: string): Promise<EvidenceHold[]>;
  release(id: string, by: string, at: string): Promise<void>;
}

export const eventKinds = [
  // The families real-time analytics may detect (L3), then the crowd-level and technical kinds.
  ...LEGAL_FAMILIES,
  'unusual',
  'motion',
  'camera_tamper',
  'camera_offline',
  'camera_online',
  'recording_gap',
  'storage',
  'audit_integrity',
  // The legal register (law.md L4): analytics stopped because their basis ended; an authorisation ending soon.
  'legal_basis_expired',
  'legal_basis_expiring',
] as const;
export type EventKind = (typeof eventKinds)[number];

/**
 * An observation (analytic or technical), per ../shared/design/README.md: the analytics' one event shape
 * (`AnalysisEvent`, what the centre stores and `vigie analyze` writes), with the technical kinds and a snapshot.
 */
export interface VigieEvent extends Omit<AnalysisEvent, 'kind'> {
  kind: EventKind;
  snapshot?: string;
  /**
   * The authorisation it was produced under (law.md L4): for an analytic event the algorithmic_processing one
   * covering its family, for a technical one the camera's video_protection one; absent when none covered it.
   */
  authorisationId?: string;
}

export interface EventFilter {
  cameraIds?: string[];
  kinds?: EventKind[];
  fromMs?: number;
  toMs?: number;
  zoneId?: string;
  /** person, car, bicycle…: what the event concerns (never who). */
  objectClass?: string;
  /** Only events whose alarm was closed with this disposition. */
  disposition?: 'confirmed' | 'false_alarm' | 'not_actionable';
  limit: number;
}

export interface EventRepo {
  add(e: VigieEvent): Promise<void>;
  update(e: VigieEvent): Promise<void>;
  get(id: string): Promise<VigieEvent | undefined>;
  /** Newest first. */
  search(f: EventFilter): Promise<VigieEvent[]>;
  /** Events of a camera that still have a snapshot and started before `beforeMs`, oldest first (retention). */
  withSnapshotBefore(cameraId: string, beforeMs: number, limit: number): Promise<VigieEvent[]>;
  /** Cameras that have events with a snapshot. */
  snapshotCameraIds(): Promise<string[]>;
}
