/** Where event snapshots are kept; paths stored in events are relative to it. */
export interface SnapshotStore {
  absolute(rel: string): string;
}
