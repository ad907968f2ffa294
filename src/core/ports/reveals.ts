/** How a reveal ended: the user closed it, its time ran out, or the camera went away. */
export type RevealEnd = 'early' | 'expired';

/** One user seeing one camera clear (live, both streams) for a while, with why (issue 21). */
export interface Reveal {
  id: string;
  cameraId: string;
  userId: string;
  actor: string;
  reason: string | null;
  alarmId: string | null;
  fromMs: number;
  untilMs: number;
  /** Null while in force (or expired while the centre was down, until its start ends it). */
  endedAtMs: number | null;
  how: RevealEnd | null;
}

export interface RevealFilter {
  fromMs?: number;
  toMs?: number;
  cameraId?: string;
  actor?: string;
  limit?: number;
}

export interface RevealRepo {
  insert(r: Reveal): Promise<void>;
  get(id: string): Promise<Reveal | undefined>;
  /** Reveals not ended yet (in force, or past their end while the centre was down). */
  open(): Promise<Reveal[]>;
  /** Ends a reveal not ended yet; false when it already was (a second end changes nothing). */
  end(id: string, atMs: number, how: RevealEnd): Promise<boolean>;
  /** Reveals that started within [fromMs, toMs), newest first. */
  list(f: RevealFilter): Promise<Reveal[]>;
}
