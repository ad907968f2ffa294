// Real footage (PETS09, UCSD Ped2) turned into small H.264 clips by real ffmpeg, with an optional SYNTHETIC RGBA
// overlay piped in frame by frame and an optional filter, then replayed through the production decoder (FrameSource,
// rgb24) into a FireDetector. On PETS09 the people of its ground truth stand in for the camera's tracks (the
// detector's movers), as the live pipeline gives its tracker's boxes; Ped2 has no boxes and runs without.
import { existsSync, readFileSync } from 'node:fs';
import { FireDetector, type FireEvent, type FireOptionsInput } from '../../../src/analytics/fire/index.js';
import type { Box } from '../../../src/analytics/geometry/box.js';
import { datasetPath } from '../../../src/eval/datasets/paths.js';
import { makeClip as makeClipFrom } from '../../../src/eval/report/constructed/clip-maker.js';
import type { Overlay } from '../../../src/eval/report/constructed/overlays.js';
import { FrameSource } from '../../../src/media/decode/frame-source.js';

export const FFMPEG = process.env.VIGIE_FFMPEG ?? '/usr/bin/ffmpeg';
const PETS_GT = datasetPath('pets09-s2l1', 'gt.txt');
export const PETS = { path: datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4'), w: 320, h: 240, loops: 0, gt: PETS_GT };
export const PED2 = { path: datasetPath('ucsd-ped2', 'train', 'Train001.mp4'), w: 320, h: 214, loops: 3 };
type Source = { path: string; w: number; h: number; loops: number; gt?: string };
export const FPS = 5;

/** Why the footage checks cannot run here, or undefined when they can (CI must have them: there it fails). */
export function footageMissing(): string | undefined {
  if (process.env.CI === 'true') return undefined;
  for (const f of [PETS.path, PED2.path]) if (!existsSync(f)) return `dataset clip not found: ${f}`;
  if (!existsSync(FFMPEG)) return `ffmpeg not found at ${FFMPEG} (set VIGIE_FFMPEG)`;
  return undefined;
}

export interface ClipSpec {
  src: Source;
  out: string;
  seconds: number;
  overlay?: Overlay;
  /** ffmpeg filter applied to the scaled footage before the overlay (e.g. a colour ramp). */
  filter?: string;
}

/** Encodes `seconds` of the source at 5 fps and 320 wide, with the overlay pasted on every frame. */
export async function makeClip(c: ClipSpec): Promise<Clip> {
  const { path, w, h, loops } = c.src;
  const file = await makeClipFrom({
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
  return { file, ...(c.src.gt && { movers: petsPeople(c.src.gt, w / 768) }) };
}

export interface Clip {
  file: string;
  /** The people in view at a clip time (frame pixels), from the footage's ground truth. */
  movers?: (tMs: number) => Box[];
}

/** PETS09 ground-truth boxes (MOT format, 7 fps source) at a clip time, scaled to the clip. */
function petsPeople(gt: string, scale: number): (tMs: number) => Box[] {
  const byFrame = new Map<number, Box[]>();
  for (const line of readFileSync(gt, 'utf8').split('\n')) {
    const [f, , x, y, w, h] = line.split(',').map(Number);
    if (!f || w === undefined || h === undefined) continue;
    const list = byFrame.get(f) ?? [];
    list.push([x! * scale, y! * scale, w * scale, h * scale]);
    byFrame.set(f, list);
  }
  return (tMs) => byFrame.get(Math.round((tMs / 1000) * 7) + 1) ?? [];
}

export interface Replay {
  events: { atMs: number; event: FireEvent }[];
  frames: number;
  msPerFrame: number;
}

/** Decodes a clip as rgb24 and collects every event with the ptsMs of the frame that emitted it. */
export async function replay(clip: Clip, opts: FireOptionsInput = {}): Promise<Replay> {
  const det = new FireDetector(opts);
  const src = new FrameSource({ cameraId: 'cam', input: clip.file, format: 'rgb24' });
  const events: Replay['events'] = [];
  let frames = 0;
  let last = 0;
  let busy = 0;
  for await (const f of src.frames()) {
    const t0 = performance.now();
    for (const event of det.update(f, clip.movers?.(f.ptsMs))) events.push({ atMs: f.ptsMs, event });
    busy += performance.now() - t0;
    frames++;
    last = f.ptsMs;
  }
  for (const event of det.flush(last)) events.push({ atMs: last, event });
  return { events, frames, msPerFrame: busy / Math.max(1, frames) };
}
