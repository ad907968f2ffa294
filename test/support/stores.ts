import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgresStore } from '../../src/adapters/store/postgres.js';
import { openSqliteStore } from '../../src/adapters/store/sqlite.js';
import type { Store } from '../../src/core/ports/store.js';

export interface StoreFactory {
  name: string;
  /** Why this adapter cannot run here, or undefined when it can. */
  unavailable(): Promise<string | undefined>;
  open(): Promise<{ store: Store; dispose(): Promise<void> }>;
}

export const PG_ADMIN_URL = process.env.VIGIE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const sqliteFactory: StoreFactory = {
  name: 'sqlite',
  unavailable: async () => undefined,
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-store-'));
    const store = await openSqliteStore(join(dir, 'vigie.db'));
    return {
      store,
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/** Each PostgreSQL test store is a fresh database, dropped afterwards. */
export const postgresFactory: StoreFactory = {
  name: 'postgres',
  async unavailable() {
    const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await c.connect();
      await c.query('select 1');
      return undefined;
    } catch (e) {
      return `PostgreSQL not reachable at ${PG_ADMIN_URL} (${(e as Error).message}); start it or set VIGIE_TEST_PG_URL`;
    } finally {
      await c.end().catch(() => undefined);
    }
  },
  async open() {
    const db = await freshPostgres();
    const store = await openPostgresStore(db.url, 4);
    return {
      store,
      async dispose() {
        await store.close();
        await db.dispose();
      },
    };
  },
};

async function adminQuery(query: string) {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  await c.query(query).finally(() => c.end());
}

/** A new, empty PostgreSQL database of its own (a test never sees another's rows); `dispose` drops it. */
export async function freshPostgres(): Promise<{ url: string; dispose(): Promise<void> }> {
  const name = `vigie_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.href, dispose: () => adminQuery(`drop database if exists ${name} with (force)`) };
}
