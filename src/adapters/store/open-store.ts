import { join, resolve } from 'node:path';
import type { Store } from '../../core/ports/store.js';

/** Picks the store adapter from the database URL (sqlite:<path> or postgres://...). */
export async function openStore(url: string | undefined, dataDir: string): Promise<Store> {
  if (!url || url.startsWith('sqlite:')) {
    const path = url ? url.slice('sqlite:'.length) : join(dataDir, 'vigie.db');
    const { openSqliteStore } = await import('./sqlite.js');
    return openSqliteStore(path === ':memory:' ? path : resolve(path));
  }
  const { openPostgresStore } = await import('./postgres.js');
  return openPostgresStore(url);
}
