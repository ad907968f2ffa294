// Real footage (PETS09, UCSD Ped2) turned into small H.264 clips by real ffmpeg, with an optional SYNTHETIC RGBA
// overlay piped in frame by frame and an optional filter, then replayed through the production decoder (FrameSource,
// rgb24) into a FireDetector.
import { existsSync } from 'node:fs';
import { FireDetector, type FireEvent, type FireOptionsInput } from '../../../src/analytics/fire/index.js';
import { datasetPath } from '../../../src/eval/datasets/paths.js';
import { makeClip as makeClipFrom } from '../../../src/eval/report/constructed/clip-maker.js';
import type { Overlay } from '../../../src/eval/report/constructed/overlays.js';
import { FrameSource } from '../../../src/media/decode/frame-source.js';

export const FFMPEG = process.env.VIGIE_FFMPEG ?? '/usr/bin/ffmpeg';
export const PETS = { path: datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4'), w: 320, h: 240, loops: 0 };
export const PED2 = { path: datasetPath('ucsd-ped2', 'train', 'Train001.mp4'), w: 320, h: 214, loops: 3 };
export const FPS = 5;

/** Why the footage checks cannot run here, or undefined when they can (CI must have them: there it fails). */
export function footageMissing(): string | undefined {
  if (process.env.CI === 'true') return undefined;
  for (const f of [PETS.path, PED2.path]) if (!existsSync(f)) return `dataset clip not found: ${f}`;
  if (!existsSync(FFMPEG)) return `ffmpeg not found at ${FFMPEG} (set VIGIE_FFMPEG)`;
  return undefined;
}

export interface ClipSpec {
  src: typeof PETS;
  out: string;
  seconds: number;
  overlay?: Overlay;
  /** ffmpeg filter applied to the scaled footage before the overlay (e.g. a colour ramp). */
  filter?: string;
}

/** Encodes `seconds` of the source at 5 fps and 320 wide, with the overlay pasted on every frame. */
export function makeClip(c: ClipSpec): Promise<string> {
  const { path, w, h, loops } = c.src;
  return makeClipFrom({
    inputs: [path],
    out: c.out,
    seconds: c.seconds,
    fps: FPS,
    width: w,
    height: h,
    loops,
    ffmpeg: FFMPEG,
    ...(c.filter && { after: c.filter }),
    ...(c.overlay && { overlay: c.overlay }),
  });
}

export interface Replay {
  events: { atMs: number; event: FireEvent }[];
  frames: number;
  msPerFrame: number;
}

/** Decodes a clip as rgb24 and collects every event with the ptsMs of the frame that emitted it. */
export async function replay(input: string, opts: FireOptionsInput = {}): Promise<Replay> {
  const det = new FireDetector(opts);
  const src = new FrameSource({ cameraId: 'cam', input, format: 'rgb24' });
  const events: Replay['events'] = [];
  let frames = 0;
  let last = 0;
  let busy = 0;
  for await (const f of src.frames()) {
    const t0 = performance.now();
    for (const event of det.update(f)) events.push({ atMs: f.ptsMs, event });
    busy += performance.now() - t0;
    frames++;
    last = f.ptsMs;
  }
  for (const event of det.flush(last)) events.push({ atMs: last, event });
  return { events, frames, msPerFrame: busy / Math.max(1, frames) };
}
