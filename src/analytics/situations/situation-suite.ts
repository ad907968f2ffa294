// Runs the scene analytics a camera has enabled on each frame, timing each (benchmarks, /metrics).
import { AbandonedAnalytic } from './abandoned-analytic.js';
import { CrowdAnalytic } from './crowd-analytic.js';
import { FireAnalytic } from './fire-analytic.js';
import { GroundAnalytic } from './ground-analytic.js';
import type { SituationsSettings } from './situation-settings.js';
import type { SituationAnalytic, SituationEvent, SituationInput, SituationKind } from './situation-types.js';
import { TamperAnalytic } from './tamper-analytic.js';
import { UnusualAnalytic } from './unusual-analytic.js';

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
    if (s.unusual.enabled) list.push(await UnusualAnalytic.create(s.unusual));
    const { enabled: abandonedOn, ...abandoned } = s.abandoned;
    if (abandonedOn) list.push(new AbandonedAnalytic(abandoned));
    const { enabled: groundOn, ...ground } = s.ground;
    if (groundOn) list.push(new GroundAnalytic(ground));
    const { enabled: fireOn, ...fire } = s.fire;
    if (fireOn) list.push(new FireAnalytic(fire));
    return new SituationSuite(list);
  }

  /** The running analytic of a kind, if enabled (the seam tests read the options each was built with). */
  analytic(kind: SituationKind): SituationAnalytic | undefined {
    return this.analytics.find((a) => a.kind === kind);
  }

  get unusual(): UnusualAnalytic | undefined {
    return this.analytics.find((a): a is UnusualAnalytic => a instanceof UnusualAnalytic);
  }

  /** The unusual score of the last frame over its threshold (1 = at it); undefined while learning or off. */
  get unusualRatio(): number | undefined {
    return this.unusual?.lastRatio;
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
