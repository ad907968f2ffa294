// Recorded footage with people pixelated, for a viewer the privacy policy gives a blurred view: each picture of the
// clip goes through a PrivacyBlurrer on a worker of the playback pool (off the event loop), one at a time and
// awaited, so that none is skipped and none leaves unfiltered; a worker that fails or stalls fails the clip.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClipPart, ClipStream } from '../../core/ports/clips.js';
import { type ClipFrameFilter, writeFilteredClip } from '../../media/export/filtered-clip.js';
import type { NormalisedPolygon } from '../../media/export/mask-overlay.js';
import type { Frame } from '../../media/frames/frame.js';
import type { PrivacyFilters } from './privacy-filters.js';

/** A picture the worker has not handed back after this long fails the clip (a broken detector, a dead worker). */
const PICTURE_TIMEOUT_MS = 30_000;

let clips = 0;

/** A lossless filter over the pool for one clip: each picture is submitted once the previous one came back. */
export async function clipBlurFilter(
  filters: PrivacyFilters,
): Promise<{ filter: ClipFrameFilter; close(): Promise<void> }> {
  let waiting: ((out: Frame) => void) | undefined;
  // Each clip is one "stream" of the pool: a fresh blurrer (its own background model) for its pictures.
  const stream = await filters.factory(
    `playback-${++clips}`,
    'clip',
  )((out) => {
    const w = waiting;
    waiting = undefined;
    w?.(out);
  });
  const filter: ClipFrameFilter = (frame) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting = undefined;
        reject(new Error('the privacy blur gave no picture back (worker failed or stalled): clip not made'));
      }, PICTURE_TIMEOUT_MS);
      waiting = (out) => {
        clearTimeout(timer);
        // The pool took the picture's bytes (transferred to the worker): the blurred ones are what gets encoded.
        (frame as { data: Uint8Array }).data = out.data;
        resolve();
      };
      stream.push(frame);
    });
  return { filter, close: () => stream.close() };
}

export interface ClipBlurTools {
  filters: () => PrivacyFilters;
  ffmpeg?: string;
}

/** A blurred, masked MP4 of the parts (atomic, mode 0600). */
export async function writeBlurredClip(
  parts: ClipPart[],
  outFile: string,
  masks: readonly NormalisedPolygon[],
  t: ClipBlurTools,
): Promise<{ bytes: number; sha256: string }> {
  const f = await clipBlurFilter(t.filters());
  try {
    const r = await writeFilteredClip(parts, outFile, f.filter, { masks, ...(t.ffmpeg && { ffmpeg: t.ffmpeg }) });
    return { bytes: r.bytes, sha256: r.sha256 };
  } finally {
    await f.close();
  }
}

/** The blurred clip as a stream: rendered whole to a private temporary file first (pictures are filtered in order). */
export async function streamBlurredClip(
  parts: ClipPart[],
  masks: readonly NormalisedPolygon[],
  t: ClipBlurTools,
): Promise<ClipStream> {
  const dir = await mkdtemp(join(tmpdir(), 'vigie-blurred-clip-'));
  try {
    const file = join(dir, 'clip.mp4');
    await writeBlurredClip(parts, file, masks, t);
    const stream = createReadStream(file);
    const done = new Promise<void>((resolve, reject) => {
      stream.on('close', () => void rm(dir, { recursive: true, force: true }).then(() => resolve(), resolve));
      stream.on('error', reject);
    });
    done.catch(() => {});
    return { stream, done, kill: () => void stream.destroy() };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
