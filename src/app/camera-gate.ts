import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { commitIfOwner } from '../core/cluster/fencing.js';
import { LeaseKeeper } from '../core/cluster/lease-keeper.js';
import type { LeaseRole } from '../core/ports/leases.js';
import type { ClusterNode } from './cluster-node.js';

/**
 * Which of the cameras a reconciler wants this process runs. The embedded centre runs them all (no gate); a cluster
 * node runs those its LeaseKeeper holds for the role, and is poked on every change of ownership.
 */
export type Fence = <T>(commit: () => Promise<T>) => Promise<T>;

export interface CameraGate {
  /** Keeps only this node's cameras of `wanted`, all of which need the role (the keeper claims among them). */
  filter<T>(wanted: Map<string, T>): Map<string, T>;
  /** Called at once on each claim and each loss (a lost camera is stopped at once, not at the next pass). */
  onChange(poke: () => void): void;
  /** A writer's fence, taken as it starts: runs each commit only while this node still holds that lease. */
  fence?(cameraId: string): Fence;
  /**
   * How long a file left in a camera's `.incoming` folder must have been still before a node taking the camera over
   * salvages it: a dead holder's file is older (it stopped writing at least 2/3 of a lease before its lease lapsed),
   * while a live one moving the camera away may still be closing its own, which it indexes itself.
   */
  readonly quietMs?: number;
}

/** The gate of one lease role on a cluster node: a LeaseKeeper over the cameras its reconciler wants. */
export class LeaseGate implements CameraGate {
  readonly keeper: LeaseKeeper;
  private all: string[] = [];
  private started = false;
  /** The last lease of each camera this node gave back itself to move it (a stop comes after the writers'), by token. */
  private readonly gaveBack = new Map<string, number>();

  private readonly store: ClusterNode['leases'];
  readonly quietMs: number;

  constructor(
    node: ClusterNode,
    private readonly role: LeaseRole,
    cfg: NonNullable<Config['cluster']>,
    logger: Logger,
  ) {
    this.store = node.leases;
    this.quietMs = (cfg.leases.leaseSeconds * 1000) / 2;
    this.keeper = new LeaseKeeper({
      store: node.leases,
      role,
      registration: node.registration,
      cameras: () => this.all,
      maxMovesPerPeriod: cfg.leases.maxMovesPerPeriod,
      periodMs: cfg.leases.periodSeconds * 1000,
    });
    this.keeper.on('error', (err) => logger.warn({ err, role }, 'camera lease tick failed (retried next tick)'));
    this.keeper.on('lost', ({ cameraId, token, reason }) => {
      logger.info({ camera: cameraId, role, reason }, 'camera lease lost');
      if (reason === 'released') this.gaveBack.set(cameraId, token);
    });
  }

  /**
   * Binds a writer to the lease it started under: its commit runs while that lease is still the camera's current one
   * (asked of the store: a node paused or cut off past its lease must not publish beside the new owner), or when this
   * node gave that lease back itself to move the camera (its last segment, closing as it stops, is its own to finish;
   * on shutdown the writers stop before the leases are given back). Without a lease the commit is refused.
   */
  fence(cameraId: string): Fence {
    const token = this.keeper.owned().get(cameraId);
    return async (commit) => {
      if (token !== undefined && this.gaveBack.get(cameraId) === token) return commit();
      return commitIfOwner(this.store, { role: this.role, cameraId, token: token ?? -1 }, commit);
    };
  }

  filter<T>(wanted: Map<string, T>): Map<string, T> {
    const ids = [...wanted.keys()].sort();
    const changed = ids.join('\n') !== this.all.join('\n');
    this.all = ids;
    // A new or removed camera is claimed or given back now rather than at the next tick.
    if (changed && this.started) void this.keeper.kick();
    const owned = this.keeper.owned();
    return new Map([...wanted].filter(([id]) => owned.has(id)));
  }

  onChange(poke: () => void): void {
    this.keeper.on('owned', poke);
    this.keeper.on('lost', poke);
  }

  /** After the reconciler's first pass, so that the first tick already knows the cameras. */
  async start(): Promise<void> {
    this.started = true;
    await this.keeper.start();
  }

  /** Gives every camera back at once (a clean stop): the other nodes of the role take them without waiting. */
  stop(): Promise<void> {
    return this.keeper.stop({ release: true });
  }
}
