import { BatchingDetector } from '../../analytics/detect/batching-detector.js';
import { ensureNanodetOnnx } from '../../analytics/detect/convert/convert-nanodet.js';
import { OnnxDetector } from '../../analytics/detect/onnx-detector.js';
import { resolvePrecision } from '../../analytics/detect/precision.js';
import type { InputShape } from '../../analytics/detect/preprocess.js';
import type { FrameDetector } from '../../analytics/pipeline/detection-cache.js';
import type { PipelineSettings } from '../../analytics/pipeline/settings.js';

// One batching detector per worker thread and model setting: every camera of the worker feeds the same GPU session.
const shared = new Map<string, Promise<BatchingDetector>>();

/**
 * Detector factory for the CUDA path: cameras share one session that runs their frames as one batch (up to 8, or
 * whatever arrived within 10 ms). Without a GPU the session falls back to CPU with one log line (OnnxDetector).
 */
export function sharedBatchingFactory(s: PipelineSettings, modelCacheDir: string, log: (m: string) => void) {
  return async ({ width, height }: InputShape): Promise<FrameDetector> => {
    const key = JSON.stringify([
      width,
      height,
      s.threads,
      s.classes,
      s.lowScoreThreshold,
      s.nmsIou,
      s.executionProvider,
      s.precision,
    ]);
    let det = shared.get(key);
    if (!det) {
      const precision = resolvePrecision(s.precision, s.executionProvider);
      det = ensureNanodetOnnx(modelCacheDir, width, { precision, inputHeight: height }).then(async (modelPath) => {
        const onnx = await OnnxDetector.create({
          modelPath,
          inputSize: width,
          inputHeight: height,
          threads: s.threads,
          classes: s.classes,
          scoreThreshold: s.lowScoreThreshold,
          nmsIou: s.nmsIou,
          executionProvider: s.executionProvider,
          logger: log,
        });
        return new BatchingDetector(onnx, { maxBatch: 8, maxWaitMs: 10 });
      });
      shared.set(key, det);
    }
    const b = await det;
    // Shared: a camera leaving does not close the session the others use.
    return { detect: (frame) => b.detect(frame) };
  };
}
