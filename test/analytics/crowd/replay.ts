// Test footage for the crowd detector: clips decoded once into memory, replayed on a synthetic timeline (normal
// play, or stretches where source frames are skipped so that people appear to move several times faster).

import { FrameSource } from '../../../src/media/decode/frame-source.js';
import type { Frame } from '../../../src/media/frames/frame.js';

/** Every frame of a clip, gray, at `width` (aspect kept). */
export async function decodeClip(input: string, width = 160): Promise<Frame[]> {
  const src = new FrameSource({ cameraId: 'crowd-test', input, width });
  const frames: Frame[] = [];
  for await (const f of src.frames()) frames.push(f);
  return frames;
}

export interface Stretch {
  /** Timeline frame index at which the stretch begins. */
  at: number;
  /** Timeline frames it lasts. */
  length: number;
  /** Source frames advanced per timeline frame (4: people move 4x faster). */
  step: number;
}

/** Source frame indices for each timeline frame: step 1, except inside the stretch; stops at the clip's end. */
export function schedule(total: number, stretch?: Stretch): number[] {
  const order: number[] = [];
  for (let i = 0; i < total; ) {
    const t = order.length;
    order.push(i);
    i += stretch && t >= stretch.at && t < stretch.at + stretch.length ? stretch.step : 1;
  }
  return order;
}

/** The clip replayed along `order` at `fps`, timestamps regular whatever frame is shown. */
export function* replay(frames: Frame[], order: number[], fps: number, t0Ms = 0): Generator<Frame> {
  for (let t = 0; t < order.length; t++) {
    yield { ...frames[order[t]!]!, seq: t, ptsMs: t0Ms + (t * 1000) / fps };
  }
}
