// Event snapshots are pictures of the street: they follow the footage's retention (≤ 30 days, L5). Past it the file
// is deleted and the event keeps only its description; a snapshot under an evidence hold stays until released.
import type { AuditJournal } from '../audit/journal.js';
import type { Clock } from '../ports/clock.js';
import type { SnapshotStore } from '../ports/snapshots.js';
import type { Store } from '../ports/store.js';
import { holdCovers } from '../recordings/holds.js';
import { DAY_MS, type RetentionRule, retentionDaysOf } from '../recordings/retention.js';

export class SnapshotRetention {
  constructor(
    private readonly store: Store,
    private readonly snapshots: SnapshotStore,
    private readonly journal: AuditJournal,
    private readonly clock: Clock,
    /** The centre's default days, or the rule that also binds cameras to their authorisation (law.md L4). */
    private readonly defaultDays: number | RetentionRule,
  ) {}

  /** One pass: returns how many snapshots were deleted. */
  async purgeExpired(batch = 500): Promise<number> {
    const holds = await this.store.holds.active();
    let purged = 0;
    for (const cameraId of await this.store.events.snapshotCameraIds()) {
      const cutoff = this.clock.now() - (await retentionDaysOf(this.store, cameraId, this.defaultDays)) * DAY_MS;
      const due = await this.store.events.withSnapshotBefore(cameraId, cutoff, batch);
      const gone = due.filter(
        (e) => !holds.some((h) => holdCovers(h, cameraId, e.startedAt, e.endedAt ?? e.startedAt + 1)),
      );
      for (const e of gone) {
        // The row first: an event never points to a missing file; a file left by a crash is unreachable and small.
        await this.store.events.update({ ...e, snapshot: undefined });
        await this.snapshots.remove(e.snapshot!);
      }
      if (gone.length > 0) {
        purged += gone.length;
        await this.journal.record({
          actor: 'system',
          action: 'snapshot.purge',
          target: cameraId,
          details: { count: gone.length, before: new Date(cutoff).toISOString() },
        });
      }
    }
    return purged;
  }
}
