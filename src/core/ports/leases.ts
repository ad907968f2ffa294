/**
 * Camera ownership in a distributed centre (issue 23): each camera's recording and analysis are held by one node of
 * that role through a lease that the holder renews every leaseMs/3. The store arbitrates with compare-and-set, so two
 * nodes never both believe they hold a camera; a holder that stops renewing loses it after leaseMs.
 */
export type LeaseRole = 'recording' | 'analytics';
export const LEASE_ROLES: readonly LeaseRole[] = ['recording', 'analytics'];

/** A held lease. `token` (the revision of the claim) is the fencing token; `revision` is the last write, for CAS. */
export interface Lease {
  role: LeaseRole;
  cameraId: string;
  node: string;
  token: number;
  revision: number;
}

/** What a node reports of itself so that the others balance by load. cpu: 0..1 of its cores busy. */
export interface NodeLoad {
  cameras: number;
  cpu: number;
}

export interface NodeInfo {
  name: string;
  roles: LeaseRole[];
  pid: number;
  host: string;
  startedAt: string;
  load: NodeLoad;
}

/** A node's presence: renewed like a lease; lost when another took the name after it lapsed. */
export interface NodeRegistration {
  readonly name: string;
  /** Renews the presence with the current load; false when it was lost (the node must stop holding cameras). */
  heartbeat(load: NodeLoad): Promise<boolean>;
  leave(): Promise<void>;
}

/** One ownership change, pushed by `watch`: a claim or renewal (`node` set) or a release (`node` null). */
export interface LeaseChange {
  role: LeaseRole;
  cameraId: string;
  node: string | null;
  token: number;
}

export interface LeaseStore {
  readonly leaseMs: number;
  /** Fails with NodeNameInUseError when a live node already has this name. */
  register(node: Omit<NodeInfo, 'load'>, load: NodeLoad): Promise<NodeRegistration>;
  /** Creates the lease when nobody holds it (or the last holder's lapsed); `lease` null when another node holds it. */
  claim(
    role: LeaseRole,
    cameraId: string,
    node: string,
  ): Promise<{ owned: boolean; lease: Lease | null; owner?: string }>;
  /** Extends a held lease; null when it was lost (expired and maybe taken): the holder must stop at once. */
  renew(lease: Lease): Promise<Lease | null>;
  /** Gives a held lease back at once (no-op when it was already lost). */
  release(lease: Lease): Promise<void>;
  /** Fencing: true only while `token` is still the current claim of this camera (checked before finishing a write). */
  stillOwner(role: LeaseRole, cameraId: string, token: number): Promise<boolean>;
  /** Live leases of a role (expired ones left out). */
  owners(role: LeaseRole): Promise<Lease[]>;
  /** Live nodes (presence not lapsed) having this role. */
  nodes(role: LeaseRole): Promise<NodeInfo[]>;
  /** Pushes every claim, renewal and release of the role; returns the stop function. */
  watch(role: LeaseRole, onChange: (change: LeaseChange) => void): Promise<() => void>;
  close(): Promise<void>;
}

/** Thrown by `register`: the one line a second node with the same name prints before it refuses to start. */
export class NodeNameInUseError extends Error {
  constructor(name: string, holder: Pick<NodeInfo, 'pid' | 'host' | 'startedAt'> | null, leaseMs: number) {
    const who = holder ? `pid ${holder.pid} on host ${holder.host}, started ${holder.startedAt}` : 'unknown holder';
    super(
      `node name ${name} is already in use by a running node (${who}); choose another name, or if that node was killed wait ${Math.ceil(leaseMs / 1000)} s for its lease to lapse`,
    );
    this.name = 'NodeNameInUseError';
  }
}

const KEY_PART = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** Names and camera ids become KV key tokens: the id charset (no dots, which separate tokens). */
export function checkKeyPart(what: string, value: string): string {
  if (!KEY_PART.test(value)) throw new Error(`${what} "${value}" must be 1-64 letters, digits, "-" or "_"`);
  return value;
}
