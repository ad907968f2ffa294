// Detector outputs remembered by the content of the picture they were computed on, in one JSON file: re-running an
// evaluation (or a test) on the same footage skips the detector, and still reports the time it took when computed.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Detection } from '../detect/nanodet-decoder.js';
import type { RgbFrameLike } from '../detect/preprocess.js';

/** What the pipeline needs of a detector: boxes in the given picture's pixels. */
export interface FrameDetector {
  detect(frame: RgbFrameLike): Promise<Detection[]> | Detection[];
  close?(): Promise<void> | void;
  /** Set by detectors that know the true cost of their last run better than a stopwatch around it (a cache). */
  lastRunMs?: number;
}

interface Entry {
  /** [class, score, left, top, width, height] per detection. */
  d: [string, number, number, number, number, number][];
  /** Milliseconds the detector took when this was computed. */
  ms: number;
}

const round = (v: number) => Math.round(v * 1000) / 1000;

export class DetectionCache {
  private readonly entries = new Map<string, Entry>();
  private dirty = false;
  hits = 0;
  misses = 0;

  /** Loads `file` when it exists; `save()` writes it back. */
  constructor(readonly file: string) {
    if (!existsSync(file)) return;
    try {
      const obj = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Entry>;
      for (const [k, v] of Object.entries(obj)) this.entries.set(k, v);
    } catch {
      // A damaged cache is only a slower run: start afresh.
    }
  }

  /**
   * A detector that answers from the cache when it has seen the same picture under the same `namespace` (model,
   * size, thresholds); its `lastRunMs` is the detector time, measured or remembered.
   */
  wrap(namespace: string, inner: FrameDetector): FrameDetector {
    const out: FrameDetector = {
      detect: async (frame) => {
        const h = createHash('sha1').update(`${namespace}|${frame.width}x${frame.height}|`);
        const key = h.update(frame.data.subarray(0, frame.width * frame.height * 3)).digest('base64url');
        const hit = this.entries.get(key);
        if (hit) {
          this.hits++;
          out.lastRunMs = hit.ms;
          return hit.d.map(([cls, score, x, y, w, hh]) => ({ cls, score, box: [x, y, w, hh] }));
        }
        this.misses++;
        const t0 = performance.now();
        const dets = await inner.detect(frame);
        const ms = performance.now() - t0;
        out.lastRunMs = ms;
        this.entries.set(key, {
          d: dets.map((d) => [d.cls, round(d.score), ...d.box.map(round)] as Entry['d'][0]),
          ms: round(ms),
        });
        this.dirty = true;
        // Same rounding as what a later hit returns, so cold and warm runs give identical results.
        return dets.map((d) => ({ cls: d.cls, score: round(d.score), box: d.box.map(round) as Detection['box'] }));
      },
      close: () => inner.close?.(),
    };
    return out;
  }

  /** Writes the file (atomically) when something was added. */
  save(): void {
    if (!this.dirty) return;
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(Object.fromEntries(this.entries)), { mode: 0o600 });
    renameSync(tmp, this.file);
    this.dirty = false;
  }
}
