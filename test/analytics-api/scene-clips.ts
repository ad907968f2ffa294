// Real footage for the live scene-analytics test, made by real ffmpeg into a temp dir: each clip is what one
// simulated camera loops. Encoded camera-like (no B-frames, a keyframe a second) so the simulator serves it as is
// (the fire clip, from the constructed-case maker, it re-encodes as a camera would).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { datasetPath } from '../../src/eval/datasets/paths.js';
import { makeClip } from '../../src/eval/report/constructed/clip-maker.js';
import { flame } from '../../src/eval/report/constructed/overlays.js';

export const FFMPEG = process.env.VIGIE_FFMPEG ?? '/usr/bin/ffmpeg';
const PETS = datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4');
const SHANGHAI = datasetPath('shanghaitech-b', 'train', 'IMG_1.jpg');
export const ped2 = (set: 'train' | 'test', name: string) => datasetPath('ucsd-ped2', set, `${name}.mp4`);

/** Why the test cannot run here, or undefined when it can (CI has the datasets: there a missing one fails). */
export function footageMissing(): string | undefined {
  if (process.env.CI === 'true') return undefined;
  const lacking = [PETS, SHANGHAI, ped2('train', 'Train004'), ped2('test', 'Test002'), FFMPEG].find(
    (f) => !existsSync(f),
  );
  return lacking && `not found: ${lacking} (datasets beside the checkout, ffmpeg at VIGIE_FFMPEG)`;
}

async function encode(out: string, inputs: string[], graph: string, fps: number, seconds?: number) {
  const args = ['-nostdin', '-v', 'error', '-y', ...inputs.flatMap((i) => ['-i', i]), '-filter_complex', graph];
  args.push('-map', '[v]', ...(seconds ? ['-t', String(seconds)] : []), '-an', '-c:v', 'libx264');
  args.push(...`-preset ultrafast -crf 20 -bf 0 -g ${fps} -pix_fmt yuv420p`.split(' '), out);
  await promisify(execFile)(FFMPEG, args, { timeout: 120_000 });
  return out;
}

/**
 * A Ped2 clip played forward and backward in turn (each `step` > 1: source frames skipped), at its own 10 fps.
 * Looping a clip would cut from its end to its start, people jumping (crowd movement raised a counter-flow at such
 * a cut, docs/analytics-ii.md); ending where it began, forward then backward, loops seamlessly. People walk both
 * ways on the Ped2 walkway, so backward footage shows the usual scene. Each part drops its first frame, the last one
 * shown before the turn (no frame shown twice, no still moment at a turn).
 */
function palindrome(input: string, out: string, parts: { back: boolean; step: number }[]) {
  const split = `[0:v]split=${parts.length}${parts.map((_, i) => `[s${i}]`).join('')}`;
  const each = parts.map(
    (p, i) =>
      `[s${i}]${p.back ? 'reverse,' : ''}trim=start_frame=1${p.step > 1 ? `,select='not(mod(n\\,${p.step}))'` : ''}[p${i}]`,
  );
  const concat = `${parts.map((_, i) => `[p${i}]`).join('')}concat=n=${parts.length}:v=1:a=0,setpts=N/10/TB[v]`;
  return encode(out, [input], [split, ...each, concat].join(';'), 10);
}

/** Crowd: Train004 (18 s) at walking pace for 53.7 s, then 13.5 s with frames skipped x4 (people suddenly run). */
export const CROWD = { fromMs: 53_700, toMs: 67_200, loopMs: 67_200 };
export const crowdClip = (dir: string) =>
  palindrome(ped2('train', 'Train004'), join(dir, 'crowd.mp4'), [
    { back: false, step: 1 },
    { back: true, step: 1 },
    { back: false, step: 1 },
    { back: true, step: 4 },
    { back: false, step: 4 },
    { back: true, step: 4 },
  ]);

/**
 * Unusual: Test002 backward then forward, so that a camera joining in the first seconds sees the normal scene first:
 * bikes and a cart in its frames 95-180 (labels), on screen from 27.2 s to the end and, looped, on to 8.4 s.
 */
export const UNUSUAL = { fromMs: 27_200, toMs: 35_800 + 8_400, loopMs: 35_800 };
export const unusualClip = (dir: string) =>
  palindrome(ped2('test', 'Test002'), join(dir, 'unusual.mp4'), [
    { back: true, step: 1 },
    { back: false, step: 1 },
  ]);

/** PETS09 at 5 fps and 320 wide through `filter`, the first `seconds` (it then loops: the view is unchanged). */
const pets = (dir: string, name: string, filter: string, seconds: number) =>
  encode(join(dir, name), [PETS], `[0:v]fps=5,scale=320:240,${filter}[v]`, 5, seconds);

/** Tamper: PETS09 defocused (Gaussian blur sigma 12) from 25 s to 37 s of a 45 s loop. */
export const TAMPER = { fromMs: 25_000, toMs: 37_000, loopMs: 45_000 };
export const tamperClip = (dir: string) => pets(dir, 'tamper.mp4', "gblur=sigma=12:enable='between(t,25,37)'", 45);

/** Abandoned: a bag-like patch (a ShanghaiTech clothing crop) left on the PETS09 road from 20 s to 60 s. */
export const ABANDONED = { fromMs: 20_000, toMs: 60_000, box: [233, 158, 13, 17], loopMs: 60_000 };
export const abandonedClip = (dir: string) =>
  encode(
    join(dir, 'abandoned.mp4'),
    [PETS, SHANGHAI],
    "[1:v]crop=32:40:330:560[p];[0:v][p]overlay=560:380:enable='gte(t,20)',fps=5,scale=320:240[v]",
    5,
    60,
  );

/** Fire: a SYNTHETIC flame (no fire footage exists in the datasets) pasted on PETS09 from 20 s of a 40 s loop. */
export const FIRE = { fromMs: 20_000, toMs: 40_000, base: [0.2 * 320, 0.8 * 240], loopMs: 40_000 };
export const fireClip = (dir: string) =>
  makeClip({
    inputs: [PETS],
    out: join(dir, 'fire.mp4'),
    seconds: 40,
    fps: 5,
    width: 320,
    height: 240,
    ffmpeg: FFMPEG,
    overlay: flame(20, 0.2, 0.8),
  });
