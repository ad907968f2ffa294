import type { Readable } from 'node:stream';

/** One input file of a clip; in/out points are in the file's own timeline, in seconds. */
export interface ClipPart {
  file: string;
  inpoint?: number;
  outpoint?: number;
}

/** Where a file's video starts and where its keyframes are (seconds, file timeline). */
export interface FileTimeline {
  startS: number;
  keyframesS: number[];
}

export interface ClipStream {
  stream: Readable;
  /** Settles when the tool exits; rejects when it failed (after the stream has ended). */
  done: Promise<void>;
  kill(): void;
}

type Masks = ReadonlyArray<ReadonlyArray<readonly [number, number]>>;

/**
 * How a clip is rendered: privacy masks (polygons of [x, y] fractions of the picture) burned in; `blur`: people
 * pixelated on every picture (decoded, filtered, encoded again), for a viewer the privacy policy gives a blurred view.
 */
export interface ClipRender {
  masks?: Masks;
  blur?: boolean;
}

/** Makes one MP4 out of recorded segments by stream copy (adapter: src/media/export over ffmpeg). */
export interface ClipMaker {
  timeline(file: string): Promise<FileTimeline>;
  /**
   * A seekable MP4 (moov first) written to outFile; returns its size and SHA-256. With privacy masks or blur the
   * video is re-encoded; without, a stream copy.
   */
  toFile(parts: ClipPart[], outFile: string, opts?: ClipRender): Promise<{ bytes: number; sha256: string }>;
  /**
   * A JPEG (at most 320 px wide) of the frame at `atS` seconds of one file's timeline, masks burned in when given;
   * blurred: the whole picture pixelated (one picture has no motion to go by: fail closed).
   */
  thumbnail(file: string, atS: number, masks: Masks, opts?: { blur?: boolean }): Promise<Buffer>;
  /**
   * A fragmented MP4 on a stream, playable while it is produced (no temporary file); masks burned in when given;
   * blurred: rendered whole first, then streamed.
   */
  toStream(parts: ClipPart[], opts?: ClipRender): Promise<ClipStream>;
}

/** Export artefacts: `<id>.mp4` and its manifest `<id>.json` (adapter: local disk under `<dataDir>/exports`). */
export interface ExportStore {
  /** Absolute path where the MP4 of an export is written. */
  mp4Path(id: string): Promise<string>;
  writeManifest(id: string, json: string): Promise<void>;
  readManifest(id: string): Promise<string | undefined>;
  /** Ids of every export, oldest manifests included. */
  list(): Promise<string[]>;
  open(id: string): Promise<{ stream: Readable; bytes: number } | undefined>;
  removeMp4(id: string): Promise<void>;
  /** Bytes of the export files still present (their budget). */
  totalBytes(): Promise<number>;
  /** Size and free bytes of the volume holding the exports. */
  usage(): Promise<{ volumeBytes: number; freeBytes: number }>;
}

/**
 * Re-encoded (masked) clips kept for the next viewer of the same range: one re-encode per range, whoever asks and
 * however many at once; bounded in size and age (adapter: files under the cache folder).
 */
export interface ClipCache {
  /** The clip under `key` (hex SHA-256), made by `make` only when no one has made it or is making it. */
  open(key: string, make: () => Promise<ClipStream>): Promise<ClipStream>;
  /**
   * The whole file under `key` (written once by `write` to the path it is given, whoever asks and however many at
   * once), for serving byte ranges: `read` streams bytes start..end (inclusive), the file kept until it ends.
   */
  file?(key: string, write: (tmp: string) => Promise<void>): Promise<CachedClip>;
}

export interface CachedClip {
  bytes: number;
  read(start: number, end: number): Readable;
}
