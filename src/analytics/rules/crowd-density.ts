// Excessive density: the number of tracks standing in a zone (or that number per m² of the zone's ground area)
// stays above the threshold for forSeconds. One situation while it lasts; it ends once the value has been back
// at or under the threshold for the exit grace, so one person flickering at the edge does not split it.
import { boxFootPoint } from '../geometry/box.js';
import { type Polygon, pointInPolygon } from '../geometry/polygon.js';
import type { CrowdDensityRule } from './rule-schema.js';
import type {
  CountedPerson,
  FrameContext,
  RuleEvaluator,
  RuleEvent,
  RuleTrack,
  SceneRulesOptions,
} from './rule-types.js';
import { type OpenSituation, Situations, unionBox } from './situations.js';

interface Excess {
  since: number;
  lastAboveAt: number;
  peak: number;
  inside: RuleTrack[];
  /** People counted in the zone: the dense count's boxes when there is one, else the tracks'. */
  counted: CountedPerson[];
  value: number;
  open?: OpenSituation;
}

export class CrowdDensityEvaluator implements RuleEvaluator {
  private readonly classes: Set<string>;
  private readonly situations: Situations;
  private readonly threshold: number;
  private excess: Excess | undefined;

  constructor(
    private readonly rule: CrowdDensityRule,
    private readonly zone: Polygon,
    /** Ground area of the zone in m², required for maxPerSquareMetre. */
    private readonly areaSquareMetres: number | undefined,
    private readonly opts: SceneRulesOptions,
  ) {
    this.classes = new Set(rule.classes);
    this.situations = new Situations(rule, { zoneId: rule.zoneId }, opts.updateIntervalMs);
    this.threshold = rule.maxPeople ?? rule.maxPerSquareMetre!;
  }

  update(frame: FrameContext): RuleEvent[] {
    const { tMs } = frame;
    // Predicted (coasting) tracks still count: a person hidden for a moment is still in the crowd.
    const inside = frame.tracks.filter(
      (t) => this.classes.has(t.cls) && pointInPolygon(boxFootPoint(t.box), this.zone),
    );
    const counted = frame.counted
      ? frame.counted.filter((p) => pointInPolygon(boxFootPoint(p.box), this.zone))
      : inside.map((t) => ({ box: t.box, score: frame.meanScore(t.id) ?? t.score }));
    const value = this.rule.maxPeople !== undefined ? counted.length : counted.length / this.areaSquareMetres!;
    const out: RuleEvent[] = [];
    let x = this.excess;
    if (value > this.threshold) {
      if (!x) x = this.excess = { since: tMs, lastAboveAt: tMs, peak: value, inside, counted, value };
      Object.assign(x, { lastAboveAt: tMs, inside, counted, value, peak: Math.max(x.peak, value) });
      const body = this.body(x);
      if (!x.open && tMs - x.since >= this.rule.forSeconds * 1000) {
        const [open, e] = this.situations.start(x.since, tMs, body);
        x.open = open;
        out.push(e);
      } else if (x.open) {
        const e = this.situations.update(x.open, tMs, body);
        if (e) out.push(e);
      }
    } else if (x && tMs - x.lastAboveAt > this.opts.exitGraceMs) {
      out.push(...this.flush());
    }
    return out;
  }

  flush(): RuleEvent[] {
    const x = this.excess;
    this.excess = undefined;
    return x?.open ? [this.situations.end(x.open, x.lastAboveAt, this.body(x))] : [];
  }

  private body(x: Excess) {
    const scores = x.counted.map((p) => p.score);
    const meanScore = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : 0;
    const perM2 = this.rule.maxPerSquareMetre !== undefined;
    return {
      trackIds: x.inside.map((t) => t.id),
      // Just over the threshold is a weak signal; twice the threshold is a clear one.
      score: meanScore * Math.min(1, x.value / (2 * this.threshold)),
      box: unionBox(x.counted.map((p) => p.box)),
      details: {
        count: x.counted.length,
        ...(perM2 ? { perSquareMetre: round2(x.value), areaSquareMetres: round2(this.areaSquareMetres!) } : {}),
        threshold: this.threshold,
        unit: perM2 ? 'people_per_m2' : 'people',
        peak: round2(x.peak),
      },
    };
  }
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
