import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { MIGRATION_NAMES, migrateToLatest } from '../../src/adapters/store/kysely/migrations.js';
import { openPostgresStore } from '../../src/adapters/store/postgres.js';
import type { Store } from '../../src/core/ports/store.js';
import { freshPostgres, postgresFactory } from '../support/stores.js';

// Issue 23: nodes sharing one PostgreSQL migrate it once, whichever starts first, and versions N and N+1 coexist.

test('two nodes starting together migrate once; a newer version adds a column while the older keeps working', async (t) => {
  const why = await postgresFactory.unavailable();
  if (why) return t.skip(why);
  const db = await freshPostgres();
  const url = new URL(db.url);
  const stores: Store[] = [];
  const next = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.href }) }) });
  t.after(async () => {
    for (const s of stores) await s.close();
    await next.destroy();
    await db.dispose();
  });

  // Version N, twice at the same moment on a fresh database: both start, each migration ran once.
  stores.push(...(await Promise.all([openPostgresStore(url.href, 2), openPostgresStore(url.href, 2)])));
  const ran = await next.selectFrom('kysely_migration').select('name').orderBy('name').execute();
  assert.deepEqual(
    ran.map((r) => r.name),
    MIGRATION_NAMES,
  );

  // Version N+1 arrives with an additive migration (a nullable column) while N runs.
  const { newer } = await migrateToLatest(next, {
    '999_rolling_test_sector_motto': {
      up: (db) => db.schema.alterTable('sectors').addColumn('motto', 'text').execute(),
    },
  });
  assert.deepEqual(newer, []);
  const [n] = stores as [Store];
  await n.sectors.upsert({ id: 'gare', name: 'Gare' });
  await next.insertInto('sectors').values({ id: 'port', name: 'Port', motto: 'by N+1' }).execute();
  // N reads and writes rows of the migrated table, its own and N+1's, and never sees the column it does not know.
  assert.deepEqual(await n.sectors.get('port'), { id: 'port', name: 'Port' });
  await n.sectors.upsert({ id: 'port', name: 'Port-est' });
  assert.deepEqual(await next.selectFrom('sectors').select(['name', 'motto']).where('id', '=', 'port').execute(), [
    { name: 'Port-est', motto: 'by N+1' },
  ]);
  // A node of version N restarting during the upgrade starts, naming nothing it would need.
  stores.push(await openPostgresStore(url.href, 1));
  assert.equal((await stores[2]?.sectors.list())?.length, 2);
  // A node missing one of N+1's migrations that it knows of is refused with the reason, not half-run.
  await assert.rejects(
    migrateToLatest(next, { '998_never_ran': { up: async () => undefined } }),
    /migrated by a newer Vigie \(999_rolling_test_sector_motto\) but lacks 998_never_ran: upgrade this node/,
  );
});
