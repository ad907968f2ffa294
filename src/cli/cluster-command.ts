import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import pino from 'pino';
import { parse as parseYaml } from 'yaml';
import { connectBus } from '../adapters/bus/nats-connect.js';
import { createCentre } from '../app/centre.js';
import { ensureDatabase } from '../app/local-cluster/database.js';
import { type LocalNode, startNode, stopNodes } from '../app/local-cluster/nodes.js';
import { planNodes, type RawUpOptions, upOptions } from '../app/local-cluster/plan.js';
import { seedSimulatedCameras, simCameraId } from '../app/local-cluster/seed.js';
import { parseConfig } from '../config/load.js';
import { CameraSimulator } from '../media/simulator/simulator.js';

const say = (line: string) => process.stdout.write(`vigie cluster: ${line}\n`);

export function registerClusterCommand(program: Command) {
  const cluster = program.command('cluster').description('run a cluster of nodes on this machine (development, tests)');
  cluster
    .command('up')
    .description(
      'start api, recorder and analytics nodes as child processes on one PostgreSQL and NATS; Ctrl-C stops them',
    )
    .option('--api <n>', 'api nodes (HTTP API and console)', '1')
    .option('--recorders <n>', 'recorder nodes', '1')
    .option('--analytics <n>', 'analytics nodes', '1')
    .option('--cameras <k>', 'simulated cameras registered in the fleet (with illustrative analytics)', '0')
    .option(
      '--database <url>',
      'PostgreSQL database, created if absent',
      'postgres://postgres@127.0.0.1:5432/vigie_cluster',
    )
    .option('--nats <url>', 'NATS server with JetStream', 'nats://127.0.0.1:4222')
    .option(
      '--dir <dir>',
      "the cluster's folder: node configs, shared data dir, each recorder's recordings",
      'vigie-cluster',
    )
    .option('--port <port>', "the first api node's HTTP port, the next ones follow (0: free ports)", '8080')
    .option('--sim-port <port>', "the camera simulator's RTSP port (0: a free one)", '8554')
    .option('--lease-seconds <s>', 'cluster.leases.leaseSeconds of every node (default: the config default, 15)')
    .addOption(
      new Option('--log-level <level>', "the nodes' log level").choices(['info', 'debug', 'trace']).default('info'),
    )
    .action(async (raw: RawUpOptions) => {
      const o = upOptions(raw);
      process.umask(0o077);
      const base = baseConfig(program.opts().config);
      const dir = resolve(o.dir);
      mkdirSync(dir, { recursive: true });
      say(`database ${await ensureDatabase(o.database)}: ${redact(o.database)}`);
      // One clear line here rather than one refusal per node.
      await (await connectBus(o.nats, { name: 'vigie-cluster-up', timeoutMs: 3000 })).close();
      let sim: CameraSimulator | undefined;
      if (o.cameras > 0) {
        sim = new CameraSimulator({
          port: o.simPort,
          sub: { width: 320, height: 240 },
        });
        say(`starting the camera simulator (${o.cameras} cameras; the first run prepares clips)`);
        await sim.start(Array.from({ length: o.cameras }, (_, i) => ({ id: simCameraId(i) })));
        const ids = await seed(base, dir, o.database, sim, o.cameras);
        say(`cameras ${ids.join(', ')} on rtsp://127.0.0.1:${sim.port}`);
      }
      const nodes: LocalNode[] = planNodes(o, base).map((p) => {
        const file = join(dir, `${p.name}.yaml`);
        writeFileSync(file, `${JSON.stringify(p.config, null, 2)}\n`, { mode: 0o600 });
        return startNode(p.name, p.role, file, (line) => process.stdout.write(`${line}\n`));
      });
      let stopping = false;
      const stop = async (why: string, code: number) => {
        if (stopping) return;
        stopping = true;
        say(`${why}: stopping ${nodes.length} nodes`);
        await stopNodes(nodes);
        await sim?.stop();
        say('stopped');
        process.exit(code);
      };
      process.on('SIGINT', () => void stop('SIGINT', 0));
      process.on('SIGTERM', () => void stop('SIGTERM', 0));
      for (const n of nodes) {
        n.proc.once('exit', (code, signal) => {
          if (stopping) return;
          say(`node ${n.name} (${n.role}) exited (${signal ?? code}); the others go on`);
          if (nodes.every((m) => m.proc.exitCode !== null || m.proc.signalCode !== null))
            void stop('every node exited', 1);
        });
        n.ready.then(
          (url) => say(`node ${n.name} ${n.role} ${url || '-'} pid ${n.proc.pid}`),
          () => {},
        );
      }
      await Promise.allSettled(nodes.map((n) => n.ready));
      if (!stopping) say(`up: ${nodes.filter((n) => n.proc.exitCode === null).length} nodes; Ctrl-C stops them all`);
    });
}

/** The user's vigie.yaml (-c) as the nodes' base config: everything but the role and cluster keys is kept. */
function baseConfig(file?: string): Record<string, unknown> {
  if (!file) return {};
  if (!existsSync(file)) throw new Error(`config file not found: ${file}`);
  return (parseYaml(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
}

/** Registers the simulated cameras through a centre of its own on the database (no cluster, nothing started). */
async function seed(base: Record<string, unknown>, dir: string, url: string, sim: CameraSimulator, k: number) {
  const { role: _r, cluster: _c, ...user } = base;
  const cfg = parseConfig({ ...user, dataDir: join(dir, 'data'), database: { ...(user.database as object), url } });
  const centre = await createCentre(cfg, { logger: pino({ level: 'warn' }) });
  try {
    return await seedSimulatedCameras(centre.services, (id) => sim.urls(id), k);
  } finally {
    await centre.close();
  }
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
