// `vigie cluster up` for real: the CLI starts an api, a recorder and an analytics node as child processes on a fresh
// PostgreSQL database and a private NATS, with one simulated camera; the nodes register, the camera is leased,
// recorded and analysed, and SIGINT stops every child.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { connect } from '@nats-io/transport-node';
import { NatsKvLeaseStore } from '../../src/adapters/leases/nats-kv.js';
import { TEST_MODEL_CACHE } from '../analytics/helpers/models.js';
import { clusterPlace, until } from '../support/cluster.js';
import { natsMissing, startNats } from '../support/nats.js';

const files = (dir: string): string[] => {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.mp4'))
      .map((e) => e.name);
  } catch {
    return [];
  }
};

test('cluster up: 1 api, 1 recorder, 1 analytics and a camera; SIGINT stops them all', {
  timeout: 120_000,
}, async (t) => {
  const skip = natsMissing();
  if (skip) return t.skip(skip);
  const place = await clusterPlace();
  if (typeof place === 'string') return t.skip(place);
  const nats = await startNats();
  t.after(async () => {
    await nats.stop();
    await place.dispose();
  });
  const base = join(place.dir, 'base.yaml');
  writeFileSync(base, `live: { privacy: 'off' }\nanalytics: { workers: 1, modelCacheDir: '${TEST_MODEL_CACHE}' }\n`);
  const dir = join(place.dir, 'cluster');
  const args = ['--import', 'tsx', 'src/cli/main.ts', '-c', base, 'cluster', 'up', '--cameras', '1'];
  args.push('--database', place.url, '--nats', `nats://127.0.0.1:${nats.port}`, '--dir', dir);
  args.push('--port', '0', '--sim-port', '0', '--lease-seconds', '3');
  const started = Date.now();
  const cli = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  createInterface({ input: cli.stdout }).on('line', (l) => {out.push(l); if (process.env.TRACE_UP && (!l.includes('"level":30') || /started|listening|lease/.test(l))) console.error(Date.now() - started, l.slice(0, 160));});
  createInterface({ input: cli.stderr }).on('line', (l) => out.push(l));
  const exited = new Promise<number | null>((r) => cli.once('exit', (code) => r(code)));
  t.after(() => cli.kill('SIGKILL'));
  const seen = (re: RegExp) => out.find((l) => re.test(l));
  const running = () => {
    if (cli.exitCode !== null) throw new Error(`cluster up exited ${cli.exitCode}:\n${out.join('\n')}`);
  };

  // Each node says who it is; the api node with its URL, which answers.
  const nodes = await until(
    async () => {
      running();
      const lines = out.filter((l) => /^vigie cluster: node \S+ \S+ \S+ pid \d+$/.test(l));
      return lines.length === 3 ? lines : undefined;
    },
    90_000,
    'three nodes started',
  );
  const url = /node api-1 api (http:\S+) pid/.exec(nodes.join('\n'))?.[1];
  assert.ok(url, nodes.join('\n'));
  assert.equal((await fetch(`${url}/console/settings.json`)).ok, true);
  assert.ok(nodes.some((l) => / rec-1 recorder - pid /.test(l)) && nodes.some((l) => / an-1 analytics - pid /.test(l)));

  // Registered in the lease bucket, and the camera leased to each role's node, recorded and analysed by it.
  const nc = await connect({ servers: `nats://127.0.0.1:${nats.port}` });
  const leases = await NatsKvLeaseStore.open({ nc, bucket: 'vigie-leases', leaseMs: 3000 });
  try {
    const names = async (role: 'recording' | 'analytics') => (await leases.nodes(role)).map((n) => n.name);
    assert.deepEqual(await names('recording'), ['rec-1']);
    assert.deepEqual(await names('analytics'), ['an-1']);
    await until(
      async () => (seen(/^\[an-1\] .*"camera":"SIM-01".*"analytics started"/) ? true : undefined),
      60_000,
      'analysis',
    );
    await until(
      async () => (files(join(dir, 'recordings', 'rec-1', 'SIM-01')).length ? true : undefined),
      60_000,
      'a segment',
    );
    const owner = async (role: 'recording' | 'analytics') =>
      (await leases.owners(role)).map((l) => [l.cameraId, l.node]);
    assert.deepEqual(await owner('recording'), [['SIM-01', 'rec-1']]);
    assert.deepEqual(await owner('analytics'), [['SIM-01', 'an-1']]);
  } finally {
    await leases.close();
    await nc.close();
  }
  t.diagnostic(`up, recorded and analysed ${Date.now() - started} ms after the command`);

  const pids = nodes.map((l) => Number(/pid (\d+)$/.exec(l)?.[1]));
  cli.kill('SIGINT');
  assert.equal(await exited, 0, out.slice(-20).join('\n'));
  assert.ok(seen(/^vigie cluster: stopped$/));
  for (const pid of pids) assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, `node pid ${pid} still running`);
  // Each node gave its name back as it stopped (SIGTERM), rather than leaving it to lapse.
  assert.ok(out.filter((l) => /"msg":"shutting down"/.test(l)).length === 3, 'three nodes shut down');
});
