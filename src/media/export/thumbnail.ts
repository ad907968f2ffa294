// One small JPEG of a recorded segment at a moment (the timeline's hover preview), with the camera's privacy masks
// burned in exactly as masked playback burns them (the same mask picture, scaled onto the frame and overlaid).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastLines } from '../ffmpeg/run.js';
import { type NormalisedPolygon, writeMaskPng } from './mask-overlay.js';

/** Width of a thumbnail (the height keeps the picture's aspect, even for the encoder). */
export const THUMBNAIL_WIDTH = 320;

/**
 * The frame at `atS` seconds of the file's own timeline (ffmpeg seeks to the keyframe before, then decodes up to the
 * moment), scaled to THUMBNAIL_WIDTH, masked; rejects when ffmpeg fails or gives no picture.
 */
export async function thumbnailJpeg(
  file: string,
  atS: number,
  masks: readonly NormalisedPolygon[],
  opts: { ffmpeg?: string; timeoutMs?: number } = {},
): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'vigie-thumb-'));
  try {
    const input = ['-nostdin', '-v', 'error', '-ss', Math.max(0, atS).toFixed(3), '-i', file];
    const scale = `[0:v:0]scale=${THUMBNAIL_WIDTH}:-2`;
    let graph = `${scale},format=yuvj420p[o]`;
    if (masks.length > 0) {
      const png = join(dir, 'masks.png');
      await writeMaskPng(masks, 1024, 1024, png);
      input.push('-i', png);
      graph = `${scale}[s];[1:v][s]scale2ref[m][v];[v][m]overlay,format=yuvj420p[o]`;
    }
    const args = [...input, '-filter_complex', graph, '-map', '[o]', '-frames:v', '1'];
    return await run(opts.ffmpeg ?? 'ffmpeg', [...args, '-c:v', 'mjpeg', '-q:v', '5', '-f', 'image2pipe', 'pipe:1'], {
      timeoutMs: opts.timeoutMs ?? 15_000,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs ffmpeg and gives its stdout as bytes (the tool runner keeps text only). */
function run(cmd: string, args: string[], o: { timeoutMs: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-10_000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const jpeg = Buffer.concat(out);
      if (code === 0 && jpeg.length > 0) resolve(jpeg);
      else reject(new Error(`ffmpeg exit ${code ?? signal}: no thumbnail: ${lastLines(stderr, 4)}`));
    });
  });
}
