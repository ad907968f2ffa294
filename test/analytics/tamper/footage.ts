// Real footage altered with ffmpeg filters for the tamper tests: clips made in a temp dir, replayed through the
// same decoder as production (FrameSource, 320 wide gray, 5 fps) into a TamperDetector.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { TamperDetector, type TamperEvent } from '../../../src/analytics/tamper/tamper-detector.js';
import type { TamperOptionsInput } from '../../../src/analytics/tamper/tamper-options.js';
import { datasetPath } from '../../../src/eval/datasets/paths.js';
import { FrameSource } from '../../../src/media/decode/frame-source.js';

export const FFMPEG = process.env.VIGIE_FFMPEG ?? '/usr/bin/ffmpeg';
export const PETS = datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4');
export const ped2 = (n: number) => datasetPath('ucsd-ped2', 'train', `Train${String(n).padStart(3, '0')}.mp4`);

/** Why the footage checks cannot run here, or undefined when they can (CI must have them: there it fails). */
export function footageMissing(): string | undefined {
  if (process.env.CI === 'true') return undefined;
  for (const f of [PETS, ped2(1)]) if (!existsSync(f)) return `dataset clip not found: ${f}`;
  if (!existsSync(FFMPEG)) return `ffmpeg not found at ${FFMPEG} (set VIGIE_FFMPEG)`;
  return undefined;
}

export interface ClipSpec {
  input: string;
  out: string;
  /** Applied to the source resolution before the clip is scaled down (the -vf chain). */
  filter?: string;
  /** Extra plays of the input (Ped2 clips last 12 to 18 s). */
  loops?: number;
  seconds?: number;
}

/** Encodes a small H.264 clip (5 fps, 320 wide) from a dataset clip with an optional filter. */
export async function makeClip(c: ClipSpec): Promise<string> {
  const vf = ['fps=5', ...(c.filter ? [c.filter] : []), 'scale=320:-2'].join(',');
  const args = ['-nostdin', '-v', 'error', '-y', '-stream_loop', String(c.loops ?? 0), '-i', c.input];
  if (c.seconds) args.push('-t', String(c.seconds));
  args.push('-vf', vf, '-an', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '20', '-pix_fmt', 'yuv420p', c.out);
  await promisify(execFile)(FFMPEG, args, { timeout: 60_000 });
  return c.out;
}

export interface Replay {
  events: { atMs: number; event: TamperEvent }[];
  frames: number;
  durationMs: number;
}

/** Decodes a clip at 320 wide gray, 5 fps, and collects every event with the ptsMs of the frame that emitted it. */
export async function replay(input: string, opts: TamperOptionsInput = {}, cameraId = 'cam'): Promise<Replay> {
  const det = new TamperDetector(opts);
  const src = new FrameSource({ cameraId, input, width: 320, fps: 5, format: 'gray' });
  const events: Replay['events'] = [];
  let frames = 0;
  let last = 0;
  for await (const f of src.frames()) {
    for (const event of det.update(f)) events.push({ atMs: f.ptsMs, event });
    frames++;
    last = f.ptsMs;
  }
  return { events, frames, durationMs: last };
}
