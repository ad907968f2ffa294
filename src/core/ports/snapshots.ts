/** Where event snapshots are kept; paths stored in events are relative to it. */
export interface SnapshotStore {
  absolute(rel: string): string;
  /** Deletes a snapshot file (no error when it is already gone). */
  remove(rel: string): Promise<void>;
}
