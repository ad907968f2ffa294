import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runToolOk } from '../ffmpeg/run.js';

/** One looping source clip, cached as MPEG-TS (ffmpeg -stream_loop feeders) and MP4 (seamless GStreamer loop). */
export interface StreamClip {
  ts: string;
  mp4: string;
  width: number;
  height: number;
  fps: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface ClipOptions {
  /** Default `<os tmpdir>/vigie-sim-cache`. */
  cacheDir?: string;
  fps?: number;
  /** Loop length of generated scenes, seconds. Default 20. */
  seconds?: number;
  ffmpeg?: string;
  ffprobe?: string;
}

export function defaultCacheDir(): string {
  return join(tmpdir(), 'vigie-sim-cache');
}

/** Encoder settings every simulated stream shares: no B-frames, fixed 1 s GOP so a client joins within a second. */
export function h264Args(fps: number): string[] {
  const gop = String(Math.max(1, Math.round(fps)));
  return [
    ...'-c:v libx264 -preset veryfast -profile:v main -pix_fmt yuv420p -bf 0 -sc_threshold 0'.split(' '),
    ...`-g ${gop} -keyint_min ${gop} -crf 28 -maxrate 3M -bufsize 3M`.split(' '),
  ];
}

export function cacheKey(obj: unknown): string {
  return createHash('sha256').update(JSON.stringify(obj)).digest('hex').slice(0, 10);
}

const inflight = new Map<string, Promise<StreamClip>>();

/**
 * Returns the cached clip `name`, building it first if needed: `make(out)` writes MPEG-TS to `out`, then an MP4
 * copy is muxed beside it. Concurrent callers in this process share one build.
 */
export function cachedClip(
  name: string,
  meta: Size & { fps: number },
  opts: ClipOptions,
  make: (out: string) => Promise<unknown>,
): Promise<StreamClip> {
  const dir = opts.cacheDir ?? defaultCacheDir();
  const clip: StreamClip = { ts: join(dir, `${name}.ts`), mp4: join(dir, `${name}.mp4`), ...meta };
  if (existsSync(clip.ts) && existsSync(clip.mp4)) return Promise.resolve(clip);
  let p = inflight.get(clip.ts);
  if (!p) {
    p = build(dir, name, clip, opts.ffmpeg ?? 'ffmpeg', make).finally(() => inflight.delete(clip.ts));
    inflight.set(clip.ts, p);
  }
  return p;
}

async function build(
  dir: string,
  name: string,
  clip: StreamClip,
  ffmpeg: string,
  make: (out: string) => Promise<unknown>,
) {
  mkdirSync(dir, { recursive: true });
  // Written under temporary names, then renamed: other processes never see half a clip.
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmpTs = join(dir, `.${name}.${tag}.ts`);
  const tmpMp4 = join(dir, `.${name}.${tag}.mp4`);
  try {
    await make(tmpTs);
    const remux = ['-nostdin', '-v', 'error', '-y', '-i', tmpTs, '-map', '0:v:0', '-c', 'copy'];
    await runToolOk(ffmpeg, [...remux, '-movflags', '+faststart', '-f', 'mp4', tmpMp4], { timeoutMs: 120_000 });
    renameSync(tmpTs, clip.ts);
    renameSync(tmpMp4, clip.mp4);
    return clip;
  } finally {
    rmSync(tmpTs, { force: true });
    rmSync(tmpMp4, { force: true });
  }
}
