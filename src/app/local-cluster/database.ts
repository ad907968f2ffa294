import pg from 'pg';

/** Database names `vigie cluster up` will create: a plain identifier, so it needs no quoting. */
const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Makes sure the cluster's database exists on its server, creating it (empty) when it does not: the nodes then
 * migrate it once (the migration lock). Connects to the server's `postgres` database with the same user to do so.
 */
export async function ensureDatabase(url: string): Promise<'created' | 'exists'> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  if (!NAME.test(name))
    throw new Error(`database name '${name}' in ${u.host}: lower-case letters, digits and _ only (it is created)`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new pg.Client({ connectionString: admin.href, connectionTimeoutMillis: 5000 });
  try {
    await c.connect();
    const found = await c.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return 'exists';
    await c.query(`create database ${name}`);
    return 'created';
  } catch (e) {
    throw new Error(`cannot prepare the database ${name} on ${u.host}: ${(e as Error).message}`);
  } finally {
    await c.end().catch(() => undefined);
  }
}
