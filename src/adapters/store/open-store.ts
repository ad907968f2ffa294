import { join, resolve } from 'node:path';
import type { Store } from '../../core/ports/store.js';
import { waitForPostgres } from './wait-postgres.js';

/** Picks the store adapter from the database URL (sqlite:<path> or postgres://...). */
export async function openStore(
  url: string | undefined,
  dataDir: string,
  say?: (line: string) => void,
): Promise<Store> {
  if (!url || url.startsWith('sqlite:')) {
    const path = url ? url.slice('sqlite:'.length) : join(dataDir, 'vigie.db');
    const { openSqliteStore } = await import('./sqlite.js');
    return openSqliteStore(path === ':memory:' ? path : resolve(path));
  }
  // A database down at start (or restarting) is waited for, with a line saying so, rather than a crash.
  const line = say ?? ((l) => process.stderr.write(`vigie: ${l}\n`));
  await waitForPostgres(url, {
    onWait: (where, reason, retryMs) =>
      line(`PostgreSQL at ${where} is unreachable (${reason}): waiting, next try in ${Math.round(retryMs / 1000)} s`),
  });
  const { openPostgresStore } = await import('./postgres.js');
  // The same for an outage while running: one line when it goes, one when it is back (postgres-outage.ts).
  return openPostgresStore(url, 10, (_level, l) => line(l));
}
