/** Where recorded files live (local disk now; shared or object storage later). Paths are relative to its root. */
export interface SegmentStorage {
  readonly root: string;
  absolute(rel: string): string;
  /** Moves a finished file into place (atomic rename on one volume), creating folders. */
  adopt(absFile: string, rel: string): Promise<number>;
  remove(rel: string): Promise<void>;
  size(rel: string): Promise<number>;
  exists(rel: string): Promise<boolean>;
  /**
   * Every file under the root (or under its folder `under`, e.g. one camera's), relative to the root, including
   * `.incoming` folders.
   */
  list(under?: string): AsyncIterable<string>;
  /** Bytes used by recordings and, when known, the volume's size and free bytes. */
  usage(): Promise<{ volumeBytes: number; freeBytes: number }>;
}

/** Reads media files (ffprobe) and repairs them by stream copy. */
export interface MediaInspector {
  probe(absFile: string): Promise<{ durationSec: number; codec: string } | undefined>;
  /**
   * A fragmented MP4's real media time (samples whose bytes are all on disk) and whether it was cut mid-fragment;
   * undefined when the file is not one (ffprobe would report what the fragments announce, not what plays).
   */
  timing(absFile: string): Promise<{ durationSec: number; truncated: boolean } | undefined>;
  /** Rewrites what is readable into absDst; false when nothing could be. */
  repair(absSrc: string, absDst: string): Promise<boolean>;
}
