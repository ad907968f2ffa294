import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { type Centre, createCentre } from '../../src/app/centre.js';
import { StartRefused } from '../../src/app/cluster.js';
import { loadConfig } from '../../src/config/load.js';
import { camera } from '../contract/store.contract.js';
import { clusterPlace, nodeConfig, until } from '../support/cluster.js';
import { natsMissing, type PrivateNats, startNats } from '../support/nats.js';

// Issue 23 wired: a clustered node's bus is NATS (an event raised on an analytics node becomes an alarm on the api
// node), its name is registered (a second process with that name refuses with one line), and it leaves cleanly.
const missing = natsMissing();
let nats: PrivateNats;
let place: Exclude<Awaited<ReturnType<typeof clusterPlace>>, string>;
let skip: string | undefined = missing ?? undefined;
before(async () => {
  if (skip) return;
  const p = await clusterPlace();
  if (typeof p === 'string') skip = p;
  else place = p;
  if (!skip) nats = await startNats();
});
after(async () => {
  await nats?.stop();
  await place?.dispose();
});

const open = async (node: string, role: 'api' | 'analytics') =>
  createCentre(
    loadConfig(
      nodeConfig(place, node, `nats://127.0.0.1:${nats.port}`, ['analytics: { enabled: false }']),
      {},
      { role },
    ),
    {
      logger: pino({ level: 'silent' }),
    },
  );

test('an event raised on an analytics node opens its alarm on the api node, through NATS', async (t) => {
  if (skip) return t.skip(skip);
  const centres: Centre[] = [];
  t.after(() => Promise.all(centres.map((c) => c.close())));
  const api = await open('api-1', 'api');
  centres.push(api);
  const analytics = await open('analytics-1', 'analytics');
  centres.push(analytics);
  await api.start();
  await analytics.start();
  await api.services.store.sectors.upsert({ id: 'gare', name: 'Gare' });
  await api.services.store.cameras.insert(camera('C-1'));
  const ev = await analytics.services.events.emit({ cameraId: 'C-1', kind: 'fire' });
  const alarm = await until(() => api.services.store.alarms.byEvent(ev.id), 5000, 'the alarm of the event');
  assert.equal(alarm.kind, 'fire');
  // The analytics node turned it into no alarm of its own: one alarm for the event in the shared database.
  assert.equal((await api.services.store.alarms.byEvent(ev.id))?.id, alarm.id);
});

test('a second `vigie serve` with a running node name exits 1 with one line; the name is free once it left', async (t) => {
  if (skip) return t.skip(skip);
  const first = await open('analytics-7', 'analytics');
  let closed = false;
  t.after(() => (closed ? undefined : first.close()));
  const file = nodeConfig(place, 'analytics-7', `nats://127.0.0.1:${nats.port}`);
  const args = ['--import', 'tsx', 'src/cli/main.ts', '-c', file, 'serve', '--role', 'analytics'];
  const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, args, { timeout: 60_000 }, (_e, _o, stderr) =>
      resolve({ code: child.exitCode, stderr }),
    );
  });
  assert.equal(r.code, 1);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(
    lines[0] ?? '',
    new RegExp(
      `^vigie: node name analytics-7 is already in use by a running node \\(pid ${process.pid} on host .+, started .+\\); choose another name, or if that node was killed wait 3 s for its lease to lapse$`,
    ),
  );
  // In-process, the same refusal is a StartRefused (what the CLI prints as that line).
  await assert.rejects(open('analytics-7', 'analytics'), StartRefused);
  await first.close();
  closed = true;
  const again = await open('analytics-7', 'analytics');
  await again.close();
});
