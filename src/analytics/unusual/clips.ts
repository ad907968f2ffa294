// Learning from and scoring whole video files (evaluation, and learning a camera from its recordings).
import { readFileSync } from 'node:fs';
import { FrameSource } from '../../media/decode/frame-source.js';
import type { UsualModel, UsualScore } from './model.js';

export interface ClipOptions {
  /** Resample to this rate (absent: every frame). Learn and score at the same rate. */
  fps?: number;
  /** Decode straight to about this width (the model's analysis width is enough; less decoding work). */
  width?: number;
}

function source(model: UsualModel, file: string, o: ClipOptions): FrameSource {
  return new FrameSource({ cameraId: model.cameraId, input: file, fps: o.fps, width: o.width ?? model.options.width });
}

/** Learns every frame of a file of normal footage; returns the number of frames read. */
export async function learnClip(model: UsualModel, file: string, o: ClipOptions = {}): Promise<number> {
  let n = 0;
  for await (const f of source(model, file, o).frames()) {
    model.learn(f);
    n++;
  }
  return n;
}

/** Scores every frame of a file, in order. */
export async function scoreClip(model: UsualModel, file: string, o: ClipOptions = {}): Promise<UsualScore[]> {
  const out: UsualScore[] = [];
  for await (const f of source(model, file, o).frames()) out.push(model.score(f));
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
