// Runs the scene analytics a camera has enabled on each frame, timing each (benchmarks, /metrics).
import { CrowdAnalytic } from './crowd-analytic.js';
import type { SituationsSettings } from './situation-settings.js';
import type { SituationAnalytic, SituationEvent, SituationInput, SituationKind } from './situation-types.js';
import { TamperAnalytic } from './tamper-analytic.js';

export class SituationSuite {
  /** Milliseconds spent per analytic since creation. */
  readonly ms: Partial<Record<SituationKind, number>> = {};

  private constructor(private readonly analytics: SituationAnalytic[]) {}

  static async create(s: SituationsSettings): Promise<SituationSuite> {
    const list: SituationAnalytic[] = [];
    const { enabled: tamperOn, ...tamper } = s.tamper;
    if (tamperOn) list.push(new TamperAnalytic(tamper));
    const { enabled: crowdOn, ...crowd } = s.crowd;
    if (crowdOn) list.push(await CrowdAnalytic.create(crowd));
    return new SituationSuite(list);
  }

  get kinds(): SituationKind[] {
    return this.analytics.map((a) => a.kind);
  }

  update(input: SituationInput): SituationEvent[] {
    const out: SituationEvent[] = [];
    for (const a of this.analytics) {
      const t0 = performance.now();
      out.push(...a.update(input));
      this.ms[a.kind] = (this.ms[a.kind] ?? 0) + performance.now() - t0;
    }
    return out;
  }

  flush(tMs: number): SituationEvent[] {
    return this.analytics.flatMap((a) => a.flush(tMs));
  }

  close(): void {
    for (const a of this.analytics) a.close?.();
  }
}
