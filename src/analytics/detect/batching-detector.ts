import type { Detection } from './nanodet-decoder.js';
import type { OnnxDetector } from './onnx-detector.js';
import type { RgbFrameLike } from './preprocess.js';

export interface BatchingOptions {
  /** Most frames per inference. */
  maxBatch: number;
  /** Longest wait for more frames before running a partial batch. */
  maxWaitMs: number;
}

interface Pending {
  frame: RgbFrameLike;
  resolve: (d: Detection[]) => void;
  reject: (e: Error) => void;
}

/**
 * Gathers frames from many cameras into one inference (a GPU runs a batch of 8 in about the time of one frame).
 * Each caller still gets its own detections; a batch runs as soon as it is full or the oldest frame has waited.
 */
export class BatchingDetector {
  private queue: Pending[] = [];
  private timer?: NodeJS.Timeout;
  batches = 0;
  frames = 0;

  constructor(
    private readonly detector: OnnxDetector,
    private readonly o: BatchingOptions,
  ) {}

  detect(frame: RgbFrameLike): Promise<Detection[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ frame, resolve, reject });
      if (this.queue.length >= this.o.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.o.maxWaitMs);
    });
  }

  private flush() {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue.splice(0, this.o.maxBatch);
    if (batch.length === 0) return;
    if (this.queue.length) this.timer = setTimeout(() => this.flush(), this.o.maxWaitMs);
    this.batches++;
    this.frames += batch.length;
    this.detector.detectBatch(batch.map((p) => p.frame)).then(
      (results) => {
        for (const [i, p] of batch.entries()) p.resolve(results[i]!);
      },
      (err: Error) => {
        for (const p of batch) p.reject(err);
      },
    );
  }

  close() {
    return this.detector.close();
  }
}
