// What a per-camera analysis pipeline module exports, to be run inside a pool worker.
import type { Frame } from '../../media/frames/frame.js';

/** One camera's analysis state (background model, tracker...); frames of a camera arrive in order, one at a time. */
export interface FramePipeline<R = unknown> {
  /** The result must be structured-cloneable (it crosses a thread boundary). May modify frame.data in place. */
  analyse(frame: Frame): R | Promise<R>;
  close?(): void | Promise<void>;
  /** What the pipeline runs, as it understood its config (plain data): shown in health, checked by seam tests. */
  describe?(): unknown;
}

/**
 * A pipeline module's `createPipeline` export. `config` is whatever `AnalysisPool.addCamera` was given
 * (structured-cloneable: plain data, no functions).
 */
export type PipelineFactory<C = unknown, R = unknown> = (
  cameraId: string,
  config: C,
) => FramePipeline<R> | Promise<FramePipeline<R>>;

export interface PipelineModule<C = unknown, R = unknown> {
  createPipeline: PipelineFactory<C, R>;
}
