// Calibration for int8: runs the float NanoDet graph on real frames and records each activation's range.
import * as ort from 'onnxruntime-node';
import { letterbox } from '../letterbox.js';
import type { RgbFrameLike } from '../preprocess.js';
import { buildNanodetGraph } from './convert-nanodet.js';
import { encodeModel } from './onnx/model.js';
import { type ActivationRanges, activationTensors, withTensorOutputs } from './onnx/quantize.js';

/**
 * Range of each tensor to quantise, over the frames. The extreme values are kept, not a percentile: the outliers
 * are real activations on these few frames and clipping them cost accuracy in a trial at this model's size.
 */
export async function calibrateNanodet(frames: RgbFrameLike[], inputSize: number): Promise<ActivationRanges> {
  const g = buildNanodetGraph({ inputSize });
  const tensors = activationTensors(g);
  const bytes = encodeModel(withTensorOutputs(g, tensors));
  const session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 3, intraOpNumThreads: 2 });
  const ranges: ActivationRanges = {};
  try {
    for (const frame of frames) {
      const { tensor } = letterbox(frame, inputSize);
      const out = await session.run({ input: new ort.Tensor('float32', tensor, [1, 3, inputSize, inputSize]) });
      for (const t of tensors) {
        const data = out[t]!.data as Float32Array;
        let [lo, hi] = ranges[t] ?? [Infinity, -Infinity];
        for (let i = 0; i < data.length; i++) {
          const v = data[i]!;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        ranges[t] = [lo, hi];
      }
    }
  } finally {
    await session.release();
  }
  return ranges;
}
