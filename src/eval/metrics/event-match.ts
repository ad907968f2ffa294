// Event detection accuracy: predicted events (zone intrusions, crossings…) matched one-to-one to true events by
// overlap in time, so a rule is judged on what an operator would see, not frame by frame.
import { maxCardinalityAssignment } from '../../analytics/track/hungarian.js';

export interface TimedEvent {
  startMs: number;
  /** Same as startMs for instantaneous events (a line crossing). */
  endMs: number;
  /** When given on both sides, only events of the same kind match. */
  kind?: string;
}

export interface EventMatchOptions {
  /** Each interval is widened by this much on both sides before comparing (timing tolerance). */
  slackMs: number;
  /** Minimum temporal IoU of the widened intervals; 0 accepts any contact. */
  minTemporalIou: number;
}

export interface EventMatchResult {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  /** [predicted index, true index, temporal IoU]. */
  matches: [number, number, number][];
}

function temporalIou(a: TimedEvent, b: TimedEvent, slack: number): number | undefined {
  const s1 = a.startMs - slack;
  const e1 = a.endMs + slack;
  const s2 = b.startMs - slack;
  const e2 = b.endMs + slack;
  const inter = Math.min(e1, e2) - Math.max(s1, s2);
  if (inter < 0) return undefined; // apart
  const union = Math.max(e1, e2) - Math.min(s1, s2);
  return union === 0 ? 1 : inter / union;
}

export function matchEvents(
  predicted: readonly TimedEvent[],
  truth: readonly TimedEvent[],
  opts: Partial<EventMatchOptions> = {},
): EventMatchResult {
  const slack = opts.slackMs ?? 0;
  const minIou = opts.minTemporalIou ?? 0;
  const tiou = predicted.map((p) =>
    truth.map((t) => {
      if (p.kind !== undefined && t.kind !== undefined && p.kind !== t.kind) return Number.NaN;
      const v = temporalIou(p, t, slack);
      return v === undefined || v < minIou ? Number.NaN : v;
    }),
  );
  // Most matched events first, then the best-aligned ones.
  const pairs = maxCardinalityAssignment(tiou.map((r) => r.map((v) => 1 - v)));
  const matches = pairs.map(([p, t]): [number, number, number] => [p, t, tiou[p]![t]!]);
  const tp = matches.length;
  const fp = predicted.length - tp;
  const fn = truth.length - tp;
  const precision = predicted.length === 0 ? 1 : tp / predicted.length;
  const recall = truth.length === 0 ? 1 : tp / truth.length;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1, matches };
}
