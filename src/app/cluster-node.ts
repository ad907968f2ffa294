import { availableParallelism, hostname, loadavg } from 'node:os';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { NatsBus } from '../adapters/bus/nats.js';
import { natsAuth } from '../adapters/bus/nats-auth.js';
import { connectBus } from '../adapters/bus/nats-connect.js';
import { NatsKvLeaseStore } from '../adapters/leases/nats-kv.js';
import { busOptionsOf, nodeNameOf } from '../config/cluster-schema.js';
import type { Config } from '../config/schema.js';
import type { Bus } from '../core/ports/bus.js';
import { type LeaseRole, type LeaseStore, NodeNameInUseError, type NodeRegistration } from '../core/ports/leases.js';
import { StartRefused } from './cluster.js';

/** What one clustered process holds: its NATS connection, the bus on it, the lease store and its name's registration. */
export interface ClusterNode {
  name: string;
  bus: Bus;
  leases: LeaseStore;
  registration: NodeRegistration;
  /** The lease roles this node takes cameras for (a LeaseKeeper each). */
  roles: LeaseRole[];
  /** How the node's presence reports the cameras it holds (the centre sets it once its keepers run). */
  countCameras(count: () => number): void;
  close(): Promise<void>;
}

/** Which cameras a process of this role holds leases for: recorder → recording, analytics → analytics, all → both. */
export function leaseRolesOf(role: Config['role']): LeaseRole[] {
  if (role === 'all') return ['recording', 'analytics'];
  if (role === 'recorder') return ['recording'];
  if (role === 'analytics') return ['analytics'];
  return [];
}

/**
 * Joins the cluster: connects, opens the bus and the lease bucket, and registers the node's name. A name held by a
 * live node is a StartRefused (its one line names the holder), before anything else of the centre started.
 */
export async function openClusterNode(cfg: Config, logger: Logger): Promise<ClusterNode | undefined> {
  const c = cfg.cluster;
  if (!c) return undefined;
  const name = nodeNameOf(c, hostname());
  const nc = await connectBus(c.nats.servers, {
    name: `vigie-${cfg.role}-${name}`,
    timeoutMs: c.nats.connectTimeoutMs,
    ...natsAuth(c.nats),
  }).catch((e: Error) => Promise.reject(new StartRefused(e.message.replace(/^vigie: /, ''))));
  try {
    // maxAckPending 1: the alarm feed is the one work-once group; one event at a time in the whole cluster keeps an
    // event before its `.ended` even when two api nodes consume (the memory bus of the embedded centre is in order).
    const options = { ...busOptionsOf(c.stream), maxAckPending: 1 };
    const bus = await NatsBus.open(nc, options, (err, topic) =>
      logger.error({ err, topic }, 'a bus subscriber failed'),
    ).catch((e: Error) => {
      // A setting the server cannot honour (replicas on a single server…) is a refusal, named, not a stack trace.
      const what = `stream ${options.stream} (replicas ${options.replicas})`;
      throw new StartRefused(`NATS refused the bus ${what}: ${e.message}`);
    });
    const leases = await NatsKvLeaseStore.open({ nc, bucket: c.leases.bucket, leaseMs: c.leases.leaseSeconds * 1000 });
    const roles = leaseRolesOf(cfg.role);
    const registration = await leases
      .register({ name, roles, pid: process.pid, host: hostname(), startedAt: new Date().toISOString() }, load0)
      .catch(async (e) => {
        await leases.close();
        throw e instanceof NodeNameInUseError ? new StartRefused(e.message) : e;
      });
    // The name is kept alive from the start, keepers or not (an api node has none; they start with the roles, later).
    // Their heartbeats queue behind this one on the registration, so they never race on its revision.
    const held = { cameras: () => 0 };
    const beat = () => ({ cameras: held.cameras(), cpu: Math.min(1, (loadavg()[0] ?? 0) / availableParallelism()) });
    const presence = setInterval(
      () => void registration.heartbeat(beat()).catch((err) => logger.warn({ err }, 'node presence not renewed')),
      leases.leaseMs / 3,
    ).unref();
    return {
      name,
      bus,
      leases,
      registration,
      roles,
      countCameras: (count) => (held.cameras = count),
      async close() {
        clearInterval(presence);
        await registration.leave().catch((err) => logger.warn({ err }, 'could not give the node name back'));
        await leases.close();
        await drain(nc);
      },
    };
  } catch (e) {
    await drain(nc);
    throw e;
  }
}

const load0 = { cameras: 0, cpu: 0 };

async function drain(nc: NatsConnection) {
  if (!nc.isClosed()) await nc.drain().catch(() => nc.close());
}
