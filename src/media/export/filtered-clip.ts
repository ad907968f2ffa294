// A clip whose every picture goes through a filter before it is encoded again (people pixelated for playback, an
// access-request copy where only the requester stays clear): the recorded parts decoded to raw yuv420p, each
// picture handed to the filter (in order, none skipped: a file has no real-time budget), then encoded to an MP4 with
// the camera's privacy masks and an optional burnt-in banner. Nothing unfiltered is ever written.
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { probeVideo } from '../ffmpeg/probe.js';
import { type Frame, frameBytes } from '../frames/frame.js';
import { type ClipInput, concatScript } from './clip.js';
import { type NormalisedPolygon, writeMaskPng } from './mask-overlay.js';

export interface FilteredClipOptions {
  masks?: readonly NormalisedPolygon[];
  /** Burnt into the top of every picture (e.g. "copy for access request R-12"). */
  banner?: string;
  ffmpeg?: string;
  ffprobe?: string;
  /** Set on every frame handed to the filter. */
  cameraId?: string;
  /** Font for the banner (Debian fonts-dejavu-core, installed by scripts/setup-system.sh). */
  fontFile?: string;
}

/** Changes one picture (yuv420p) in place; may be async (a worker, a detector). */
export type ClipFrameFilter = (frame: Frame) => Promise<void> | void;

const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';

/** The encoder's arguments: raw pictures at the source rate, masks overlaid, banner drawn, H.264, index first. */
export function filteredEncoderArgs(
  width: number,
  height: number,
  fps: number,
  out: string,
  extra: { maskPng?: string; bannerFile?: string; fontFile?: string } = {},
): string[] {
  const input = ['-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${width}x${height}`, '-framerate', String(fps)];
  const chain: string[] = [];
  let last = '0:v';
  if (extra.maskPng) {
    chain.push(`[1:v][${last}]scale2ref[m][v]`, '[v][m]overlay=shortest=1[mv]');
    last = 'mv';
  }
  if (extra.bannerFile) {
    const font = (extra.fontFile ?? FONT).replace(/[:\\']/g, '\\$&');
    const file = extra.bannerFile.replace(/[:\\']/g, '\\$&');
    chain.push(
      `[${last}]drawtext=fontfile='${font}':textfile='${file}':x=8:y=8:fontsize=max(12\\,h/28):fontcolor=white:box=1:boxcolor=black@0.75:boxborderw=6[b]`,
    );
    last = 'b';
  }
  const graph = chain.length ? ['-filter_complex', `${chain.join(';')};[${last}]format=yuv420p[o]`, '-map', '[o]'] : [];
  return [
    ...['-nostdin', '-v', 'error', ...input, '-i', 'pipe:0'],
    ...(extra.maskPng ? ['-loop', '1', '-i', extra.maskPng] : []),
    ...(graph.length ? graph : ['-map', '0:v']),
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p', '-movflags', '+faststart'],
    ...['-y', out],
  ];
}

/** Reads exact-size pictures from a stream (ffmpeg's rawvideo output), in order. */
async function* pictures(stdout: Readable, size: number): AsyncGenerator<Uint8Array> {
  let pending: Buffer[] = [];
  let have = 0;
  for await (const chunk of stdout as AsyncIterable<Buffer>) {
    pending.push(chunk);
    have += chunk.length;
    while (have >= size) {
      const all = Buffer.concat(pending);
      const pic = new Uint8Array(size);
      pic.set(all.subarray(0, size));
      const rest = all.subarray(size);
      pending = rest.length ? [rest] : [];
      have = rest.length;
      yield pic;
    }
  }
}

function write(stdin: Writable, data: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    stdin.write(data, (e) => (e ? reject(e) : resolve()));
  });
}

function waitExit(child: ChildProcessByStdio<Writable | null, Readable | null, Readable>, what: string): Promise<void> {
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    err = (err + d).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${what} failed (${code ?? signal}): ${err.trim().slice(-500)}`)),
    );
  });
}

/**
 * Writes the filtered clip (atomically: aside, then renamed, mode 0600) and returns its size, SHA-256 and the number of
 * pictures. The pictures keep the first part's size; the rate is the first part's (recordings are constant-rate).
 */
export async function writeFilteredClip(
  parts: ClipInput[],
  outFile: string,
  filter: ClipFrameFilter,
  o: FilteredClipOptions = {},
): Promise<{ bytes: number; sha256: string; frames: number; width: number; height: number; fps: number }> {
  if (parts.length === 0) throw new Error('a clip needs at least one input file');
  const probe = await probeVideo(parts[0]!.file, { ffprobe: o.ffprobe });
  const width = probe.width! - (probe.width! % 2);
  const height = probe.height! - (probe.height! % 2);
  const fps = probe.fps && probe.fps > 0 ? probe.fps : 25;
  const dir = await mkdtemp(join(tmpdir(), 'vigie-fclip-'));
  const tmp = `${outFile}.part.mp4`;
  const ffmpeg = o.ffmpeg ?? 'ffmpeg';
  let frames = 0;
  try {
    const list = join(dir, 'list.ffconcat');
    await writeFile(list, concatScript(parts));
    let maskPng: string | undefined;
    if (o.masks?.length) {
      maskPng = join(dir, 'masks.png');
      await writeMaskPng(o.masks, 1024, 1024, maskPng);
    }
    let bannerFile: string | undefined;
    if (o.banner) {
      bannerFile = join(dir, 'banner.txt');
      await writeFile(bannerFile, o.banner);
    }
    const decoder = spawn(
      ffmpeg,
      [
        ...['-nostdin', '-v', 'error', '-f', 'concat', '-safe', '0', '-i', list, '-map', '0:v:0'],
        ...['-vf', `crop=${width}:${height}:0:0`, '-fps_mode', 'passthrough'],
        ...['-f', 'rawvideo', '-pix_fmt', 'yuv420p', 'pipe:1'],
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const encoder = spawn(
      ffmpeg,
      filteredEncoderArgs(width, height, fps, tmp, { maskPng, bannerFile, fontFile: o.fontFile }),
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    const decoded = waitExit(decoder, 'decoding');
    const encoded = waitExit(encoder, 'encoding');
    encoder.stdin.on('error', () => {}); // its exit says why
    try {
      for await (const data of pictures(decoder.stdout, frameBytes(width, height, 'yuv420p'))) {
        const frame: Frame = {
          cameraId: o.cameraId ?? 'clip',
          seq: frames,
          ptsMs: (frames * 1000) / fps,
          width,
          height,
          format: 'yuv420p',
          data,
        };
        await filter(frame);
        await write(encoder.stdin, frame.data);
        frames++;
      }
      await decoded;
    } catch (e) {
      decoder.kill('SIGKILL');
      encoder.kill('SIGKILL');
      await Promise.allSettled([decoded, encoded]);
      throw e;
    }
    encoder.stdin.end();
    await encoded;
    const sha256 = await sha256File(tmp);
    await chmod(tmp, 0o600);
    await rename(tmp, outFile);
    return { bytes: (await stat(outFile)).size, sha256, frames, width, height, fps };
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}
