// LIVE, several processes: one centre on NATS + a fresh PostgreSQL, an api node (in this process, for seeding) and two
// analytics nodes as `vigie serve --role analytics` children, four simulated cameras with analytics. The cameras split
// between the two; SIGKILL one and the other analyses its cameras within the lease time and a tick.
// Solo (run alone before the rest, scripts/test.mjs): the takeover time it measures is a latency the issue bounds.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { NatsKvLeaseStore } from '../../src/adapters/leases/nats-kv.js';
import { type Centre, createCentre } from '../../src/app/centre.js';
import { loadConfig } from '../../src/config/load.js';
import { SYSTEM } from '../../src/core/users/principal.js';
import { CameraSimulator } from '../../src/media/simulator/simulator.js';
import { TEST_MODEL_CACHE } from '../analytics/helpers/models.js';
import { algoAuth, CHEAP_FIRE_SPEC, videoAuth } from '../legal/expiry-fixture.js';
import { clusterPlace, nodeConfig, until } from '../support/cluster.js';
import { natsMissing, type PrivateNats, startNats } from '../support/nats.js';
import { addSimulatedCameras } from '../support/sim-cameras.js';

const CAMS = ['K-1', 'K-2', 'K-3', 'K-4'];
const LEASE_MS = 3000; // nodeConfig's leaseSeconds
const skip = natsMissing() ?? undefined;
const simDir = mkdtempSync(join(tmpdir(), 'vigie-cluster-sim-'));
const sim = new CameraSimulator({ port: 0, cacheDir: simDir, sub: { width: 320, height: 240 } });
let nats: PrivateNats;
let place: Exclude<Awaited<ReturnType<typeof clusterPlace>>, string> | undefined;
let api: Centre | undefined;
let nc: NatsConnection | undefined;
let leases: NatsKvLeaseStore;
const nodes = new Map<string, { proc: ChildProcess; started: Map<string, number> }>();

/** One analytics node: `vigie serve --role analytics`; its "analytics started" log lines say what it analyses. */
function analyticsNode(name: string) {
  const p = place!;
  const extra = [
    `analytics: { enabled: true, workers: 1, modelCacheDir: '${TEST_MODEL_CACHE}' }`,
    'log: { level: info }',
  ];
  const file = nodeConfig(p, name, `nats://127.0.0.1:${nats.port}`, extra);
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', '-c', file, 'serve', '--role', 'analytics'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const started = new Map<string, number>();
  let buf = '';
  proc.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    for (const l of lines) {
      const m = /"camera":"([^"]+)".*"msg":"analytics started"/.exec(l);
      if (m?.[1]) started.set(m[1], Date.now());
    }
  });
  nodes.set(name, { proc, started });
}

before(
  async () => {
    if (skip) return;
    const p = await clusterPlace();
    if (typeof p === 'string') return;
    place = p;
    nats = await startNats();
    await sim.start(CAMS.map((id) => ({ id })));
    const file = nodeConfig(p, 'api-1', `nats://127.0.0.1:${nats.port}`, ['analytics: { enabled: false }']);
    api = await createCentre(loadConfig(file, {}, { role: 'api' }), { logger: pino({ level: 'silent' }) });
    await api.start();
    const s = api.services;
    await addSimulatedCameras(s.fleet, sim, CAMS);
    await s.legal.create(SYSTEM, videoAuth(['gare']));
    await s.legal.create(SYSTEM, algoAuth('AP-CLUSTER', ['gare'], '2027-12-31', ['fire']));
    for (const id of CAMS) await s.analytics.put(SYSTEM, id, CHEAP_FIRE_SPEC);
    nc = await connect({ servers: `nats://127.0.0.1:${nats.port}` });
    leases = await NatsKvLeaseStore.open({ nc, bucket: 'vigie-leases', leaseMs: LEASE_MS });
    analyticsNode('an-1');
    analyticsNode('an-2');
  },
  { timeout: 120_000 },
);
after(async () => {
  const running = [...nodes.values()].filter(({ proc }) => proc.exitCode === null && proc.signalCode === null);
  const exited = running.map(({ proc }) => new Promise((r) => proc.once('exit', r)));
  for (const { proc } of running) proc.kill('SIGTERM');
  await Promise.all(exited);
  await leases?.close();
  await nc?.close();
  await api?.close();
  await sim.stop();
  await nats?.stop();
  await place?.dispose();
  rmSync(simDir, { recursive: true, force: true });
});

/** A node that exited (bad config, crash) fails the test at once rather than at a timeout. */
const alive = () => {
  for (const [name, { proc }] of nodes)
    if (proc.exitCode !== null && !proc.killed) throw new Error(`${name} exited with ${proc.exitCode}`);
};
const ownersNow = async () => new Map((await leases.owners('analytics')).map((l) => [l.cameraId, l.node]));

test('two analytics nodes split the cameras; one SIGKILLed, the other analyses its cameras', {
  timeout: 180_000,
}, async (t) => {
  if (!place) return t.skip(skip ?? 'PostgreSQL unavailable');
  const split = await until(
    async () => {
      alive();
      const o = await ownersNow();
      const per = (n: string) => CAMS.filter((id) => o.get(id) === n).length;
      return o.size === 4 && per('an-1') === 2 && per('an-2') === 2 ? o : undefined;
    },
    90_000,
    'four cameras leased, two per analytics node',
  );
  // Each node analyses exactly the cameras it holds (its own "analytics started" lines).
  for (const [name, n] of nodes) {
    const mine = CAMS.filter((id) => split.get(id) === name);
    await until(async () => (mine.every((id) => n.started.has(id)) ? true : undefined), 60_000, `${name} analysing`);
    assert.deepEqual([...n.started.keys()].sort(), mine, `${name} analyses its cameras only`);
  }
  const victim = nodes.get('an-1')!;
  const survivor = nodes.get('an-2')!;
  const moved = CAMS.filter((id) => split.get(id) === 'an-1');
  const killedAt = Date.now();
  victim.proc.kill('SIGKILL');
  await until(async () => (moved.every((id) => survivor.started.has(id)) ? true : undefined), 30_000, 'the takeover');
  const leased = await ownersNow();
  for (const id of CAMS) assert.equal(leased.get(id), 'an-2', `${id} now leased by an-2`);
  const took = Math.max(...moved.map((id) => (survivor.started.get(id) ?? 0) - killedAt));
  t.diagnostic(`takeover: ${took} ms after SIGKILL (lease ${LEASE_MS} ms, tick ${LEASE_MS / 3} ms)`);
  // Lease + a tick, plus starting the camera's decoder and worker pipeline on a loaded machine.
  assert.ok(took < LEASE_MS + LEASE_MS / 3 + 10_000, `took ${took} ms`);
});
