// When a camera counts by tiles (counting.method tiles) and a rule counts people in a zone: the dense count
// (count/dense-counter.ts) on the camera's own detector, run again once everySeconds old, since it costs several
// detector runs; its people are kept for two periods, after which crowd-density zones go back to tracks.
import type { Frame } from '../../media/frames/frame.js';
import type { CountingSettings } from '../count/count-settings.js';
import { DenseCounter } from '../count/dense-counter.js';
import type { RgbFrameLike } from '../detect/preprocess.js';
import type { CountedPerson } from '../rules/rule-types.js';
import type { RegionDetector } from './region-detector.js';

export class DenseSchedule {
  private readonly counter: DenseCounter;
  /** The latest dense count, with its time. */
  private last: { tMs: number; people: CountedPerson[] } | undefined;

  constructor(
    detector: RegionDetector,
    private readonly counting: CountingSettings,
    inputSize: number,
    nmsIou: number,
  ) {
    this.counter = new DenseCounter(detector, counting, inputSize, nmsIou);
  }

  /** The people crowd-density zones count on this frame; `spent` gets the detector time of a count run now. */
  async people(
    frame: Pick<Frame, 'ptsMs'>,
    rgb: () => RgbFrameLike,
    spent: (ms: number) => void,
  ): Promise<CountedPerson[] | undefined> {
    const tMs = frame.ptsMs;
    const every = this.counting.everySeconds * 1000;
    // A time going back (another stream, a file looped) starts the period afresh.
    if (!this.last || tMs - this.last.tMs >= every || tMs < this.last.tMs) {
      const r = await this.counter.count(rgb());
      spent(r.ms);
      this.last = { tMs, people: r.people.map((d) => ({ box: d.box, score: d.score })) };
    }
    return tMs - this.last.tMs <= 2 * every ? this.last.people : undefined;
  }
}
