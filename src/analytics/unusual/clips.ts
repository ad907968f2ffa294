// Learning from and scoring whole video files (evaluation, and learning a camera from its recordings).
import { readFileSync } from 'node:fs';
import { FrameSource } from '../../media/decode/frame-source.js';
import { probeVideo } from '../../media/ffmpeg/probe.js';
import { analysisSize } from '../motion/downscale.js';
import type { UsualModel, UsualScore } from './model.js';

export interface ClipOptions {
  /** Keep the frames of this rate (FrameSource `fps`; absent: every frame). Learn and score at the same rate. */
  fps?: number;
}

/**
 * The file decoded straight to the model's picture (less decoding work): exactly the size the model computes
 * (analysisSize) from the source's own frames, as `analyze` and the centre get them. A size rounded to even on the
 * way would not be: 640x480 at 180 wide is 180x135, decoded 180x136 it was learned as 180x136 and then refused.
 */
async function source(model: UsualModel, file: string, o: ClipOptions): Promise<FrameSource> {
  const src = await probeVideo(file);
  if (!src.width || !src.height) throw new Error(`${file}: video size unknown`);
  const size = analysisSize(src.width, src.height, model.options.width);
  return new FrameSource({ cameraId: model.cameraId, input: file, fps: o.fps, ...size, keepAspect: false });
}

/** Learns every frame of a file of normal footage; returns the number of frames read. */
export async function learnClip(model: UsualModel, file: string, o: ClipOptions = {}): Promise<number> {
  let n = 0;
  for await (const f of (await source(model, file, o)).frames()) {
    model.learn(f);
    n++;
  }
  return n;
}

/** Scores every frame of a file, in order. */
export async function scoreClip(model: UsualModel, file: string, o: ClipOptions = {}): Promise<UsualScore[]> {
  const out: UsualScore[] = [];
  for await (const f of (await source(model, file, o)).frames()) out.push(model.score(f));
  return out;
}

/** UCSD-style frame labels: `frame abnormal(0/1)` per line (frame 1 = first decoded frame), `#` comments. */
export function readFrameLabels(file: string): number[] {
  const out: number[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const [frame, label] = t.split(/\s+/).map(Number);
    if (!Number.isInteger(frame) || frame! < 1) throw new Error(`${file}: bad line "${t}"`);
    out[frame! - 1] = label ? 1 : 0;
  }
  return out;
}
