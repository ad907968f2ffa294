// PETS09-S2L1 access for tests and benches: read-only shared dataset, frames decoded on the fly by ffmpeg.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetPath } from '../../../src/eval/datasets/paths.js';

export const PETS09_DIR = process.env.VIGIE_PETS09_DIR ?? datasetPath('pets09-s2l1');
export const PETS09_VIDEO = join(PETS09_DIR, 'PETS09-S2L1.mp4');
const FFMPEG = process.env.VIGIE_FFMPEG ?? '/usr/bin/ffmpeg';
const FPS = 7;
const WIDTH = 768;
const HEIGHT = 576;

export interface RgbFrame {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface GtBox {
  id: number;
  box: [number, number, number, number];
}

/** Why the PETS09 checks cannot run here, or undefined when they can. */
export function pets09Missing(): string | undefined {
  // CI always has the shared datasets beside its clone: there a missing dataset must fail, not skip.
  if (process.env.CI === 'true') return undefined;
  if (!existsSync(PETS09_VIDEO)) return `PETS09-S2L1 dataset not found at ${PETS09_DIR} (set VIGIE_PETS09_DIR)`;
  if (!existsSync(FFMPEG)) return `ffmpeg not found at ${FFMPEG} (set VIGIE_FFMPEG)`;
  return undefined;
}

/** Decodes 1-based frame `n` (the numbering of gt.txt) as RGB24. */
export function pets09Frame(n: number): RgbFrame {
  // ffmpeg returns the first frame at or after -ss: aim a quarter frame early so rounding cannot skip it.
  const t = Math.max(0, (n - 1.25) / FPS).toFixed(4);
  const args = ['-nostdin', '-v', 'error', '-ss', t, '-i', PETS09_VIDEO, '-frames:v', '1'];
  const data = execFileSync(FFMPEG, [...args, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
    maxBuffer: WIDTH * HEIGHT * 3 + 1024,
  });
  if (data.length !== WIDTH * HEIGHT * 3) throw new Error(`ffmpeg returned ${data.length} bytes for frame ${n}`);
  return { width: WIDTH, height: HEIGHT, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** Ground-truth person boxes of 1-based frame `n` (MOT format; rows flagged 0 are ignored). */
export function pets09Gt(n: number): GtBox[] {
  return readFileSync(join(PETS09_DIR, 'gt.txt'), 'utf8')
    .split('\n')
    .map((line) => line.split(',').map(Number))
    .filter((f) => f[0] === n && f[6] !== 0)
    .map((f) => ({ id: f[1]!, box: [f[2]!, f[3]!, f[4]!, f[5]!] }));
}
