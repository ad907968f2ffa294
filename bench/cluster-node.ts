// One cluster node for the scaling bench, run as a child process: the same steps as `vigie serve --role <role>`
// (src/cli/serve-command.ts: loadConfig with the role, checkNodeCanStart, createCentre, start). An analytics node
// serves no HTTP, so the only thing added is a once-a-second line on stdout with the analytics health counters of the
// cameras this node runs (what GET /api/analytics/health would say on an embedded centre).
// Run: node --import tsx bench/cluster-node.ts <config.yaml> <role>
import { pathToFileURL } from 'node:url';
import { createCentre } from '../src/app/centre.js';
import { checkNodeCanStart } from '../src/app/cluster.js';
import { loadConfig } from '../src/config/load.js';

export const HEALTH_PREFIX = 'BENCH-HEALTH ';

export interface NodeHealth {
  /** When the node counted (its clock, ms): rates are taken between two of its lines, not the harness's reads. */
  at: number;
  cameras: number;
  running: number;
  /** Running cameras that have received at least one frame. */
  receiving: number;
  /** Running cameras that have had at least one frame analysed (their pipeline is loaded in the worker). */
  analysing: number;
  /** Totals since the node started, over every camera it ran. */
  received: number;
  analysed: number;
  dropped: number;
}

type Counters = Pick<NodeHealth, 'received' | 'analysed' | 'dropped'>;
const KEYS = ['received', 'analysed', 'dropped'] as const;

// Only when run as the node (the harness imports this file for its types and prefix, with its own arguments).
const main = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
const [file, role] = process.argv.slice(2);
if (main && file && role) {
  process.umask(0o077);
  const cfg = loadConfig(file, process.env, { role });
  await checkNodeCanStart(cfg);
  const centre = await createCentre(cfg);
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await centre.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  await centre.start();
  // Monotonic totals: a camera restarted (by its supervisor, or moved away and back) starts its counters at 0 again.
  const last = new Map<string, Counters>();
  const total: Counters = { received: 0, analysed: 0, dropped: 0 };
  const report = () => {
    const all = centre.services.analyticsStatus.all();
    for (const x of all) {
      const prev = last.get(x.cameraId) ?? { received: 0, analysed: 0, dropped: 0 };
      for (const k of KEYS) total[k] += x[k] >= prev[k] ? x[k] - prev[k] : x[k];
      last.set(x.cameraId, { received: x.received, analysed: x.analysed, dropped: x.dropped });
    }
    const running = all.filter((h) => h.state === 'running');
    const h: NodeHealth = {
      at: Date.now(),
      cameras: all.length,
      running: running.length,
      receiving: running.filter((x) => x.received > 0).length,
      analysing: running.filter((x) => x.analysed > 0).length,
      ...total,
    };
    process.stdout.write(`${HEALTH_PREFIX}${JSON.stringify(h)}\n`);
  };
  report(); // at once: the harness waits for this first line to know the node joined
  setInterval(report, 1000).unref();
}
