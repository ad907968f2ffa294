import { join, resolve } from 'node:path';
import type { Role } from '../../config/cluster-schema.js';

export interface LocalClusterOptions {
  api: number;
  recorders: number;
  analytics: number;
  cameras: number;
  database: string;
  nats: string;
  dir: string;
  /** The first api node's HTTP port, the next ones follow; 0: each takes a free port. */
  port: number;
  simPort: number;
  leaseSeconds?: number;
  logLevel: 'info' | 'debug' | 'trace';
}

export interface PlannedNode {
  name: string;
  role: Exclude<Role, 'all'>;
  /** The node's whole config: the user's (role and cluster keys replaced) plus the cluster's. */
  config: Record<string, unknown>;
}

/** A count option: a whole number 0-32 (a local cluster is for a developer's machine). */
export function count(flag: string, v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 32) throw new Error(`${flag} must be a whole number from 0 to 32, got "${v}"`);
  return n;
}

/**
 * The nodes of a local cluster and their configs: one shared data dir (one master key, as every node of a centre
 * shares), one recordings folder per recorder (the storage each recorder owns), api ports one after the other.
 */
export function planNodes(o: LocalClusterOptions, base: Record<string, unknown>): PlannedNode[] {
  const dir = resolve(o.dir);
  const { role: _r, cluster: _c, ...user } = base;
  const roles = [
    ['api', 'api', o.api],
    ['rec', 'recorder', o.recorders],
    ['an', 'analytics', o.analytics],
  ] as const;
  return roles.flatMap(([prefix, role, n]) =>
    Array.from({ length: n }, (_, i) => {
      const name = `${prefix}-${i + 1}`;
      const config: Record<string, unknown> = {
        ...user,
        dataDir: join(dir, 'data'),
        database: { ...(user.database as object), url: o.database },
        cluster: {
          nodeName: name,
          nats: { servers: [o.nats] },
          ...(o.leaseSeconds && { leases: { leaseSeconds: o.leaseSeconds } }),
        },
        log: { level: o.logLevel },
      };
      if (role === 'api') config.http = { ...(user.http as object), port: o.port ? o.port + i : 0 };
      if (role === 'recorder')
        config.recordings = { ...(user.recordings as object), dir: join(dir, 'recordings', name) };
      return { name, role, config };
    }),
  );
}

/** `vigie cluster up`'s options as commander gives them (strings). */
export type RawUpOptions = Record<Exclude<keyof LocalClusterOptions, 'leaseSeconds'>, string> & {
  leaseSeconds?: string;
};

/** The command's options, checked: each bad one is a one-line error naming the flag. */
export function upOptions(raw: RawUpOptions): LocalClusterOptions {
  const port = (flag: string, v: string) => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n > 65535) throw new Error(`${flag} must be a port number (0-65535), got "${v}"`);
    return n;
  };
  const o: LocalClusterOptions = {
    api: count('--api', raw.api),
    recorders: count('--recorders', raw.recorders),
    analytics: count('--analytics', raw.analytics),
    cameras: count('--cameras', raw.cameras),
    database: raw.database,
    nats: raw.nats,
    dir: raw.dir,
    port: port('--port', raw.port),
    simPort: port('--sim-port', raw.simPort),
    logLevel: raw.logLevel as LocalClusterOptions['logLevel'],
  };
  if (raw.leaseSeconds !== undefined) {
    const s = Number(raw.leaseSeconds);
    if (!(s >= 1 && s <= 300)) throw new Error(`--lease-seconds must be from 1 to 300, got "${raw.leaseSeconds}"`);
    o.leaseSeconds = s;
  }
  if (o.api + o.recorders + o.analytics === 0) throw new Error('a cluster needs at least one node');
  if (!/^postgres(ql)?:\/\//.test(o.database))
    throw new Error(`--database must be a postgres:// URL, got "${o.database}"`);
  return o;
}
