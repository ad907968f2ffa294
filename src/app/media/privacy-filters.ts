// The centre's privacy blur for live pictures: one small worker pool shared by every blurred stream (each a "camera"
// of the pool, so a stream's blurrer keeps its state on one worker), frames dropped, never queued, when it falls
// behind. Nothing here decides who sees what: the live service asks for a blurred or a clear feed.
import type { AnalysisResult } from '../../analytics/pool/worker-pool.js';
import { AnalysisPool } from '../../analytics/pool/worker-pool.js';
import type { Frame } from '../../media/frames/frame.js';
import type { FrameFilterFactory } from '../../media/live/filtered-upstream.js';
import type { PrivacyModuleConfig, PrivacyResult } from './privacy-module.js';

const MODULE = new URL(`./privacy-module${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

export interface PrivacyStreamStats {
  cameraId: string;
  stream: string;
  frames: number;
  /** Pictures dropped by the pool (it fell behind): held on screen, never shown clear. */
  dropped: number;
  lastMode: string;
  lastShare: number;
  detectionAgeMs: number;
  msPerFrame: number;
}

interface Stream {
  cameraId: string;
  stream: string;
  out: (f: Frame) => void;
  frames: number;
  last?: AnalysisResult<PrivacyResult>;
}

export class PrivacyFilters {
  private pool: AnalysisPool<PrivacyResult> | undefined;
  private readonly streams = new Map<string, Stream>();
  private n = 0;

  constructor(
    private readonly config: PrivacyModuleConfig,
    private readonly o: { workers?: number; onError?: (key: string, error: string) => void } = {},
  ) {}

  private poolNow(): AnalysisPool<PrivacyResult> {
    this.pool ??= new AnalysisPool<PrivacyResult>({
      workers: this.o.workers ?? 1,
      queueCapacity: 1,
      returnFrames: true,
      onResult: (r) => {
        const s = this.streams.get(r.cameraId);
        if (!s || !r.frame) return;
        s.frames++;
        s.last = r;
        s.out(r.frame);
      },
      onError: (key, error) => this.o.onError?.(key, error),
    });
    return this.pool;
  }

  /** A filter factory for one camera stream: each run of the stream gets its own blurrer (fresh background). */
  factory(cameraId: string, stream: string): FrameFilterFactory {
    return async (out) => {
      const key = `${cameraId}/${stream}/${++this.n}`;
      const pool = this.poolNow();
      this.streams.set(key, { cameraId, stream, out, frames: 0 });
      try {
        await pool.addCamera(key, MODULE, this.config);
      } catch (e) {
        this.streams.delete(key);
        throw e;
      }
      return {
        push: (f: Frame) => {
          if (!this.streams.has(key)) return;
          pool.submit({ ...f, cameraId: key });
        },
        close: async () => {
          this.streams.delete(key);
          await pool.removeCamera(key).catch(() => undefined);
        },
      };
    };
  }

  /** Starts the worker and loads the blur module and the detector once (a throwaway stream), so the first viewer waits less. */
  async warm(): Promise<void> {
    const filter = await this.factory('warm-up', 'sub')(() => {});
    await filter.close();
  }

  stats(): PrivacyStreamStats[] {
    const pool = new Map((this.pool?.stats() ?? []).map((s) => [s.cameraId, s]));
    return [...this.streams.entries()].map(([key, s]) => {
      const p = pool.get(key);
      return {
        cameraId: s.cameraId,
        stream: s.stream,
        frames: s.frames,
        dropped: p?.dropped ?? 0,
        lastMode: s.last?.result.mode ?? 'warming',
        lastShare: s.last?.result.share ?? 1,
        detectionAgeMs: s.last?.result.detectionAgeMs ?? -1,
        msPerFrame: p?.msPerFrame ?? 0,
      };
    });
  }

  async close(): Promise<void> {
    this.streams.clear();
    await this.pool?.close();
  }
}
