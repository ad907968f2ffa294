// Messages between the analysis pool (main thread) and its workers; frame bytes are transferred, never copied.
import type { Frame } from '../../media/frames/frame.js';

export type ToWorker =
  /** Imports `moduleUrl` (once per worker) and calls its createPipeline(cameraId, config). */
  | { type: 'open'; cameraId: string; moduleUrl: string; config: unknown }
  /** frame.data.buffer is in the transfer list. `returnFrame`: send the (possibly masked) bytes back. */
  | { type: 'frame'; frame: Frame; returnFrame: boolean }
  | { type: 'close'; cameraId: string };

export type FromWorker =
  /** `info`: the pipeline's own describe(), when it has one. */
  | { type: 'opened'; cameraId: string; info?: unknown }
  | { type: 'open-failed'; cameraId: string; error: string }
  /** `data`: the frame's bytes transferred back when asked for (after the pipeline ran, e.g. masked). */
  | { type: 'result'; cameraId: string; seq: number; ms: number; result: unknown; data?: Uint8Array }
  | { type: 'frame-failed'; cameraId: string; seq: number; ms: number; error: string; data?: Uint8Array }
  | { type: 'closed'; cameraId: string };

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
