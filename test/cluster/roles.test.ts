import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { openPostgresStore } from '../../src/adapters/store/postgres.js';
import { createCentre } from '../../src/app/centre.js';
import { loadConfig } from '../../src/config/load.js';
import { camera } from '../contract/store.contract.js';
import { until } from '../support/cluster.js';
import { startNats } from '../support/nats.js';
import { freshPostgres, postgresFactory } from '../support/stores.js';

// The role seam: `serve --role` (over the config's role) reaches the centre's wiring. An analytics node emits
// events but opens no alarm: the api nodes do, once (two subscribers would open every alarm twice).
test('--role overrides the config, and an analytics node leaves alarms to the api nodes', async (t) => {
  const why = await postgresFactory.unavailable();
  if (why) return t.skip(why);
  const db = await freshPostgres();
  const url = new URL(db.url);
  const dir = mkdtempSync(join(tmpdir(), 'vigie-roles-'));
  t.after(async () => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(`${dir}-keys`, { recursive: true, force: true });
    await db.dispose();
  });
  // A private NATS: the api node's alarm feed is a durable work-once group, which would otherwise resume with whatever
  // other runs left in a shared server's stream.
  const nats = await startNats();
  t.after(() => nats.stop());
  const file = join(dir, 'vigie.yaml');
  writeFileSync(
    file,
    [
      `dataDir: ${join(dir, 'data')}`,
      'role: api',
      `database: { url: '${url.href}' }`,
      `cluster: { nodeName: analytics-1, nats: { servers: ['nats://127.0.0.1:${nats.port}'] } }`,
      "live: { privacy: 'off' }",
      'analytics: { enabled: false }',
      '',
    ].join('\n'),
  );
  assert.equal(loadConfig(file, {}).role, 'api');
  const cfg = loadConfig(file, {}, { role: 'analytics' });
  assert.equal(cfg.role, 'analytics');
  // The same event on each node: the api node opens an alarm (so the analytics node's none is its role's doing).
  const alarmOn = async (role: 'api' | 'analytics') => {
    const centre = await createCentre(loadConfig(file, {}, { role }), { logger: pino({ level: 'silent' }) });
    try {
      await centre.start();
      const { store, events } = centre.services;
      const ev = await events.emit({ cameraId: 'C-1', kind: 'fire' });
      // Through NATS: the alarm comes when the feed's group was handed the event (the api node), else never.
      if (role === 'analytics') {
        await new Promise((r) => setTimeout(r, 500));
        return (await store.alarms.byEvent(ev.id))?.kind;
      }
      return (await until(() => store.alarms.byEvent(ev.id), 5000, 'the alarm')).kind;
    } finally {
      await centre.close();
    }
  };
  const seed = await openPostgresStore(url.href, 1);
  await seed.sectors.upsert({ id: 'gare', name: 'Gare' });
  await seed.cameras.insert(camera('C-1'));
  await seed.close();
  assert.equal(await alarmOn('analytics'), undefined);
  assert.equal(await alarmOn('api'), 'fire');
});
