// A CPU-bound test pipeline for the analysis pool: a fixed amount of arithmetic over the frame per call.

import type { FramePipeline } from '../../../src/analytics/pool/pipeline.js';
import type { Frame } from '../../../src/media/frames/frame.js';

export interface BusyConfig {
  /** Passes over the frame bytes per analysis (the CPU cost). */
  passes: number;
  /** Optional extra wait per frame, to make a consumer slow without burning CPU. */
  sleepMs?: number;
  /** Throw on this seq, to test error reporting. */
  failOnSeq?: number;
  /** Kill the whole worker thread on this seq, to test respawning. */
  exitOnSeq?: number;
}

export function createPipeline(cameraId: string, config: BusyConfig): FramePipeline<{ sum: number; cameraId: string }> {
  return {
    async analyse(frame: Frame) {
      if (frame.seq === config.failOnSeq) throw new Error(`boom on ${frame.seq}`);
      if (frame.seq === config.exitOnSeq) process.exit(3);
      let sum = 0;
      const d = frame.data;
      for (let p = 0; p < config.passes; p++) for (let i = 0; i < d.length; i++) sum = (sum + d[i]! * (p + 1)) | 0;
      if (config.sleepMs) await new Promise((r) => setTimeout(r, config.sleepMs));
      // Leave a mark so the test can check returned frames carry the worker's changes.
      d[0] = 7;
      return { sum, cameraId };
    },
  };
}
