// RTSP client helpers for the simulator tests: real ffmpeg/ffprobe clients, over TCP, always time-limited.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { runTool, type ToolResult } from '../../src/media/ffmpeg/run.js';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface Reader {
  /** Frames decoded so far. */
  frames(): number;
  /** Distinct pictures seen so far (hash of each frame's bytes). */
  distinct(): number;
  /** Resolves with the exit code when ffmpeg ends (stream over, error, or stop()). */
  done: Promise<{ code: number | null; stderr: string }>;
  stop(): void;
}

/**
 * Decodes an RTSP stream with ffmpeg and counts frames as they arrive: each frame is cropped/scaled to a
 * small grey picture `w`x`h` (crop first if given, e.g. the burnt-in timestamp band).
 */
export function readFrames(url: string, o: { crop?: string; w: number; h: number; maxSeconds?: number }): Reader {
  const vf = [o.crop ? `crop=${o.crop}` : '', `scale=${o.w}:${o.h}`, 'format=gray'].filter(Boolean).join(',');
  const child = spawn('ffmpeg', [
    ...['-nostdin', '-v', 'error', '-rtsp_transport', 'tcp', '-timeout', '5000000', '-i', url],
    ...['-t', String(o.maxSeconds ?? 30), '-an', '-vf', vf, '-f', 'rawvideo', '-'],
  ]);
  const size = o.w * o.h;
  let pending = Buffer.alloc(0);
  let count = 0;
  const hashes = new Set<string>();
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    pending = Buffer.concat([pending, d]);
    while (pending.length >= size) {
      hashes.add(createHash('sha1').update(pending.subarray(0, size)).digest('hex'));
      pending = pending.subarray(size);
      count++;
    }
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const hard = setTimeout(() => child.kill('SIGKILL'), ((o.maxSeconds ?? 30) + 15) * 1000);
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(hard);
      resolve({ code, stderr });
    }),
  );
  return { frames: () => count, distinct: () => hashes.size, done, stop: () => child.kill('SIGKILL') };
}

/** Receives a stream without decoding it (-c copy), the cheap client for load tests; counts frames via -progress. */
export function watch(url: string, maxSeconds = 30): { frames(): number; stop(): void } {
  const child = spawn('ffmpeg', [
    ...['-nostdin', '-v', 'error', '-rtsp_transport', 'tcp', '-timeout', '5000000', '-i', url],
    ...['-t', String(maxSeconds), '-c', 'copy', '-f', 'null', '-progress', 'pipe:1', '-'],
  ]);
  let frames = 0;
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    for (const m of d.matchAll(/^frame=(\d+)/gm)) frames = Number(m[1]);
  });
  child.stderr.resume();
  const hard = setTimeout(() => child.kill('SIGKILL'), (maxSeconds + 15) * 1000);
  child.on('close', () => clearTimeout(hard));
  return { frames: () => frames, stop: () => child.kill('SIGKILL') };
}

/** ffprobe an RTSP URL; the result (never throws) says how it went and how long it took. */
export async function probe(
  url: string,
  timeoutMs = 10_000,
): Promise<ToolResult & { ms: number; video?: { codec: string; width: number; height: number } }> {
  const t0 = Date.now();
  const r = await runTool(
    'ffprobe',
    [
      '-v',
      'error',
      '-rtsp_transport',
      'tcp',
      '-timeout',
      '3000000',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=codec_name,width,height',
      '-of',
      'json',
      url,
    ],
    { timeoutMs },
  );
  const s =
    r.code === 0
      ? (JSON.parse(r.stdout) as { streams?: { codec_name: string; width: number; height: number }[] }).streams?.[0]
      : undefined;
  return { ...r, ms: Date.now() - t0, video: s && { codec: s.codec_name, width: s.width, height: s.height } };
}

/** Runs probes started `gapMs` apart (real clients are told to connect 0.1-0.2 s apart). */
export async function staggered<T, R>(items: T[], gapMs: number, f: (item: T) => Promise<R>): Promise<R[]> {
  return Promise.all(
    items.map(async (item, i) => {
      await sleep(i * gapMs);
      return f(item);
    }),
  );
}

/** CPU seconds (user + system) consumed so far by these processes (Linux /proc). */
export function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // process gone: its time is lost, the measurement stays indicative
    }
  }
  return ticks / 100; // USER_HZ is 100 on Linux
}

export async function waitFor(cond: () => boolean, timeoutMs: number, stepMs = 100): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (cond()) return true;
    await sleep(stepMs);
  }
  return cond();
}
