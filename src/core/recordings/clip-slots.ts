import { DomainError } from '../errors.js';

/**
 * Concurrency limits of one kind of clip work (playback, export) per user and for the whole centre: each one is an
 * ffmpeg, so one user (or a crowd) cannot starve recording and the API of CPU; past a limit, a 429 that names it.
 */
export class ClipSlots {
  private readonly byUser = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly kind: 'playback' | 'export',
    private readonly perUser: number,
    private readonly perCentre: number,
  ) {}

  /** Takes a slot for the user, or throws 429; the returned function gives it back (once, however often called). */
  acquire(userId: string): () => void {
    const mine = this.byUser.get(userId) ?? 0;
    if (mine >= this.perUser)
      throw new DomainError(
        429,
        'too_many_requests',
        `too many ${this.kind}s at once: at most ${this.perUser} per user (you have ${mine} running); end one and retry`,
        { limit: this.perUser, scope: 'user' },
      );
    if (this.total >= this.perCentre)
      throw new DomainError(
        429,
        'too_many_requests',
        `the centre is running its maximum of ${this.perCentre} ${this.kind}s at once; retry in a moment`,
        { limit: this.perCentre, scope: 'centre' },
      );
    this.byUser.set(userId, mine + 1);
    this.total++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.total--;
      const left = (this.byUser.get(userId) ?? 1) - 1;
      if (left > 0) this.byUser.set(userId, left);
      else this.byUser.delete(userId);
    };
  }

  /** Slots in use (for metrics and tests). */
  inUse(): number {
    return this.total;
  }
}
