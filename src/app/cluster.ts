import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { MemoryBus } from '../adapters/bus/memory.js';
import type { Role } from '../config/cluster-schema.js';
import type { Config } from '../config/schema.js';
import type { Bus } from '../core/ports/bus.js';

/** The parts of the centre a process may run; `all` runs every one (the embedded centre). */
export type Part = 'api' | 'recorder' | 'analytics';

export const runs = (role: Role, part: Part): boolean => role === 'all' || role === part;

/** A start-up refusal: the CLI prints its message as one line and exits non-zero, before anything started. */
export class StartRefused extends Error {}

/**
 * The in-process bus: the embedded centre's, and that of one-shot commands (users, audit…), which never join the
 * cluster. A `vigie serve` node with `cluster` uses its ClusterNode's NATS bus instead (cluster-node.ts).
 */
export function busFor(logger?: Logger): Bus {
  return logger
    ? new MemoryBus((err, topic) => logger.error({ err, topic }, 'a bus subscriber failed'))
    : new MemoryBus();
}

/**
 * Checks that refuse a node's start, each with one clear reason, before it starts anything. NATS is not probed here:
 * the node's own connection, the first thing createCentre opens (openClusterNode), refuses a wrong URL or credentials.
 */
export function checkNodeCanStart(cfg: Config): void {
  // Only a dedicated recorder: the embedded centre keeps today's behaviour (it makes the folder as it records).
  if (cfg.role === 'recorder') {
    const dir = cfg.recordings.dir ?? join(cfg.dataDir, 'recordings');
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      // A real write, not access(): root passes access() on a read-only mount or a full share.
      const probe = join(dir, `.vigie-write-check-${process.pid}`);
      writeFileSync(probe, '');
      rmSync(probe);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      throw new StartRefused(`recordings path ${dir} is not writable by this node: ${code}`);
    }
  }
}
