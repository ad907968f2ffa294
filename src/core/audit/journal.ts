import { createHmac } from 'node:crypto';
import type { Clock } from '../ports/clock.js';
import type { AuditRecord, AuditRepo, Store } from '../ports/store.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  /** Username, or `system` / `token:<id>` / `anonymous`. */
  actor: string;
  /** Dotted verb, e.g. `auth.login`, `camera.update`, `live.view`. */
  action: string;
  target?: string;
  ip?: string;
  details?: Record<string, unknown>;
}

/** Keyed chain: with the key outside the database, rows cannot be rewritten and re-hashed by a DB-only attacker. */
export function entryHash(key: Buffer, e: Omit<AuditRecord, 'hash'>): string {
  const canonical = JSON.stringify([e.seq, e.at, e.actor, e.action, e.target, e.ip, e.details, e.prevHash]);
  return createHmac('sha256', key).update(canonical).digest('hex');
}

/** Append-only, hash-chained journal of who did what, when, from where (law L7). */
export class AuditJournal {
  constructor(
    private readonly store: Store,
    private readonly key: Buffer,
    private readonly clock: Clock,
  ) {}

  /** Writes the next link inside the caller's transaction (repo given) or a transaction of its own. */
  record(entry: AuditEntry, repo?: AuditRepo): Promise<AuditRecord> {
    const write = async (audit: AuditRepo) => {
      await audit.lockChain();
      const last = await audit.last();
      const base = {
        seq: (last?.seq ?? 0) + 1,
        at: new Date(this.clock.now()).toISOString(),
        actor: entry.actor,
        action: entry.action,
        target: entry.target ?? '',
        ip: entry.ip ?? '',
        details: JSON.stringify(entry.details ?? {}),
        prevHash: last?.hash ?? GENESIS_HASH,
      };
      const rec = { ...base, hash: entryHash(this.key, base) };
      await audit.append(rec);
      return rec;
    };
    return repo ? write(repo) : this.store.transaction((tx) => write(tx.audit));
  }
}
