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

interface Entry<T> {
  value: T;
  revision: number;
  writtenAt: number;
}

/**
 * The embedded centre's lease store: one process, so it owns every camera, but through the same contract as the
 * NATS one (claim, CAS renew, expiry after leaseMs without renewal, fencing tokens) so the keeper runs unchanged.
 */
export class MemoryLeaseStore implements LeaseStore {
  private readonly leases = new Map<string, Entry<{ node: string; token: number }>>();
  private readonly presence = new Map<string, Entry<NodeInfo>>();
  private readonly listeners = new Set<{ role: LeaseRole; fn: (c: LeaseChange) => void }>();
  private seq = 0;

  constructor(
    readonly leaseMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  private live<T>(map: Map<string, Entry<T>>, key: string): Entry<T> | undefined {
    const e = map.get(key);
    if (e && this.clock.now() - e.writtenAt >= this.leaseMs) map.delete(key);
    return map.get(key);
  }

  private emit(change: LeaseChange): void {
    for (const l of this.listeners) if (l.role === change.role) queueMicrotask(() => l.fn(change));
  }

  async register(node: Omit<NodeInfo, 'load'>, load: NodeInfo['load']): Promise<NodeRegistration> {
    checkKeyPart('node name', node.name);
    const held = this.live(this.presence, node.name);
    if (held) throw new NodeNameInUseError(node.name, held.value, this.leaseMs);
    let revision = ++this.seq;
    this.presence.set(node.name, { value: { ...node, load }, revision, writtenAt: this.clock.now() });
    return {
      name: node.name,
      heartbeat: async (l) => {
        const cur = this.live(this.presence, node.name);
        if (cur?.revision !== revision) return false;
        revision = ++this.seq;
        this.presence.set(node.name, { value: { ...node, load: l }, revision, writtenAt: this.clock.now() });
        return true;
      },
      leave: async () => {
        if (this.live(this.presence, node.name)?.revision === revision) this.presence.delete(node.name);
      },
    };
  }

  async claim(role: LeaseRole, cameraId: string, node: string) {
    const key = `${role}.${checkKeyPart('camera id', cameraId)}`;
    const cur = this.live(this.leases, key);
    if (cur) return { owned: false, lease: null, owner: cur.value.node };
    const revision = ++this.seq;
    this.leases.set(key, { value: { node, token: revision }, revision, writtenAt: this.clock.now() });
    this.emit({ role, cameraId, node, token: revision });
    return { owned: true, lease: { role, cameraId, node, token: revision, revision } };
  }

  async renew(lease: Lease): Promise<Lease | null> {
    const key = `${lease.role}.${lease.cameraId}`;
    if (this.live(this.leases, key)?.revision !== lease.revision) return null;
    const revision = ++this.seq;
    this.leases.set(key, { value: { node: lease.node, token: lease.token }, revision, writtenAt: this.clock.now() });
    this.emit({ role: lease.role, cameraId: lease.cameraId, node: lease.node, token: lease.token });
    return { ...lease, revision };
  }

  async release(lease: Lease): Promise<void> {
    const key = `${lease.role}.${lease.cameraId}`;
    if (this.live(this.leases, key)?.revision !== lease.revision) return;
    this.leases.delete(key);
    this.emit({ role: lease.role, cameraId: lease.cameraId, node: null, token: lease.token });
  }

  async stillOwner(role: LeaseRole, cameraId: string, token: number): Promise<boolean> {
    return this.live(this.leases, `${role}.${cameraId}`)?.value.token === token;
  }

  async owners(role: LeaseRole): Promise<Lease[]> {
    const out: Lease[] = [];
    for (const key of [...this.leases.keys()]) {
      const e = this.live(this.leases, key);
      if (!e || !key.startsWith(`${role}.`)) continue;
      const cameraId = key.slice(role.length + 1);
      out.push({ role, cameraId, node: e.value.node, token: e.value.token, revision: e.revision });
    }
    return out;
  }

  async nodes(role: LeaseRole): Promise<NodeInfo[]> {
    return [...this.presence.keys()]
      .map((k) => this.live(this.presence, k)?.value)
      .filter((n): n is NodeInfo => !!n && n.roles.includes(role));
  }

  async watch(role: LeaseRole, fn: (c: LeaseChange) => void): Promise<() => void> {
    const l = { role, fn };
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
