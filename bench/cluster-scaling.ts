// Scaling out the analytics (issue 23): 1, 2, 3 analytics nodes (`vigie serve --role analytics` steps, one worker
// each), each pinned to its own core with taskset (its ffmpeg decoders inherit the pin), over PostgreSQL and NATS,
// cameras from the simulator on the busy PETS09 sub stream at the capacity bench's "fast 1/3" point. Every node is
// given more cameras than one core keeps at 5 fps, so what it analyses per second is its capacity; the figure is that
// throughput for N nodes against N times one node's, measured in the same run.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { SYSTEM } from '../src/core/users/principal.js';
import { CameraSimulator } from '../src/media/simulator/simulator.js';
import { TEST_MODEL_CACHE } from '../test/analytics/helpers/models.js';
import { PETS09_VIDEO } from '../test/analytics/helpers/pets09.js';
import { until } from '../test/support/cluster.js';
import { addSimulatedCameras } from '../test/support/sim-cameras.js';
import { type BenchCluster, startBenchCluster } from './cluster-place.js';
import type { ScalingRow } from './cluster-table.js';
import { fmt } from './lib.js';
import { FAST3, specOf, subStream } from './pipeline.js';
import { cpuSeconds } from './proc-cpu.js';

const MODEL_CACHE = process.env.VIGIE_MODEL_CACHE ?? TEST_MODEL_CACHE;
/** The capacity bench's "fast 1/3" point, as PUT /api/cameras/:id/analytics stores it. */
const SPEC = { ...specOf(FAST3), fps: 5, width: 416, enabled: true };

export interface ScalingOptions {
  camerasPerNode: number;
  warmupS: number;
  measureS: number;
}

/** Node i's pid and its ffmpeg children: the cores it used over the window come from /proc. */
function nodeCpu(c: BenchCluster): () => number {
  const pids = () => c.nodes.flatMap((n) => [n.proc.pid!, ...childPids(n.proc.pid!)]);
  const before = new Map(pids().map((p) => [p, cpuSeconds(p)]));
  return () => pids().reduce((s, p) => s + Math.max(0, cpuSeconds(p) - (before.get(p) ?? 0)), 0);
}

function childPids(ppid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === ppid) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** One trial: `nodes` pinned analytics nodes, camerasPerNode cameras each. */
export async function scalingTrial(nodes: number, o: ScalingOptions): Promise<ScalingRow> {
  const busy = subStream(PETS09_VIDEO, 'pets09-sub.mp4');
  const ids = Array.from({ length: nodes * o.camerasPerNode }, (_, i) => `SC-${i}`);
  // The main stream as small as the sub: nobody reads it here, and the simulator feeds it all the same.
  const size = { width: 640, height: 480 };
  const sim = new CameraSimulator({ port: 0, fps: 5, main: size, sub: size });
  await sim.start(ids.map((id) => ({ id, source: busy })));
  const analytics = [`analytics: { enabled: true, workers: 1, modelCacheDir: '${MODEL_CACHE}' }`];
  const cores = Array.from({ length: nodes }, (_, i) => i);
  const c = await startBenchCluster(cores, analytics).catch(async (e) => {
    await sim.stop();
    throw e;
  });
  try {
    await addSimulatedCameras(c.api.services.fleet, sim, ids, 'scaling');
    for (const id of ids) await c.api.services.analytics.put(SYSTEM, id, SPEC);
    // Spread evenly, every camera running and receiving frames, on the node that holds it.
    await until(
      async () => {
        c.alive();
        const ok = c.nodes.every((n) => n.health?.receiving === o.camerasPerNode);
        return ok ? true : undefined;
      },
      180_000,
      `${o.camerasPerNode} cameras receiving frames on each of ${nodes} nodes`,
    ).catch((e: Error) => {
      throw new Error(`${e.message} (receiving: ${c.nodes.map((n) => n.health?.receiving ?? 0).join(', ')})`);
    });
    // Each camera's pipeline loads in the worker after its first frame: wait until every camera had one analysed (or a
    // minute: a node that never gets there is overloaded, and the row will say so).
    await until(
      async () => (c.nodes.every((n) => n.health?.analysing === o.camerasPerNode) ? true : undefined),
      60_000,
      'every camera analysed once',
    ).catch(() => undefined);
    await new Promise((r) => setTimeout(r, o.warmupS * 1000));
    const a = c.nodes.map((n) => ({ ...n.health! }));
    const cpu = nodeCpu(c);
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, o.measureS * 1000));
    const used = cpu() / ((performance.now() - t0) / 1000);
    c.alive();
    const b = c.nodes.map((n) => ({ ...n.health! }));
    // Each node's own window between its two health lines (they are up to a second old when read).
    const span = (i: number) => (b[i]!.at - a[i]!.at) / 1000;
    for (const n of c.nodes)
      if (n.health!.cameras !== o.camerasPerNode) throw new Error(`${n.name}: cameras moved during the measure`);
    const perNode = b.map((x, i) => (x.analysed - a[i]!.analysed) / span(i));
    const fps = perNode.reduce((t, x) => t + x, 0);
    const received = b.reduce((t, x, i) => t + (x.received - a[i]!.received) / span(i), 0);
    const row = { nodes, cameras: ids.length, perNode, fps, share: fps / (ids.length * 5), cores: used };
    process.stderr.write(
      `bench cluster: ${nodes} node(s), ${ids.length} cameras: ${fmt(fps, 1)} frames/s analysed ` +
        `(${perNode.map((x) => fmt(x, 1)).join(' + ')}), ${fmt(received, 1)} received, ${fmt(row.cores, 2)} cores\n`,
    );
    return row;
  } finally {
    await c.close();
    await sim.stop();
  }
}

/**
 * On a machine of 4 cores or more, pins this process (the api node, and the simulator and nats-server it starts
 * later) to the cores from 3 up, so that cores 0-2 carry only the analytics nodes and their decoders (PostgreSQL, a
 * system service, is left alone). Returns what undoes it, and the sentence for the report.
 */
export function pinHarness(): { undo(): void; note: string } {
  const cores = availableParallelism();
  if (cores < 4) return { undo: () => undefined, note: '' };
  const pin = (list: string) => spawnSync('taskset', ['-a', '-p', '-c', list, String(process.pid)]).status === 0;
  if (!pin(`3-${cores - 1}`)) return { undo: () => undefined, note: 'The harness could not be pinned (taskset -p).' };
  return {
    undo: () => void pin(`0-${cores - 1}`),
    note: `The api node, the simulator and NATS run on cores 3-${cores - 1}, apart from the analytics nodes.`,
  };
}
