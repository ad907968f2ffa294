import { chmodSync, mkdirSync } from 'node:fs';

/**
 * The data directory holds the database, keys, recordings, exports and snapshots: readable by the centre's user
 * only. Created 0700, and tightened to 0700 if it exists with wider modes (an operator's `mkdir` under umask 022).
 */
export function privateDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}
