import type { EventKind } from './recordings.js';

export const alarmStates = ['new', 'acknowledged', 'assigned', 'closed'] as const;
export type AlarmState = (typeof alarmStates)[number];

/** Ascending: escalation moves one step to the right. */
export const alarmPriorities = ['low', 'medium', 'high', 'critical'] as const;
export type AlarmPriority = (typeof alarmPriorities)[number];

/** What the operator concluded; every closed alarm has one (the public register counts them). */
export const dispositions = ['confirmed', 'false_alarm', 'not_actionable'] as const;
export type Disposition = (typeof dispositions)[number];

export const alarmActions = ['raised', 'escalated', 'acknowledged', 'assigned', 'commented', 'closed'] as const;
export type AlarmAction = (typeof alarmActions)[number];

/** One step of an alarm's life: who (username or `system`) did what, when. */
export interface AlarmStep {
  action: AlarmAction;
  by: string;
  at: number;
  /** Comment text (commented, closed with a comment). */
  text?: string;
  /** Assignee's username (assigned). */
  assignee?: string;
  disposition?: Disposition;
  /** New priority (escalated). */
  priority?: AlarmPriority;
}

/** An attention signal awaiting a human disposition; times are epoch ms, like events. */
export interface Alarm {
  id: string;
  kind: EventKind;
  cameraId: string;
  /** The camera's current sector, read through the camera (null once the camera is deleted); never stored. */
  sectorId: string | null;
  zoneId: string | null;
  priority: AlarmPriority;
  /** Priority before any escalation. */
  basePriority: AlarmPriority;
  state: AlarmState;
  /** Events of the situation, oldest first. */
  eventIds: string[];
  eventCount: number;
  /** Attached events not yet ended; 0 once the situation is over. */
  ongoing: number;
  raisedAt: number;
  lastEventAt: number;
  situationEndedAt: number | null;
  /** A `new` alarm past this time escalates. */
  deadlineAt: number;
  escalatedAt: number | null;
  acknowledgedBy: string | null;
  acknowledgedAt: number | null;
  assigneeId: string | null;
  assignee: string | null;
  assignedBy: string | null;
  assignedAt: number | null;
  closedBy: string | null;
  closedAt: number | null;
  disposition: Disposition | null;
  history: AlarmStep[];
  /** Optimistic concurrency: each write expects the version it read. */
  version: number;
  updatedAt: number;
  /** The authorisation its first event was produced under (law.md L4); null when none covered it. */
  authorisationId: string | null;
}

export interface AlarmFilter {
  /** Scope: only alarms of cameras in these sectors (undefined = all). An empty array matches nothing. */
  sectorIds?: string[];
  /** With sectorIds: also the alarms of the whole centre (camera '*', e.g. storage), which belong to no sector. */
  centreWide?: boolean;
  sectorId?: string;
  states?: AlarmState[];
  kinds?: EventKind[];
  /** Kinds left out whatever else matches (the legal register's alarms, for those who may not read it). */
  excludeKinds?: EventKind[];
  cameraIds?: string[];
  priorities?: AlarmPriority[];
  /** On raisedAt: [fromMs, toMs). */
  fromMs?: number;
  toMs?: number;
  limit?: number;
  offset?: number;
}

/** One group of the statistics: alarms counted by kind, camera, state and disposition. */
export interface AlarmStatsRow {
  kind: EventKind;
  cameraId: string;
  state: AlarmState;
  disposition: Disposition | null;
  count: number;
}

export interface AlarmRepo {
  /** Inserts the alarm and links its eventIds. */
  insert(a: Alarm): Promise<void>;
  /** Writes `a` only if the stored version is still `expectedVersion`; false when someone changed it meanwhile. */
  update(a: Alarm, expectedVersion: number): Promise<boolean>;
  /** Links one more event to an alarm (an event belongs to one alarm at most). */
  attachEvent(alarmId: string, eventId: string, atMs: number): Promise<void>;
  get(id: string): Promise<Alarm | undefined>;
  byEvent(eventId: string): Promise<Alarm | undefined>;
  /** The open alarm of this situation key still ongoing, or with activity at or after sinceMs (dedup window). */
  findOpen(
    key: { kind: EventKind; cameraId: string; zoneId: string | null },
    sinceMs: number,
  ): Promise<Alarm | undefined>;
  /** `new` alarms not yet escalated whose deadline is at or before nowMs, oldest deadline first. */
  dueForEscalation(nowMs: number, limit: number): Promise<Alarm[]>;
  /** Newest first (raisedAt), with the total matching the filter. */
  list(f: AlarmFilter): Promise<{ items: Alarm[]; total: number }>;
  stats(f: Omit<AlarmFilter, 'limit' | 'offset'>): Promise<AlarmStatsRow[]>;
  /** Snoozes of a camera's kind (kept beside the alarms they silence: one repo for the alarm desk). */
  readonly snoozes: SnoozeRepo;
}

/** A camera's kind silenced for a while: its events are still stored, but raise no alarm until `untilMs`. */
export interface Snooze {
  id: string;
  cameraId: string;
  kind: EventKind;
  reason: string;
  createdBy: string;
  createdAtMs: number;
  untilMs: number;
  /** Ended early by someone (null: runs until untilMs). */
  endedAtMs: number | null;
  endedBy: string | null;
  /** The camera's sector (null once the camera is deleted). */
  sectorId: string | null;
}

export interface SnoozeRepo {
  insert(s: Omit<Snooze, 'sectorId'>): Promise<void>;
  get(id: string): Promise<Snooze | undefined>;
  /** Ends a snooze still running at atMs; false when it had already ended (or never existed). */
  end(id: string, by: string, atMs: number): Promise<boolean>;
  /** Snoozes running at atMs (not ended, until after atMs), soonest end first; sectorIds scopes via the camera. */
  active(atMs: number, sectorIds?: string[]): Promise<Snooze[]>;
  /** The running snooze of this camera and kind at atMs, if any (the one ending last). */
  find(cameraId: string, kind: EventKind, atMs: number): Promise<Snooze | undefined>;
}
