import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { lastLines, runToolOk } from '../ffmpeg/run.js';
import { type NormalisedPolygon, writeMaskPng } from './mask-overlay.js';

/** One input of a clip; inpoint/outpoint are seconds in the file's own timeline (as ffmpeg's concat demuxer reads them). */
export interface ClipInput {
  file: string;
  inpoint?: number;
  outpoint?: number;
}

export interface ClipToolOptions {
  ffmpeg?: string;
  ffprobe?: string;
  /** Hard limit for writing one clip to a file. Default 10 min. */
  timeoutMs?: number;
}

/** Quotes a path for an ffconcat script: single quotes, with embedded ones closed, escaped and reopened. */
const quote = (p: string) => `'${p.replace(/'/g, "'\\''")}'`;

/** The ffconcat script: whole files, except where an in/out point trims the first or last one. */
export function concatScript(parts: ClipInput[]): string {
  const lines = ['ffconcat version 1.0'];
  for (const p of parts) {
    lines.push(`file ${quote(p.file)}`);
    if (p.inpoint !== undefined) lines.push(`inpoint ${p.inpoint.toFixed(6)}`);
    if (p.outpoint !== undefined) lines.push(`outpoint ${p.outpoint.toFixed(6)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Video start time and keyframe times of a file (packet flags only, nothing decoded). */
export async function fileTimeline(
  file: string,
  ffprobe = 'ffprobe',
): Promise<{ startS: number; keyframesS: number[] }> {
  const out = await runToolOk(
    ffprobe,
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'format=start_time:packet=pts_time,flags',
      '-of',
      'json',
      file,
    ],
    { timeoutMs: 30_000, maxOutput: 20_000_000 },
  );
  const j = JSON.parse(out) as { format?: { start_time?: string }; packets?: { pts_time?: string; flags?: string }[] };
  const keyframesS = (j.packets ?? [])
    .filter((p) => p.flags?.startsWith('K') && p.pts_time !== undefined)
    .map((p) => Number(p.pts_time))
    .sort((a, b) => a - b);
  const startS = Number(j.format?.start_time ?? keyframesS[0] ?? 0);
  return { startS: Number.isFinite(startS) ? startS : 0, keyframesS };
}

/** Input side of every clip: the concat demuxer, video and any audio, copied. */
function inputArgs(list: string): string[] {
  return [
    '-nostdin',
    '-v',
    'error',
    '-f',
    'concat',
    '-safe',
    '0',
    '-i',
    list,
    '-map',
    '0:v:0',
    '-map',
    '0:a?',
    '-c',
    'copy',
  ];
}

async function withScript<T>(parts: ClipInput[], fn: (list: string, cleanup: () => Promise<void>) => T): Promise<T> {
  if (parts.length === 0) throw new Error('a clip needs at least one input file');
  const dir = await mkdtemp(join(tmpdir(), 'vigie-clip-'));
  const list = join(dir, 'list.ffconcat');
  await writeFile(list, concatScript(parts));
  return fn(list, () => rm(dir, { recursive: true, force: true }));
}

/** The same clip with privacy masks burned in: the mask picture scaled to the video and overlaid, video re-encoded. */
async function maskedArgs(list: string, masks: readonly NormalisedPolygon[]) {
  const png = join(dirname(list), 'masks.png');
  // Any size: ffmpeg scales it to the picture (the polygons are fractions of it).
  await writeMaskPng(masks, 1024, 1024, png);
  const input = ['-nostdin', '-v', 'error', '-f', 'concat', '-safe', '0', '-i', list, '-i', png];
  const graph = '[1:v][0:v:0]scale2ref[m][v];[v][m]overlay,format=yuv420p[o]';
  const filter = ['-filter_complex', graph, '-map', '[o]', '-map', '0:a?'];
  return [...input, ...filter, '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-c:a', 'copy'];
}

/** Writes one MP4 with its index first (+faststart, so it plays while downloading); atomic: written aside, then renamed. */
export async function writeClip(
  parts: ClipInput[],
  outFile: string,
  opts: ClipToolOptions = {},
  masks: readonly NormalisedPolygon[] = [],
): Promise<{ bytes: number; sha256: string }> {
  const tmp = `${outFile}.part.mp4`;
  await withScript(parts, async (list, cleanup) => {
    try {
      const args = masks.length > 0 ? await maskedArgs(list, masks) : inputArgs(list);
      await runToolOk(opts.ffmpeg ?? 'ffmpeg', [...args, '-movflags', '+faststart', '-y', tmp], {
        timeoutMs: opts.timeoutMs ?? 600_000,
      });
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    } finally {
      await cleanup();
    }
  });
  const sha256 = await sha256File(tmp);
  await chmod(tmp, 0o600); // written by ffmpeg under the process umask: footage is its owner's only
  await rename(tmp, outFile);
  return { bytes: (await stat(outFile)).size, sha256 };
}

/** Streams one fragmented MP4 (fragments at keyframes) on stdout: bytes flow at once, nothing is written to disk. */
export async function streamClip(
  parts: ClipInput[],
  opts: ClipToolOptions = {},
  masks: readonly NormalisedPolygon[] = [],
): Promise<{ stream: Readable; done: Promise<void>; kill(): void }> {
  return withScript(parts, async (list, cleanup) => {
    const input = masks.length > 0 ? await maskedArgs(list, masks) : inputArgs(list);
    const args = [...input, '-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4', 'pipe:1'];
    const child = spawn(opts.ffmpeg ?? 'ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-20_000);
    });
    const done = new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => {
        void cleanup();
        if (code === 0) resolve();
        else reject(new Error(`ffmpeg exit ${code ?? signal}: ${lastLines(stderr, 4)}`));
      });
    });
    // A caller that only reads the stream must not crash the process on an unobserved rejection.
    done.catch(() => {});
    return { stream: child.stdout, done, kill: () => void child.kill('SIGKILL') };
  });
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}
