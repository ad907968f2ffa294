// `vigie cluster up` for real, then a PostgreSQL restart under it (issue 23, parts 6 and "what it must show"):
// the CLI creates its database on a private PostgreSQL 15, starts an api, a recorder and an analytics node as child
// processes on a private NATS, with one simulated camera. The nodes register; the camera is leased, recorded and
// analysed. Then PostgreSQL is stopped and started again (a private one: the machine's is shared): no node exits,
// the api answers 503 while it is down and serves again after, each node says at most once that the database went
// and once that it is back. SIGINT then stops every child.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import pino from 'pino';
import { NatsKvLeaseStore } from '../../src/adapters/leases/nats-kv.js';
import { StartRefused } from '../../src/app/cluster.js';
import { openClusterNode } from '../../src/app/cluster-node.js';
import { parseConfig } from '../../src/config/load.js';
import { TEST_MODEL_CACHE } from '../analytics/helpers/models.js';
import { until } from '../support/cluster.js';
import { natsMissing, startNats } from '../support/nats.js';
import { PrivatePostgres, privatePostgresMissing } from '../support/private-postgres.js';

const segments = (dir: string): string[] => {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.mp4'))
      .map((e) => e.name);
  } catch {
    return [];
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('cluster up (api, recorder, analytics, a camera), PostgreSQL restarted under it, SIGINT', {
  timeout: 150_000,
}, async (t) => {
  const skip = natsMissing() ?? privatePostgresMissing();
  if (skip) return t.skip(skip);
  const db = new PrivatePostgres();
  // One cleanup, last in first out: the cluster before the NATS and the database it runs on (a hook that waited on
  // a server still in use would hang, and a SIGKILLed `cluster up` would leave its nodes running).
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  t.after(async () => {
    for (const step of cleanup.reverse()) await Promise.resolve(step()).catch(() => undefined);
  });
  cleanup.push(() => db.dispose());
  await db.init();
  const nats = await startNats();
  cleanup.push(() => nats.stop());
  const base = join(db.dir, 'base.yaml');
  writeFileSync(
    base,
    `live: { privacy: 'off' }\nanalytics: { workers: 1, modelCacheDir: '${TEST_MODEL_CACHE}' }\nrecordings: { segmentSeconds: 2 }\n`,
  );
  const dir = join(db.dir, 'cluster');
  const database = db.url.replace(/\/postgres$/, '/vigie_up');
  const args = ['--import', 'tsx', 'src/cli/main.ts', '-c', base, 'cluster', 'up', '--cameras', '1'];
  args.push('--database', database, '--nats', `nats://127.0.0.1:${nats.port}`, '--dir', dir);
  args.push('--port', '0', '--sim-port', '0', '--lease-seconds', '3');
  const started = Date.now();
  // Its own process group, which its nodes, simulator and ffmpeg share: the cleanup can end all of them at once.
  const cli = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const out: string[] = [];
  createInterface({ input: cli.stdout }).on('line', (l) => out.push(l));
  createInterface({ input: cli.stderr }).on('line', (l) => out.push(l));
  const exited = new Promise<number | null>((r) => cli.once('exit', (code) => r(code)));
  cleanup.push(async () => {
    if (process.env.VIGIE_TEST_DUMP) writeFileSync(process.env.VIGIE_TEST_DUMP, out.join('\n'));
    if (cli.exitCode === null && cli.signalCode === null) {
      cli.kill('SIGINT'); // as Ctrl-C: the nodes stop cleanly
      await Promise.race([exited, sleep(20_000)]);
    }
    try {
      if (cli.pid) process.kill(-cli.pid, 'SIGKILL'); // whatever of the group is left
    } catch {}
  });
  const seen = (re: RegExp) => out.find((l) => re.test(l));
  const tail = () => out.slice(-20).join('\n');
  const running = () => {
    if (cli.exitCode !== null) throw new Error(`cluster up exited ${cli.exitCode}:\n${tail()}`);
    const gone = seen(/^vigie cluster: node \S+ .*exited/);
    if (gone) throw new Error(`${gone}\n${tail()}`);
  };

  // Each node says who it is; the api node with its URL.
  const nodes = await until(
    async () => {
      running();
      const lines = out.filter((l) => /^vigie cluster: node \S+ \S+ \S+ pid \d+$/.test(l));
      return lines.length === 3 ? lines : undefined;
    },
    90_000,
    'three nodes started',
  );
  assert.ok(seen(/^vigie cluster: database created: /), 'the database was created');
  const url = /node api-1 api (http:\S+) pid/.exec(nodes.join('\n'))?.[1];
  assert.ok(url, nodes.join('\n'));
  assert.ok(nodes.some((l) => / rec-1 recorder - pid /.test(l)) && nodes.some((l) => / an-1 analytics - pid /.test(l)));

  // Registered in the lease bucket; the camera leased to each role's node, recorded and analysed by it.
  const nc = await connect({ servers: `nats://127.0.0.1:${nats.port}` });
  const leases = await NatsKvLeaseStore.open({ nc, bucket: 'vigie-leases', leaseMs: 3000 });
  cleanup.push(async () => {
    await leases.close();
    await nc.close();
  });
  const recordings = join(dir, 'recordings', 'rec-1', 'SIM-01');
  const names = async (role: 'recording' | 'analytics') => (await leases.nodes(role)).map((n) => [n.name, n.pid]);
  const pidOf = (name: string) => Number(new RegExp(` ${name} \\S+ \\S+ pid (\\d+)$`, 'm').exec(nodes.join('\n'))?.[1]);
  // Polled: on an overloaded machine a presence renewal may come late and the key lapse for a moment.
  const registered = async (role: 'recording' | 'analytics', node: string) =>
    until(
      async () => (JSON.stringify(await names(role)) === JSON.stringify([[node, pidOf(node)]]) ? true : undefined),
      15_000,
      `${node} registered with its pid`,
    );
  await registered('recording', 'rec-1');
  await registered('analytics', 'an-1');
  const analysed = /^\[an-1\] .*"camera":"SIM-01".*"analytics started"/;
  await until(async () => (seen(analysed) ? true : undefined), 60_000, 'analysis');
  await until(async () => (segments(recordings).length ? true : undefined), 60_000, 'a segment');
  const owner = async (role: 'recording' | 'analytics') => (await leases.owners(role)).map((l) => [l.cameraId, l.node]);
  assert.deepEqual(await owner('recording'), [['SIM-01', 'rec-1']]);
  assert.deepEqual(await owner('analytics'), [['SIM-01', 'an-1']]);

  // Bad input: a second node named an-1 (through the wiring `vigie serve` uses) is refused with one line, and leaves
  // the running an-1 alone: its name, its pid, its camera (checked again after the outage below, leases later).
  const twin = parseConfig({
    role: 'analytics',
    database: { url: database },
    cluster: { nodeName: 'an-1', nats: { servers: [`nats://127.0.0.1:${nats.port}`] }, leases: { leaseSeconds: 3 } },
  });
  await assert.rejects(openClusterNode(twin, pino({ level: 'silent' })), (e: Error) => {
    assert.ok(e instanceof StartRefused);
    assert.match(e.message, new RegExp(`^node name an-1 is already in use by a running node \\(pid ${pidOf('an-1')} `));
    return !e.message.includes('\n');
  });
  assert.deepEqual(await names('analytics'), [['an-1', pidOf('an-1')]]);
  t.diagnostic(`up, recording and analysing ${Date.now() - started} ms after the command`);

  // A login with an unknown user reads the database: 401 when it is there, 503 while it is not.
  const login = async () => {
    running();
    const r = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nobody', password: 'not-a-password-1' }),
    });
    return { status: r.status, body: (await r.json()) as { message?: string } };
  };
  assert.equal((await login()).status, 401);
  await db.stop();
  const stoppedAt = Date.now();
  const down = await login();
  assert.equal(down.status, 503, JSON.stringify(down.body));
  assert.match(down.body.message ?? '', /database is unavailable/);
  // Longer than a segment (2 s): at least one closes while the database is down.
  await sleep(2500);
  assert.equal((await login()).status, 503);
  await db.start();
  await until(async () => ((await login()).status === 401 ? true : undefined), 20_000, 'the api served again');
  const said = (node: string, what: RegExp) =>
    out.filter((l) => l.startsWith(`[${node}] `) && /PostgreSQL at /.test(l) && what.test(l));
  // Every node that saw the outage says once that the database is back (its own retry, up to 5 s apart).
  const nodeNames = ['api-1', 'rec-1', 'an-1'];
  const settled = () => nodeNames.every((n) => said(n, / is back after /).length === said(n, / lost \(/).length);
  await until(async () => (settled() ? true : undefined), 20_000, 'the "back" lines');
  t.diagnostic(`api served again ${Date.now() - stoppedAt} ms after PostgreSQL stopped (down ~3 s)`);
  for (const n of nodeNames) {
    const lines = said(n, /./);
    assert.ok(said(n, / lost \(/).length <= 1 && said(n, / is back after /).length <= 1, `${n}: ${lines.join('\n')}`);
  }
  assert.equal(said('api-1', / lost \(/).length, 1);
  // The recorder goes on recording the camera after the outage, and its segments reach the index again; those that
  // closed while the database was down too: no finished file is left unindexed in the folder being written.
  const index = new pg.Client({ connectionString: database });
  await index.connect();
  const paths = async () => new Set((await index.query('select path from segments')).rows.map((r) => r.path as string));
  const cam = join(dir, 'recordings', 'rec-1');
  const onDisk = () => {
    const all = readdirSync(cam, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    const rel = (e: (typeof all)[number]) => relative(cam, join(e.parentPath, e.name));
    return {
      placed: all.filter((e) => !e.parentPath.includes('.incoming')).map(rel),
      incoming: all.filter((e) => e.parentPath.includes('.incoming')).map(rel),
    };
  };
  try {
    const before = (await paths()).size;
    let last = '';
    await until(
      async () => {
        running();
        const indexed = await paths();
        const disk = onDisk();
        last = JSON.stringify({ indexed: [...indexed], ...disk });
        const complete = disk.placed.every((p) => indexed.has(p)) && disk.incoming.length <= 1;
        return indexed.size > before + 1 && complete ? true : undefined;
      },
      20_000,
      'segments indexed after the outage, none left behind',
    ).catch((e: Error) => Promise.reject(new Error(`${e.message}: ${last}`)));
  } finally {
    await index.end();
  }
  // Several lease periods after the refused twin and the outage: the same nodes hold the same camera.
  await registered('analytics', 'an-1');
  assert.deepEqual(await owner('recording'), [['SIM-01', 'rec-1']]);
  assert.deepEqual(await owner('analytics'), [['SIM-01', 'an-1']]);
  const pids = nodes.map((l) => Number(/pid (\d+)$/.exec(l)?.[1]));
  cli.kill('SIGINT');
  assert.equal(await exited, 0, tail());
  assert.ok(seen(/^vigie cluster: stopped$/));
  for (const pid of pids) assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, `node ${pid} still running`);
  assert.equal(out.filter((l) => /"msg":"shutting down"/.test(l)).length, 3, 'three nodes shut down');
});
