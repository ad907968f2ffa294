import type { LeaseRole, LeaseStore } from '../ports/leases.js';

/** Raised when a writer's fencing token is no longer the camera's current claim: its output must be dropped. */
export class FencedError extends Error {
  constructor(role: LeaseRole, cameraId: string, token: number) {
    super(`${role} of camera ${cameraId}: lease token ${token} is no longer current; this node lost the camera`);
    this.name = 'FencedError';
  }
}

/**
 * What a recorder runs before it makes a segment visible (rename into place, index row): the store is asked, not the
 * keeper's memory, so a node that lost its lease while paused or partitioned never publishes a second writer's segment.
 * The check and the commit are not atomic: the keeper gives a camera up one renewal (leaseMs/3) before the store can
 * hand it to another, and that margin must exceed the commit's duration (a rename and an insert do).
 */
export async function commitIfOwner<T>(
  store: Pick<LeaseStore, 'stillOwner'>,
  lease: { role: LeaseRole; cameraId: string; token: number },
  commit: () => Promise<T>,
): Promise<T> {
  if (!(await store.stillOwner(lease.role, lease.cameraId, lease.token)))
    throw new FencedError(lease.role, lease.cameraId, lease.token);
  return commit();
}
