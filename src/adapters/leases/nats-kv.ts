import { type KV, type KvEntry, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { type Clock, systemClock } from '../../core/ports/clock.js';
import {
  checkKeyPart,
  type Lease,
  type LeaseChange,
  type LeaseRole,
  type LeaseStore,
  type NodeInfo,
  NodeNameInUseError,
  type NodeRegistration,
} from '../../core/ports/leases.js';

export interface NatsLeaseOptions {
  nc: NatsConnection;
  bucket: string;
  leaseMs: number;
  clock?: Clock;
}

/** A lease value. token 0 means "the revision of this very entry": the claim cannot know its revision in advance. */
interface LeaseValue {
  node: string;
  token: number;
}

const enc = (v: unknown) => JSON.stringify(v);
/** The server's answer when a compare-and-set loses: someone else wrote the key since (or it lapsed). */
const lostCas = (e: unknown) => /wrong last sequence|key exists/i.test(String((e as Error)?.message ?? e));

/**
 * Leases in a NATS KV bucket (JetStream, nats-server 2.9+). Expiry is the bucket's TTL (max_age) with history 1: the
 * server drops a key not rewritten within leaseMs, by the server's own clock, so node clocks never decide who owns a
 * camera. Claim is `create` (fails when the key exists), renew and heartbeat are `update` at the last revision and
 * release is `delete` at it: a holder whose lease lapsed or was taken learns it from the failed CAS at once.
 * 2.9 does not announce TTL expiry on watches, so the watched cache also drops entries older than leaseMs, judged on
 * the server's clock as estimated from its write timestamps: an error there only moves when a takeover is attempted
 * (the server still refuses it until the key is gone).
 */
export class NatsKvLeaseStore implements LeaseStore {
  private readonly cache = new Map<string, KvEntry>();
  private readonly listeners = new Set<{ role: LeaseRole; fn: (c: LeaseChange) => void }>();
  private stopWatch: (() => void) | null = null;
  private skew: number[] = [];
  readonly leaseMs: number;
  private readonly clock: Clock;

  private constructor(
    private readonly kv: KV,
    opts: NatsLeaseOptions,
  ) {
    this.leaseMs = opts.leaseMs;
    this.clock = opts.clock ?? systemClock;
  }

  static async open(opts: NatsLeaseOptions): Promise<NatsKvLeaseStore> {
    if (!(opts.leaseMs >= 500)) throw new Error(`lease time must be at least 500 ms, got ${opts.leaseMs}`);
    const kv = await new Kvm(opts.nc).create(opts.bucket, { ttl: opts.leaseMs, history: 1 });
    const st = await kv.status();
    if (st.ttl !== opts.leaseMs || st.history !== 1)
      throw new Error(
        `lease bucket ${opts.bucket} exists with ttl ${st.ttl} ms and history ${st.history}; expected ttl ${opts.leaseMs} ms and history 1 (every node must use the same lease time)`,
      );
    const store = new NatsKvLeaseStore(kv, opts);
    await store.follow(st.values);
    return store;
  }

  /** One watch over the bucket feeds the cache and the listeners; resolves once the current values are loaded. */
  private async follow(initialCount: number): Promise<void> {
    const iter = await this.kv.watch({ key: '>' });
    this.stopWatch = () => iter.stop();
    let ready: () => void = () => {};
    const loaded = new Promise<void>((r) => {
      ready = r;
    });
    if (initialCount === 0) ready();
    void (async () => {
      for await (const e of iter) {
        this.skew = [...this.skew.slice(-63), e.created.getTime() - this.clock.now()];
        if (e.operation === 'PUT') this.cache.set(e.key, e);
        else this.cache.delete(e.key);
        // delta: values still pending in the initial load (isUpdate is not reliable for it in @nats-io/kv 3.4).
        if (e.delta === 0) ready();
        this.push(e);
      }
    })();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([loaded, new Promise((r) => (timer = setTimeout(r, 2000)))]);
    clearTimeout(timer);
  }

  private push(e: KvEntry): void {
    const dot = e.key.indexOf('.');
    const role = e.key.slice(0, dot) as LeaseRole;
    if (role !== 'recording' && role !== 'analytics') return;
    const v = e.operation === 'PUT' ? (e.json() as LeaseValue) : null;
    const change = { role, cameraId: e.key.slice(dot + 1), node: v?.node ?? null, token: v?.token || e.revision };
    for (const l of this.listeners) if (l.role === role) l.fn(change);
  }

  /**
   * The server's time as seen here: a write's server timestamp minus the local time it arrives is the clock offset
   * less the delivery delay, so the largest of the recent ones is the best estimate. Expiry is judged on it, so a node
   * whose clock is off still sees live leases as live (else, ahead by a lease time, it would see no node, itself
   * included, and claim nothing).
   */
  private serverNow(): number {
    return this.clock.now() + (this.skew.length > 0 ? Math.max(...this.skew) : 0);
  }

  private fresh(e: KvEntry | undefined): KvEntry | undefined {
    return e && e.created.getTime() + this.leaseMs > this.serverNow() ? e : undefined;
  }

  async register(node: Omit<NodeInfo, 'load'>, load: NodeInfo['load']): Promise<NodeRegistration> {
    const key = `node.${checkKeyPart('node name', node.name)}`;
    let revision: number;
    try {
      revision = await this.kv.create(key, enc({ ...node, load }));
    } catch (e) {
      const held = await this.kv.get(key);
      if (!lostCas(e) && held?.operation !== 'PUT') throw e;
      throw new NodeNameInUseError(node.name, held?.operation === 'PUT' ? held.json() : null, this.leaseMs);
    }
    const beat = async (l: NodeInfo['load']) => {
      try {
        revision = await this.kv.update(key, enc({ ...node, load: l }), revision);
        return true;
      } catch (e) {
        if (lostCas(e)) return false;
        throw e;
      }
    };
    // The keepers of both roles share one registration: their heartbeats queue, else they would race on the revision.
    let queue: Promise<unknown> = Promise.resolve();
    return {
      name: node.name,
      heartbeat: (l) => {
        const next = queue.then(() => beat(l));
        queue = next.catch(() => {});
        return next;
      },
      leave: () => this.kv.delete(key, { previousSeq: revision }).catch((e) => void (lostCas(e) || Promise.reject(e))),
    };
  }

  async claim(role: LeaseRole, cameraId: string, node: string) {
    const key = `${role}.${checkKeyPart('camera id', cameraId)}`;
    try {
      const revision = await this.kv.create(key, enc({ node, token: 0 }));
      return { owned: true, lease: { role, cameraId, node, token: revision, revision } };
    } catch (e) {
      if (!lostCas(e)) throw e;
      const held = this.cache.get(key);
      return { owned: false, lease: null, owner: held ? (held.json() as LeaseValue).node : undefined };
    }
  }

  async renew(lease: Lease): Promise<Lease | null> {
    const value = enc({ node: lease.node, token: lease.token });
    try {
      return { ...lease, revision: await this.kv.update(`${lease.role}.${lease.cameraId}`, value, lease.revision) };
    } catch (e) {
      if (lostCas(e)) return null;
      throw e;
    }
  }

  async release(lease: Lease): Promise<void> {
    await this.kv
      .delete(`${lease.role}.${lease.cameraId}`, { previousSeq: lease.revision })
      .catch((e) => void (lostCas(e) || Promise.reject(e)));
  }

  async stillOwner(role: LeaseRole, cameraId: string, token: number): Promise<boolean> {
    const e = await this.kv.get(`${role}.${cameraId}`);
    return e?.operation === 'PUT' && ((e.json() as LeaseValue).token || e.revision) === token;
  }

  async owners(role: LeaseRole): Promise<Lease[]> {
    const out: Lease[] = [];
    for (const [key, entry] of this.cache) {
      const e = this.fresh(entry);
      if (!e || !key.startsWith(`${role}.`)) continue;
      const v = e.json() as LeaseValue;
      out.push({
        role,
        cameraId: key.slice(role.length + 1),
        node: v.node,
        token: v.token || e.revision,
        revision: e.revision,
      });
    }
    return out;
  }

  async nodes(role: LeaseRole): Promise<NodeInfo[]> {
    const out: NodeInfo[] = [];
    for (const [key, entry] of this.cache) {
      const e = this.fresh(entry);
      if (!e || !key.startsWith('node.')) continue;
      const n = e.json() as NodeInfo;
      if (n.roles.includes(role)) out.push(n);
    }
    return out;
  }

  async watch(role: LeaseRole, fn: (c: LeaseChange) => void): Promise<() => void> {
    const l = { role, fn };
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  async close(): Promise<void> {
    this.stopWatch?.();
    this.listeners.clear();
  }
}
