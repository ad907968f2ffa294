// How the centre decodes a camera for its analytics, in one place: the centre (the analytics supervisor), `vigie
// learn` and `vigie eval --clip` all take their decoder settings from here, so a model learnt from a camera's files is
// scored on frames of the size and rate it was learnt on, and an evaluation measures the frames the camera analyses.
import type { FrameSourceOptions } from '../../media/decode/frame-source.js';

/**
 * yuv420p (half the bytes of rgb24; colour is made only where needed), the spec's analysis rate, its `width` with the
 * height keeping the aspect. A source narrower than `width` is scaled up to it, as the centre has always decoded
 * cameras: learning and evaluating do the same, whatever the centre does is what they must measure.
 */
export function cameraDecodeOptions(spec: {
  fps: number;
  width: number;
}): Required<Pick<FrameSourceOptions, 'format' | 'fps' | 'width'>> {
  return { format: 'yuv420p', fps: spec.fps, width: spec.width };
}
