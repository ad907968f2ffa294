import type { SegmentStorage } from '../ports/segment-storage.js';
import type { Store } from '../ports/store.js';
import type { StorageBudget } from './storage-budget.js';

/** What the disk-pressure pass judges: the recordings' usage against their limit, and any free-space deficit. */
export interface DiskMeasure {
  measure: 'budget' | 'volume' | 'floor';
  usedBytes: number;
  limitBytes: number;
  /** How far the volume's free space is under its floor (0 or absent: not under). */
  floorDeficit?: number;
}

/**
 * With a StorageBudget: the recordings against their own budget (exports reserved apart, never counted), plus the
 * floor deficit, which frees footage whatever the budget says — a write that hit ENOSPC is under the floor too, so
 * `urgent` needs nothing more. Without one (older wiring): the index against maxBytes, or the whole volume.
 */
export async function measureDisk(
  o: { budget?: StorageBudget; maxBytes?: number },
  storage: SegmentStorage,
  store: Store,
  urgent: boolean,
): Promise<DiskMeasure> {
  if (o.budget) {
    const f = await o.budget.figures();
    const floorDeficit = Math.max(0, f.floorBytes - f.freeBytes);
    const measure = floorDeficit > 0 ? 'floor' : o.maxBytes === undefined ? 'volume' : 'budget';
    return { measure, usedBytes: f.recordingsBytes, limitBytes: f.recordingsLimit, floorDeficit };
  }
  const volume = async () => {
    const u = await storage.usage();
    return { measure: 'volume' as const, usedBytes: u.volumeBytes - u.freeBytes, limitBytes: u.volumeBytes };
  };
  if (o.maxBytes === undefined) return volume();
  const budget = { measure: 'budget' as const, usedBytes: await store.segments.totalBytes(), limitBytes: o.maxBytes };
  if (!urgent) return budget;
  // A full disk under budget means something else filled the volume: judge by the fuller of the two.
  const v = await volume();
  return v.usedBytes / v.limitBytes > budget.usedBytes / budget.limitBytes ? v : budget;
}
