/**
 * Camera health history (issue 24): each stretch of time a camera was not fully well, kept as an interval. Time
 * outside every interval is healthy (online, picture as installed).
 */
export const HEALTH_STATES = ['offline', 'tampered', 'degraded'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

/** The states that make a camera unavailable (it no longer watches its area); degraded does not. */
export const UNAVAILABLE_STATES: readonly HealthState[] = ['offline', 'tampered'];

export interface HealthInterval {
  /** The id of what opened it (the event's id): a message delivered twice opens it once. */
  id: string;
  cameraId: string;
  state: HealthState;
  /** tampered: covered, moved, defocused or blinded; degraded: fps or bitrate; offline: the stream's last error. */
  detail: string | null;
  /** Epoch ms; `toMs` null while it lasts. */
  fromMs: number;
  toMs: number | null;
}

export type HealthSpan = Pick<HealthInterval, 'cameraId' | 'state' | 'fromMs' | 'toMs'>;

export interface HealthRepo {
  /** Stores a new interval; false (and nothing changed) when one with this id exists. */
  open(i: HealthInterval): Promise<boolean>;
  /** Ends the open interval with this id; an end before its start ends it at its start. False when none was open. */
  closeById(id: string, atMs: number): Promise<boolean>;
  /** Ends every open interval of a camera in a state; returns how many. */
  close(cameraId: string, state: HealthState, atMs: number): Promise<number>;
  /** The intervals still open, oldest first. */
  current(): Promise<HealthInterval[]>;
  /** Intervals that overlap [fromMs, toMs), of these cameras (all when undefined), by camera then start. */
  overlapping(fromMs: number, toMs: number, cameraIds?: string[]): Promise<HealthInterval[]>;
  /**
   * Lean reads for the availability report (no detail, in no order, the whole fleet): the intervals still open or
   * ended at or after `sinceMs`, and those that ended in [fromMs, toMs).
   */
  recentSpans(sinceMs: number): Promise<HealthSpan[]>;
  endedSpans(fromMs: number, toMs: number): Promise<HealthSpan[]>;
  /**
   * The plain SQL aggregate: per camera, the summed length of its intervals in these states clipped to
   * [fromMs, toMs) (open ones end at toMs). Overlaps are counted twice: the benchmark's baseline, not the report.
   */
  summedMs(fromMs: number, toMs: number, states: readonly HealthState[]): Promise<Map<string, number>>;
}
