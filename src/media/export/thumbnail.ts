// One small JPEG of a recorded segment at a moment (the timeline's hover preview), with the camera's privacy masks
// burned in exactly as masked playback burns them (the same mask picture, scaled onto the frame and overlaid).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runToolOk } from '../ffmpeg/run.js';
import { type NormalisedPolygon, writeMaskPng } from './mask-overlay.js';

/** Width of a thumbnail (the height keeps the picture's aspect, even for the encoder). */
export const THUMBNAIL_WIDTH = 320;
/** Cells across a blurred thumbnail: 8 px cells on it, about the live blur's 1/30 of the picture's height. */
export const BLURRED_THUMBNAIL_CELLS = 40;

/**
 * The frame at `atS` seconds of the file's own timeline (ffmpeg seeks to the keyframe before, then decodes up to the
 * moment), scaled to THUMBNAIL_WIDTH, masked; rejects when ffmpeg fails or gives no picture.
 */
export async function thumbnailJpeg(
  file: string,
  atS: number,
  masks: readonly NormalisedPolygon[],
  opts: { ffmpeg?: string; timeoutMs?: number; blur?: boolean } = {},
): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'vigie-thumb-'));
  try {
    const input = ['-nostdin', '-v', 'error', '-ss', Math.max(0, atS).toFixed(3), '-i', file];
    // Blurred: the whole picture in flat cells (each its area's mean). One picture gives no motion to find people by,
    // and the detector alone is not trusted (fail closed); the mosaic still shows where the scene is busy.
    const scale = opts.blur
      ? `[0:v:0]scale=${BLURRED_THUMBNAIL_CELLS}:-2:flags=area,scale=${THUMBNAIL_WIDTH}:-2:flags=neighbor`
      : `[0:v:0]scale=${THUMBNAIL_WIDTH}:-2`;
    let graph = `${scale},format=yuvj420p[o]`;
    if (masks.length > 0) {
      const png = join(dir, 'masks.png');
      await writeMaskPng(masks, 1024, 1024, png);
      input.push('-i', png);
      graph = `${scale}[s];[1:v][s]scale2ref[m][v];[v][m]overlay,format=yuvj420p[o]`;
    }
    const out = join(dir, 'thumbnail.jpg');
    const args = [...input, '-filter_complex', graph, '-map', '[o]', '-frames:v', '1', '-c:v', 'mjpeg', '-q:v', '5'];
    await runToolOk(opts.ffmpeg ?? 'ffmpeg', [...args, out], { timeoutMs: opts.timeoutMs ?? 15_000 });
    const jpeg = await readFile(out).catch(() => Buffer.alloc(0));
    if (jpeg.length === 0) throw new Error('ffmpeg gave no thumbnail');
    return jpeg;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
