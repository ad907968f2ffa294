// A local cluster for the benches (issue 23): a fresh PostgreSQL database, a private nats-server, an api node in this
// process (seeding through its services; listening, for WebSocket consoles) and analytics nodes as child processes,
// each optionally pinned to one core with `taskset`. Nodes are started before any camera exists, so the assignment
// spreads the cameras over all of them at once (a node joining later only receives a few per period).
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { type Centre, createCentre } from '../src/app/centre.js';
import { loadConfig } from '../src/config/load.js';
import { clusterPlace, until } from '../test/support/cluster.js';
import { type PrivateNats, startNats } from '../test/support/nats.js';
import { HEALTH_PREFIX, type NodeHealth } from './cluster-node.js';

/** The lease time of the bench's nodes: the product's default, so that a busy node keeps its cameras. */
export const BENCH_LEASE_SECONDS = 15;

/** One node's config (test/support/cluster.ts's nodeConfig, with the default lease time rather than a test's 3 s). */
function nodeConfig(place: { url: string; dir: string }, node: string, nats: string, extra: string[]): string {
  const file = join(place.dir, `${node}.yaml`);
  const cluster = `{ nodeName: ${node}, nats: { servers: ['${nats}'] }, leases: { leaseSeconds: ${BENCH_LEASE_SECONDS} } }`;
  const lines = [`dataDir: ${join(place.dir, 'data')}`, `database: { url: '${place.url}' }`, `cluster: ${cluster}`];
  writeFileSync(file, [...lines, "live: { privacy: 'off' }", ...extra, ''].join('\n'));
  return file;
}

export interface BenchNode {
  name: string;
  proc: ChildProcess;
  /** The node's last health line (undefined until its first). */
  health?: NodeHealth;
  /** The last lines it wrote on stderr, for the error when it dies. */
  stderr: string[];
}

export interface BenchCluster {
  api: Centre;
  /** The api node's HTTP address. */
  base: string;
  nodes: BenchNode[];
  natsUrl: string;
  /** Throws when a node exited (a crash, a refusal): better than waiting for a timeout. */
  alive(): void;
  close(): Promise<void>;
}

/** The place, NATS, the api node and `cores.length` analytics nodes (node i pinned to cores[i], or unpinned: -1). */
export async function startBenchCluster(
  cores: number[],
  analytics: string[],
  apiExtra: string[] = [],
): Promise<BenchCluster> {
  const place = await clusterPlace();
  if (typeof place === 'string') throw new Error(`cluster bench needs PostgreSQL: ${place}`);
  const nats: PrivateNats = await startNats();
  const natsUrl = `nats://127.0.0.1:${nats.port}`;
  const nodes: BenchNode[] = [];
  let api: Centre | undefined;
  try {
    const apiFile = nodeConfig(place, 'api-1', natsUrl, [
      'analytics: { enabled: false }',
      'log: { level: silent }',
      ...apiExtra,
    ]);
    api = await createCentre(loadConfig(apiFile, {}, { role: 'api' }), { logger: pino({ level: 'silent' }) });
    const base = await api.server.listen({ host: '127.0.0.1', port: 0 });
    await api.start();
    cores.forEach((core, i) => {
      const file = nodeConfig(place, `an-${i + 1}`, natsUrl, [...analytics, 'log: { level: warn }']);
      const cmd = [process.execPath, '--import', 'tsx', 'bench/cluster-node.ts', file, 'analytics'];
      const [bin, ...args] = core >= 0 ? ['taskset', '-c', String(core), ...cmd] : cmd;
      const proc = spawn(bin!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const node: BenchNode = { name: `an-${i + 1}`, proc, stderr: [] };
      lines(proc.stdout!, (l) => {
        if (l.startsWith(HEALTH_PREFIX)) node.health = JSON.parse(l.slice(HEALTH_PREFIX.length));
      });
      lines(proc.stderr!, (l) => node.stderr.push(l) > 20 && node.stderr.shift());
      nodes.push(node);
    });
    const alive = () => {
      for (const n of nodes)
        if (n.proc.exitCode !== null)
          throw new Error(`${n.name} exited (${n.proc.exitCode}): ${n.stderr.slice(-5).join(' | ')}`);
    };
    // Every node registered in the cluster before the cameras come.
    await until(
      async () => {
        alive();
        return nodes.every((n) => n.health) ? true : undefined;
      },
      120_000,
      `${nodes.length} analytics nodes started`,
    );
    const centre = api;
    return {
      api: centre,
      base,
      nodes,
      natsUrl,
      alive,
      async close() {
        await stopNodes(nodes);
        await centre.close();
        await nats.stop();
        await place.dispose();
      },
    };
  } catch (e) {
    await stopNodes(nodes);
    await api?.close();
    await nats.stop();
    await place.dispose();
    throw e;
  }
}

async function stopNodes(nodes: BenchNode[]) {
  const running = nodes.filter((n) => n.proc.exitCode === null && n.proc.signalCode === null);
  const exited = running.map((n) => new Promise((r) => n.proc.once('exit', r)));
  for (const n of running) n.proc.kill('SIGTERM');
  await Promise.all(exited);
}

function lines(stream: NodeJS.ReadableStream, on: (line: string) => void) {
  let buf = '';
  stream.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    for (const l of parts) on(l);
  });
}
