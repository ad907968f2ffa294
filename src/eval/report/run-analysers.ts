// Feeds one decoded clip to several analysers side by side (one decode for all), timing each call in wall-clock
// and CPU time, and records their outputs for scoring.

import type { FrameAnalyser } from '../../analytics/pipeline/pipeline-types.js';
import type { Frame } from '../../media/frames/frame.js';
import { RunRecord } from './run-metrics.js';

export interface RunProgress {
  frame: number;
  /** Analyser index → frames per wall second so far. */
  fps: number[];
}

export interface RunOptions {
  /** Stop after this many frames. */
  limit?: number;
  onProgress?: (p: RunProgress) => void;
  /** Progress every this many frames. Default 25. */
  progressEvery?: number;
  /** Size of the truth's pixels: boxes of smaller decoded frames are scaled to it. */
  sourceSize?: { width: number; height: number };
}

/** Runs every frame through every analyser in turn; returns one record per analyser (their finish() events included). */
export async function runAnalysers(
  frames: AsyncIterable<Frame>,
  analysers: readonly FrameAnalyser[],
  o: RunOptions = {},
): Promise<RunRecord[]> {
  const records = analysers.map(() => new RunRecord(o.sourceSize));
  const limit = o.limit ?? Number.POSITIVE_INFINITY;
  const every = o.progressEvery ?? 25;
  let n = 0;
  for await (const frame of frames) {
    if (n >= limit) break;
    n++;
    for (let i = 0; i < analysers.length; i++) {
      // Each analyser may mask the frame in place: the others get their own copy.
      const own = i === analysers.length - 1 ? frame : { ...frame, data: frame.data.slice() };
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const r = await analysers[i]!.process(own);
      const wall = performance.now() - t0;
      const c = process.cpuUsage(c0);
      records[i]!.add(r, frame, wall, (c.user + c.system) / 1000);
    }
    if (o.onProgress && (n % every === 0 || n === limit)) {
      o.onProgress({ frame: n, fps: records.map((r) => (r.wallMs > 0 ? (1000 * r.frames) / r.wallMs : 0)) });
    }
  }
  for (const [i, a] of analysers.entries()) records[i]!.events.push(...a.finish());
  return records;
}
