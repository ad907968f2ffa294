// Decode and motion costs of the analytics front end: the ffmpeg ceiling, frames piped into Node, motion per frame.

import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { Mog2Model, SigmaDeltaModel } from '../src/analytics/motion/background-model.js';
import { MotionDetector } from '../src/analytics/motion/motion-detector.js';
import { openCvLoadMs } from '../src/analytics/motion/opencv.js';
import { datasetPath } from '../src/eval/datasets/paths.js';
import { FrameSource } from '../src/media/decode/frame-source.js';
import type { Frame } from '../src/media/frames/frame.js';
import { fmt, machine, median } from './lib.js';

const PETS = datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4');
const FRAMES = 795;

const UCSD = datasetPath('ucsd-ped2', 'train', 'Train001.mp4');

/** ffmpeg alone (decode + scale + gray, output thrown away): frames per wall second and per CPU second. */
async function ffmpegOnly(
  threads: number,
  input = PETS,
  frames = FRAMES,
  scale = '640:360',
  loops = 0,
): Promise<{ fps: number; fpsPerCore: number }> {
  const args = ['-nostdin', '-hide_banner', '-nostats', '-loglevel', 'info', '-benchmark', '-threads', String(threads)];
  args.push('-stream_loop', String(loops), '-i', input, '-vf', `scale=${scale}:flags=bilinear,format=gray`);
  args.push('-f', 'null', '-');
  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  const code = await new Promise<number | null>((r) => child.on('close', r));
  const m = /utime=([\d.]+)s stime=([\d.]+)s rtime=([\d.]+)s/.exec(err);
  if (code !== 0 || !m) throw new Error(`ffmpeg failed: ${err.slice(-300)}`);
  const [u, s, r] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const n = frames * (loops + 1);
  return { fps: n / r, fpsPerCore: n / (u + s) };
}

/** The same decode through FrameSource: every frame reassembled into a Frame in Node (lossless pull). */
async function piped(width: number, height: number, limit = Infinity): Promise<{ fps: number; frames: Frame[] }> {
  const src = new FrameSource({ cameraId: 'bench', input: PETS, width, height, keepAspect: false });
  const frames: Frame[] = [];
  const t0 = performance.now();
  let n = 0;
  for await (const f of src.frames()) {
    n++;
    if (frames.length < limit) frames.push(f);
  }
  return { fps: (n / (performance.now() - t0)) * 1000, frames };
}

function timePerFrame(frames: Frame[], fn: (f: Frame) => void): number {
  const times: number[] = [];
  for (const f of frames) {
    const t0 = performance.now();
    fn(f);
    times.push(performance.now() - t0);
  }
  // Median over the clip, skipping the first frames (JIT warm-up, model seeding).
  return median(times.slice(20));
}

export async function runDecodeBench(): Promise<string> {
  const one = await ffmpegOnly(1);
  const all = await ffmpegOnly(0);
  // A small source for comparison: the ceiling scales with the source's pixels, not the output's.
  const ucsd = await ffmpegOnly(1, UCSD, 120, '360:240', 9);
  const pipe = await piped(640, 360);
  const small = (await piped(320, 180, 400)).frames;
  const big = (await piped(640, 360, 400)).frames;

  const sd = new SigmaDeltaModel();
  const sdMs = timePerFrame(small, (f) => sd.apply(f.data, 320, 180, f.ptsMs));
  const t0 = performance.now();
  const mog = await Mog2Model.create();
  const loadMs = openCvLoadMs || performance.now() - t0;
  const mogMs = timePerFrame(small, (f) => mog.apply(f.data, 320, 180));
  mog.close();
  const full: Record<string, number> = {};
  for (const model of ['sigma-delta', 'mog2'] as const) {
    const md = await MotionDetector.create({ model, analysisWidth: 320 });
    full[model] = timePerFrame(big, (f) => md.detect(f));
    md.close();
  }
  return [
    '## Analytics front end: decode and motion',
    '',
    `Machine: ${machine()}. Source: PETS09-S2L1 (768x576 H.264, ${FRAMES} frames), decoded to 640x360 gray.`,
    '',
    '| stage | figure |',
    '|---|---|',
    `| ffmpeg decode+scale, 1 thread (physical ceiling per core) | ${fmt(one.fpsPerCore, 0)} fps per CPU-second (${fmt(one.fps, 0)} fps wall) |`,
    `| ffmpeg decode+scale, default threads | ${fmt(all.fps, 0)} fps wall, ${fmt(all.fpsPerCore, 0)} per CPU-second |`,
    `| ffmpeg decode, UCSD Ped2 360x240 source, 1 thread | ${fmt(ucsd.fpsPerCore, 0)} fps per CPU-second |`,
    `| FrameSource: frames piped into Node as Frame objects | ${fmt(pipe.fps, 0)} fps wall |`,
    `| opencv-js load (once per thread) | ${fmt(loadMs, 0)} ms |`,
    `| background model alone at 320x180: sigma-delta (ours) | ${fmt(sdMs, 2)} ms/frame |`,
    `| background model alone at 320x180: MOG2 (opencv-js) | ${fmt(mogMs, 2)} ms/frame |`,
    `| full motion step, 640x360 frame → 320x180 (downscale, model, morphology, components): sigma-delta | ${fmt(full['sigma-delta']!, 2)} ms/frame |`,
    `| full motion step, same, MOG2 | ${fmt(full.mog2!, 2)} ms/frame |`,
    '',
    'Medians over the clip after 20 warm-up frames. Other jobs may share the cores: compare rows of one run, not runs.',
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await runDecodeBench());
}
