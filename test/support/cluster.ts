import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshPostgres, postgresFactory } from './stores.js';

/** A fresh PostgreSQL database and a temp folder for a cluster test's nodes; `dispose` drops both. */
export async function clusterPlace(): Promise<{ url: string; dir: string; dispose(): Promise<void> } | string> {
  const why = await postgresFactory.unavailable();
  if (why) return why;
  const db = await freshPostgres();
  const dir = mkdtempSync(join(tmpdir(), 'vigie-cluster-'));
  return {
    url: db.url,
    dir,
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
      await db.dispose();
    },
  };
}

/** Writes one node's config: the shared database and NATS; one data dir (and so one master key, as a cluster shares). */
export function nodeConfig(
  place: { url: string; dir: string },
  node: string,
  nats: string,
  extra: string[] = [],
): string {
  const file = join(place.dir, `${node}.yaml`);
  writeFileSync(
    file,
    [
      `dataDir: ${join(place.dir, 'data')}`,
      `database: { url: '${place.url}' }`,
      `cluster: { nodeName: ${node}, nats: { servers: ['${nats}'] }, leases: { leaseSeconds: 3 } }`,
      "live: { privacy: 'off' }",
      ...(extra.some((l) => l.startsWith('log:')) ? [] : ['log: { level: warn }']),
      ...extra,
      '',
    ].join('\n'),
  );
  return file;
}

/** Polls `check` until it returns a value (not undefined) or `ms` passed. */
export async function until<T>(check: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
