import { EventEmitter } from 'node:events';
import { availableParallelism, loadavg } from 'node:os';
import { type Clock, systemClock } from '../ports/clock.js';
import type { Lease, LeaseRole, LeaseStore, NodeRegistration } from '../ports/leases.js';
import { assign } from './assignment.js';

export interface LeaseKeeperOptions {
  store: LeaseStore;
  role: LeaseRole;
  /** One registration per process, shared by its keepers (one per role). */
  registration: NodeRegistration;
  /** Cameras that need this role now. */
  cameras: () => readonly string[];
  /** 0..1 of the machine's cores busy; by default the 1-minute load average (ffmpeg children included). */
  cpu?: () => number;
  clock?: Clock;
  /** At most this many cameras move to a returning node per period (default 2 per 10 s). */
  maxMovesPerPeriod?: number;
  periodMs?: number;
  cpuHigh?: number;
}

export type LostReason = 'released' | 'taken' | 'unreachable' | 'stopped';
export interface LeaseKeeperEvents {
  owned: [{ cameraId: string; token: number }];
  lost: [{ cameraId: string; token: number; reason: LostReason }];
  error: [Error];
}

/**
 * Runs this node's part of camera ownership for one role: renews its leases every leaseMs/3, claims and releases
 * what the assignment rule says, and emits `owned` / `lost` for the recorder and analytics reconcilers. `lost` is
 * emitted before a lease is given back, and as soon as renewing fails for leaseMs - leaseMs/3 (a partitioned node
 * stops writing before the store can give its cameras to another); a writer still checks `stillOwner(token)` before
 * it commits a segment.
 */
export class LeaseKeeper extends EventEmitter<LeaseKeeperEvents> {
  private readonly held = new Map<string, Lease>();
  private readonly lastOk = new Map<string, number>();
  private readonly clock: Clock;
  private readonly tickMs: number;
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Timeout | null = null;
  private unwatch: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private lastMovePeriod = -1;
  private stopped = false;

  constructor(private readonly o: LeaseKeeperOptions) {
    super();
    this.clock = o.clock ?? systemClock;
    this.tickMs = Math.floor(o.store.leaseMs / 3);
  }

  /** Cameras held now with their fencing tokens. */
  owned(): Map<string, number> {
    return new Map([...this.held].map(([id, l]) => [id, l.token]));
  }

  async start(): Promise<void> {
    // A release elsewhere is pushed: claim it now rather than at the next tick (2.9 does not push TTL expiry).
    this.unwatch = await this.o.store.watch(this.o.role, (c) => {
      if (c.node === null && !this.soon && !this.stopped) this.soon = setTimeout(() => this.kick(), 5);
    });
    await this.kick();
    this.timer = setInterval(() => void this.kick(), this.tickMs);
  }

  /** Runs one tick, or one more right after the current one: ticks never overlap. */
  kick(): Promise<void> {
    this.soon = null;
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.tick()
      // An unheard 'error' event would throw: a failed tick is retried at the next one anyway.
      .catch((e: Error) => void (this.listenerCount('error') > 0 && this.emit('error', e)))
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          void this.kick();
        }
      });
    return this.running;
  }

  private lose(cameraId: string, reason: LostReason): Lease | undefined {
    const l = this.held.get(cameraId);
    if (!l) return undefined;
    this.held.delete(cameraId);
    this.lastOk.delete(cameraId);
    this.emit('lost', { cameraId, token: l.token, reason });
    return l;
  }

  private async tick(): Promise<void> {
    const { store, role } = this.o;
    const cpu = Math.min(1, Math.max(0, (this.o.cpu ?? defaultCpu)()));
    const present = await this.o.registration.heartbeat({ cameras: this.held.size, cpu }).catch(() => true);
    if (!present) {
      // Our presence lapsed and the name was taken: another process is this node now.
      for (const id of [...this.held.keys()]) this.lose(id, 'taken');
      throw new Error(`node ${this.o.registration.name} lost its registration; it holds no camera any more`);
    }
    await Promise.all([...this.held.values()].map((l) => this.renew(l)));
    if (this.stopped) return;
    const [leases, nodes] = await Promise.all([store.owners(role), store.nodes(role)]);
    const cameras = this.o.cameras();
    const plan = assign({
      self: this.o.registration.name,
      now: this.clock.now(),
      cameras,
      nodes: nodes.map((n) => ({ name: n.name, cpu: n.load.cpu })),
      owners: new Map(leases.map((l) => [l.cameraId, l.node])),
      maxMovesPerPeriod: this.o.maxMovesPerPeriod ?? 2,
      periodMs: this.o.periodMs ?? 10_000,
      lastMovePeriod: this.lastMovePeriod,
      cpuHigh: this.o.cpuHigh ?? 0.9,
    });
    this.lastMovePeriod = plan.lastMovePeriod;
    const wanted = new Set(cameras);
    const gone = [...this.held.keys()].filter((id) => !wanted.has(id));
    await Promise.all([...plan.release, ...gone].map((id) => this.giveBack(id, 'released')));
    await Promise.all(plan.claim.map((id) => this.claim(id)));
  }

  private async renew(l: Lease): Promise<void> {
    const sentAt = this.clock.now();
    try {
      const next = await this.o.store.renew(l);
      if (this.held.get(l.cameraId) !== l) return;
      if (!next) return void this.lose(l.cameraId, 'taken');
      this.held.set(l.cameraId, next);
      this.lastOk.set(l.cameraId, sentAt);
    } catch {
      const since = sentAt - (this.lastOk.get(l.cameraId) ?? 0);
      if (since >= this.o.store.leaseMs - this.tickMs) this.lose(l.cameraId, 'unreachable');
    }
  }

  private async claim(cameraId: string): Promise<void> {
    const sentAt = this.clock.now();
    const r = await this.o.store.claim(this.o.role, cameraId, this.o.registration.name);
    if (!r.lease || this.stopped) return void (r.lease && (await this.o.store.release(r.lease)));
    this.held.set(cameraId, r.lease);
    this.lastOk.set(cameraId, sentAt);
    this.emit('owned', { cameraId, token: r.lease.token });
  }

  private async giveBack(cameraId: string, reason: LostReason): Promise<void> {
    const l = this.lose(cameraId, reason);
    if (l) await this.o.store.release(l).catch(() => {});
  }

  /** Stops the loop; `release` gives every camera back at once (a clean shutdown), else they lapse after leaseMs. */
  async stop(opts: { release: boolean } = { release: true }): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    this.unwatch?.();
    await this.running;
    if (opts.release) await Promise.all([...this.held.keys()].map((id) => this.giveBack(id, 'stopped')));
    else for (const id of [...this.held.keys()]) this.lose(id, 'stopped');
  }
}

function defaultCpu(): number {
  return (loadavg()[0] ?? 0) / availableParallelism();
}
