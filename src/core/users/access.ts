import { createHash } from 'node:crypto';
import { ACCESS_CHANGED, type Bus } from '../ports/bus.js';
import type { Store } from '../ports/store.js';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Ends a user's sessions and API tokens, and tells open streams (live, alarms) to re-check at once. */
export class AccessControl {
  constructor(
    private readonly store: Store,
    private readonly bus?: Bus,
  ) {}

  /** `keepSession` (a session token, not its hash) survives: the session that changed its own password. */
  async end(userId: string, what: { sessions: boolean; tokens: boolean; keepSession?: string }): Promise<void> {
    if (what.sessions) {
      const kept = what.keepSession ? await this.store.sessions.get(sha256(what.keepSession)) : undefined;
      await this.store.sessions.deleteForUser(userId);
      if (kept?.userId === userId) await this.store.sessions.insert(kept);
    }
    if (what.tokens) {
      for (const t of await this.store.tokens.listForUser(userId)) {
        if (!t.revoked) await this.store.tokens.update({ ...t, revoked: true });
      }
    }
    this.changed(userId);
  }

  changed(userId: string): void {
    this.bus?.publish(ACCESS_CHANGED, { userId });
  }
}
