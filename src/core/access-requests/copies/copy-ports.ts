// What the copy service needs from outside the core: an engine that decodes, follows and writes pictures
// (src/analytics/privacy/access-copy-engine.ts, over ffmpeg, NanoDet and the tracker), and a place for its files.
import type { Readable } from 'node:stream';
import type { AccessCopyEngine } from '../../../analytics/privacy/access-copy-engine.js';
import type { CopyResult } from '../../../analytics/privacy/follow-record.js';
import type { Box } from './follow.js';

/** Decodes, follows and writes pictures: the engine over ffmpeg, NanoDet and the tracker (src/analytics/privacy). */
export type { AccessCopyEngine, CopyResult };

/**
 * Files of a request's copies under the data dir: the follow record per camera, the picks, each copy's MP4 and
 * manifest. Names are the service's own (ids it made, cameras' ids hashed by the adapter).
 */
export interface AccessCopyFiles {
  readJson<T>(requestId: string, name: string): Promise<T | undefined>;
  writeJson(requestId: string, name: string, value: unknown): Promise<void>;
  /** Where a copy's MP4 is to be written. */
  mp4Path(requestId: string, copyId: string): Promise<string>;
  open(requestId: string, copyId: string): Promise<{ stream: Readable; bytes: number } | undefined>;
}

export type { Box };
