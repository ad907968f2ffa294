import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Store } from '../../core/ports/store.js';
import { KyselyStore } from './kysely/kysely-store.js';
import { migrateToLatest } from './kysely/migrations.js';
import type { Database } from './kysely/tables.js';
import { type OutageLog, PostgresOutage } from './postgres-outage.js';

// int8 (bigint) columns come back as JS numbers: journal seq and counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/** Distributed-mode store: the same query layer as SQLite over a PostgreSQL pool. */
export async function openPostgresStore(url: string, poolSize = 10, log?: OutageLog): Promise<Store> {
  const outage = new PostgresOutage(url, log);
  const pool = outage.guard(new pg.Pool({ connectionString: url, max: poolSize }));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  // Migrated once whichever node starts first (the migrator's lock); a newer node's additive migrations tolerated.
  await migrateToLatest(db);
  return new KyselyStore('postgres', db, sql`select pg_advisory_xact_lock(7419002)`);
}
