// What the copy service needs from outside the core: an engine that decodes, follows and writes pictures (adapter:
// src/app/media/access-copy-engine.ts over ffmpeg, NanoDet and the tracker), and a place for its files.
import type { Readable } from 'node:stream';
import type { ClipPart } from '../../ports/clips.js';
import type { Box, FollowBox, FollowFrame } from './follow.js';

type Masks = ReadonlyArray<ReadonlyArray<readonly [number, number]>>;

export interface CopyResult {
  bytes: number;
  sha256: string;
  frames: number;
  /** Pictures where the requester was kept clear. */
  keptFrames: number;
  /** Those pictures as inclusive runs of 0-based indexes into the file. */
  keptPictures: [number, number][];
  /** Boxes hidden, per class, over all pictures (vehicles: their plate band). */
  hidden: Record<string, number>;
  /** Mean share of each picture pixelated. */
  cellsShare: number;
  /** Side of the pixelation cells (px). */
  cellPx: number;
}

export interface AccessCopyEngine {
  /** Decodes the parts and runs the detector and tracker on every picture. */
  follow(
    parts: ClipPart[],
    o: { masks: Masks },
  ): Promise<{ width: number; height: number; fps: number; frames: FollowFrame[] }>;
  /**
   * Writes the copy: picture i has every box of `frames[i]` but `keep(i)` pixelated, and what moves, the masks burnt
   * in and the banner drawn. The pictures must be those `follow` saw (same parts): checked by their count.
   */
  produce(
    parts: ClipPart[],
    outFile: string,
    o: { masks: Masks; banner: string; frames: FollowFrame[]; keep: (i: number) => FollowBox[] },
  ): Promise<CopyResult>;
}

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
