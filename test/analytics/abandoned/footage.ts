// Real footage for the abandoned-object tests: dataset clips altered with real ffmpeg filters (an object or a still
// person pasted in) into a temp dir, replayed through the production decoder (FrameSource, 320 wide RGB, 5 fps)
// with the real person detector (NanoDet 320) feeding the person boxes.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import {
  type AbandonedEvent,
  AbandonedObjectDetector,
  type PersonBox,
} from '../../../src/analytics/abandoned/abandoned-detector.js';
import type { AbandonedOptionsInput } from '../../../src/analytics/abandoned/abandoned-options.js';
import { OnnxDetector } from '../../../src/analytics/detect/onnx-detector.js';
import { datasetPath } from '../../../src/eval/datasets/paths.js';
import { FrameSource } from '../../../src/media/decode/frame-source.js';
import { testNanodetModel } from '../helpers/models.js';

export const FFMPEG = process.env.VIGIE_FFMPEG ?? '/usr/bin/ffmpeg';
export const PETS = datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4');
export const PETS_GT = datasetPath('pets09-s2l1', 'gt.txt');
export const SHANGHAI_IMG = datasetPath('shanghaitech-b', 'train', 'IMG_1.jpg');
export const ped2 = (n: number) => datasetPath('ucsd-ped2', 'train', `Train${String(n).padStart(3, '0')}.mp4`);
const FPS = 5;
const WIDTH = 320;

/** Why the footage checks cannot run here, or undefined when they can (CI must have them: there it fails). */
export function footageMissing(): string | undefined {
  if (process.env.CI === 'true') return undefined;
  for (const f of [PETS, PETS_GT, SHANGHAI_IMG, ped2(1)]) if (!existsSync(f)) return `dataset file not found: ${f}`;
  if (!existsSync(FFMPEG)) return `ffmpeg not found at ${FFMPEG} (set VIGIE_FFMPEG)`;
  return undefined;
}

export interface ClipSpec {
  inputs: string[];
  out: string;
  /** -filter_complex graph over the inputs, ending in [v] (source resolution); scaled to 5 fps, 320 wide after. */
  graph?: string;
  /** Extra plays of the first input. */
  loops?: number;
  seconds?: number;
}

/** Encodes a small H.264 clip (5 fps, 320 wide) from dataset files with an optional filter graph. */
export async function makeClip(c: ClipSpec): Promise<string> {
  const args = ['-nostdin', '-v', 'error', '-y', '-stream_loop', String(c.loops ?? 0)];
  for (const i of c.inputs) args.push('-i', i);
  const tail = `fps=${FPS},scale=${WIDTH}:-2`;
  args.push('-filter_complex', c.graph ? `${c.graph};[v]${tail}[o]` : `[0:v]${tail}[o]`, '-map', '[o]');
  if (c.seconds) args.push('-t', String(c.seconds));
  args.push('-an', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '18', '-pix_fmt', 'yuv420p', c.out);
  await promisify(execFile)(FFMPEG, args, { timeout: 120_000 });
  return c.out;
}

export interface Replay {
  events: { atMs: number; event: AbandonedEvent }[];
  frames: number;
  durationMs: number;
  /** Frames the person detector ran on, and people it found in all. */
  detections: { runs: number; persons: number };
}

/** The person detector the tests share (one per test file): NanoDet at 320, one thread, people only. */
export async function personDetector(): Promise<OnnxDetector> {
  return OnnxDetector.create({
    modelPath: await testNanodetModel(320),
    inputSize: 320,
    threads: 1,
    scoreThreshold: 0.4,
    nmsIou: 0.4,
    classes: ['person'],
  });
}

/**
 * Decodes a clip (320 wide RGB, 5 fps), detects people every `every` frames (boxes kept in between); `people`
 * undefined: no person boxes at all (control runs).
 */
export async function replay(
  input: string,
  people: OnnxDetector | undefined,
  opts: AbandonedOptionsInput,
  every = 2,
): Promise<Replay> {
  const det = new AbandonedObjectDetector(opts);
  const src = new FrameSource({ cameraId: 'cam', input, width: WIDTH, fps: FPS, format: 'rgb24' });
  const out: Replay = { events: [], frames: 0, durationMs: 0, detections: { runs: 0, persons: 0 } };
  let persons: PersonBox[] = [];
  for await (const f of src.frames()) {
    if (people && out.frames % every === 0) {
      persons = await people.detect(f);
      out.detections.runs++;
      out.detections.persons += persons.length;
    }
    for (const event of det.update(f, persons)) out.events.push({ atMs: f.ptsMs, event });
    out.frames++;
    out.durationMs = f.ptsMs;
  }
  return out;
}
