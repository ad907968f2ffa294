// One cluster node for the scaling bench, run as a child process: the same steps as `vigie serve --role <role>`
// (src/cli/serve-command.ts: loadConfig with the role, checkNodeCanStart, createCentre, start). An analytics node
// serves no HTTP, so the only thing added is a once-a-second line on stdout with the analytics health counters of the
// cameras this node runs (what GET /api/analytics/health would say on an embedded centre).
// Run: node --import tsx bench/cluster-node.ts <config.yaml> <role>
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
  received: number;
  analysed: number;
  dropped: number;
}

const [file, role] = process.argv.slice(2);
if (file && role) {
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
  const report = () => {
    const all = centre.services.analyticsStatus.all();
    const running = all.filter((h) => h.state === 'running');
    const h: NodeHealth = {
      at: Date.now(),
      cameras: all.length,
      running: running.length,
      receiving: running.filter((x) => x.received > 0).length,
      received: all.reduce((t, x) => t + x.received, 0),
      analysed: all.reduce((t, x) => t + x.analysed, 0),
      dropped: all.reduce((t, x) => t + x.dropped, 0),
    };
    process.stdout.write(`${HEALTH_PREFIX}${JSON.stringify(h)}\n`);
  };
  report(); // at once: the harness waits for this first line to know the node joined
  setInterval(report, 1000).unref();
}
