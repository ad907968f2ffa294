import { existsSync } from 'node:fs';
import { runToolOk } from '../ffmpeg/run.js';
import { type ClipOptions, cachedClip, cacheKey, h264Args, type Size, type StreamClip } from './clip-cache.js';
import { footageClip, subSizeFor } from './footage.js';

export const DEFAULT_MAIN: Size = { width: 1280, height: 720 };
export const DEFAULT_SUB: Size = { width: 640, height: 360 };
export const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
// Bump when the generated pictures change, so stale cache entries are not reused.
const SCENE_VERSION = 1;

const PALETTES = [
  { c0: '0x203040', c1: '0x506070', a: 'red', b: 'yellow', c: 'white' },
  { c0: '0x304020', c1: '0x6a7a50', a: 'blue', b: 'orange', c: 'cyan' },
  { c0: '0x402828', c1: '0x806050', a: 'green', b: 'magenta', c: 'white' },
  { c0: '0x202020', c1: '0x606060', a: 'orange', b: 'cyan', c: 'yellow' },
];

/** lavfi inputs: a background and three plain boxes (two "cars", one "pedestrian"). */
function sceneInputs(variant: number, { width: w, height: h }: Size, fps: number, seconds: number, font: boolean) {
  const p = PALETTES[variant]!;
  const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);
  // Without a font, testsrc2 is the background: it carries its own moving pattern and running timestamp.
  const bg = font
    ? `gradients=s=${w}x${h}:r=${fps}:c0=${p.c0}:c1=${p.c1}:speed=0.00001:d=${seconds}`
    : `testsrc2=s=${w}x${h}:r=${fps}:d=${seconds}`;
  const box = (c: string, bw: number, bh: number) => `color=c=${c}:s=${even(bw)}x${even(bh)}:r=${fps}`;
  const inputs = [bg, box(p.a, w / 8, h / 8), box(p.b, w / 10, h / 10), box(p.c, w / 40, h / 7)];
  return inputs.flatMap((i) => ['-f', 'lavfi', '-i', i]);
}

/** Moves the boxes over the background and burns in the stream time and frame number. */
function sceneGraph(variant: number, { width: w, height: h }: Size, seconds: number, font: boolean): string {
  const T = seconds;
  // Motions are periodic in T so the loop point shows no jump (only the burnt-in counter restarts).
  const car = `[0][1]overlay=x='mod(t/${T}*2,1)*(W+w)-w':y=${Math.round(h * 0.62)}:shortest=1[a]`;
  const car2 = `[a][2]overlay=x='W-mod(t/${T}*3,1)*(W+w)':y=${Math.round(h * 0.76)}[b]`;
  const ped = `[b][3]overlay=x='W/2+W/4*sin(2*PI*t/${T})':y='H*0.4+H*0.12*cos(4*PI*t/${T})'[c]`;
  const fs = Math.max(10, Math.round(h / 20));
  const text = font
    ? `[c]drawtext=fontfile=${FONT}:text='VIGIE SIM ${variant}  ${w}x${h}  %{pts\\:hms}  f=%{n}':` +
      `x=${Math.round(w * 0.015)}:y=${Math.round(h * 0.025)}:fontsize=${fs}:fontcolor=white:box=1:boxcolor=black@0.6[v]`
    : '[c]null[v]';
  return [car, car2, ped, text].join(';');
}

/** A generated street scene at one size, H.264 main profile, `seconds` long, encoded once then cached. */
export function sceneClip(size: Size, variant = 0, opts: ClipOptions = {}): Promise<StreamClip> {
  const fps = opts.fps ?? 25;
  const seconds = opts.seconds ?? 20;
  const font = existsSync(FONT);
  const v = variant % PALETTES.length;
  const name = `scene${v}-${size.width}x${size.height}-${fps}fps-${seconds}s-${cacheKey([SCENE_VERSION, font])}`;
  return cachedClip(name, { ...size, fps }, opts, (out) =>
    runToolOk(
      opts.ffmpeg ?? 'ffmpeg',
      [
        ...['-nostdin', '-v', 'error', '-y', ...sceneInputs(v, size, fps, seconds, font)],
        ...['-filter_complex', sceneGraph(v, size, seconds, font), '-map', '[v]', '-t', String(seconds)],
        ...h264Args(fps),
        ...['-f', 'mpegts', out],
      ],
      { timeoutMs: 300_000 },
    ),
  );
}

export interface CameraClips {
  main: StreamClip;
  sub: StreamClip;
}

/** Main + sub clips for one camera: footage when given, else generated scene `variant`. */
export async function cameraClips(
  o: ClipOptions & { footage?: string; variant?: number; main?: Size; sub?: Size },
): Promise<CameraClips> {
  if (o.footage) {
    const main = await footageClip(o.footage, o.main, o);
    return { main, sub: await footageClip(o.footage, o.sub ?? subSizeFor(main), o) };
  }
  const main = await sceneClip(o.main ?? DEFAULT_MAIN, o.variant ?? 0, o);
  return { main, sub: await sceneClip(o.sub ?? DEFAULT_SUB, o.variant ?? 0, o) };
}
