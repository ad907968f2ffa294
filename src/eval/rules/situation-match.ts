// Scores predicted rule situations against true ones: a pair may match only when it comes from the same rule,
// overlaps in time (with slack) and, for per-object rules, concerns the same object. Built on the evaluation
// module's result shape so that reports read the same as for other events.

import type { SceneRuleKind } from '../../analytics/rules/rule-schema.js';
import type { RuleSituation } from '../../analytics/rules/rule-types.js';
import { maxCardinalityAssignment } from '../../analytics/track/hungarian.js';
import type { EventMatchResult } from '../metrics/event-match.js';

export interface SituationMatchOptions {
  /** Both intervals are widened by this much on each side (tracker lag, grace periods). */
  slackMs: number;
  /** Minimum temporal IoU of the widened intervals; 0 accepts any contact. */
  minTemporalIou: number;
  /** Kinds about one object, where the tracks must correspond (density is about a count, not who). */
  perObjectKinds: readonly SceneRuleKind[];
  /**
   * Whether a predicted track id denotes a true one during a predicted situation (default: equal ids; see
   * sameTrackDuring for a real tracker).
   */
  sameTrack: (predictedId: number, trueId: number, during: RuleSituation) => boolean;
}

export const DEFAULT_SITUATION_MATCH: SituationMatchOptions = {
  slackMs: 1000,
  minTemporalIou: 0,
  perObjectKinds: ['intrusion', 'wrong_way'],
  sameTrack: (p, t) => p === t,
};

export interface SituationMatchResult extends EventMatchResult {
  /** The same figures for each rule id present on either side. */
  byRule: Record<string, EventMatchResult>;
}

function temporalIou(a: RuleSituation, b: RuleSituation, slack: number): number | undefined {
  const inter = Math.min(a.endedAt, b.endedAt) - Math.max(a.startedAt, b.startedAt) + 2 * slack;
  if (inter < 0) return undefined;
  const union = Math.max(a.endedAt, b.endedAt) - Math.min(a.startedAt, b.startedAt) + 2 * slack;
  return union === 0 ? 1 : inter / union;
}

function summary(nPred: number, nTrue: number, matches: [number, number, number][]): EventMatchResult {
  const tp = matches.length;
  const precision = nPred === 0 ? 1 : tp / nPred;
  const recall = nTrue === 0 ? 1 : tp / nTrue;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp: nPred - tp, fn: nTrue - tp, precision, recall, f1, matches };
}

/** One-to-one matching (most pairs, then best temporal overlap); `matches` index into the given arrays. */
export function matchSituations(
  predicted: readonly RuleSituation[],
  truth: readonly RuleSituation[],
  options: Partial<SituationMatchOptions> = {},
): SituationMatchResult {
  const o = { ...DEFAULT_SITUATION_MATCH, ...options };
  const perObject = new Set(o.perObjectKinds);
  const tiou = predicted.map((p) =>
    truth.map((t) => {
      if (p.ruleId !== t.ruleId || p.kind !== t.kind) return Number.NaN;
      if (perObject.has(p.kind) && !p.trackIds.some((pi) => t.trackIds.some((ti) => o.sameTrack(pi, ti, p)))) {
        return Number.NaN;
      }
      const v = temporalIou(p, t, o.slackMs);
      return v === undefined || v < o.minTemporalIou ? Number.NaN : v;
    }),
  );
  const matches = maxCardinalityAssignment(tiou.map((r) => r.map((v) => 1 - v))).map(
    ([p, t]): [number, number, number] => [p, t, tiou[p]![t]!],
  );
  const byRule: Record<string, EventMatchResult> = {};
  for (const ruleId of new Set([...predicted, ...truth].map((s) => s.ruleId))) {
    const ruleMatches = matches.filter(([p]) => predicted[p]!.ruleId === ruleId);
    const nPred = predicted.filter((s) => s.ruleId === ruleId).length;
    const nTrue = truth.filter((s) => s.ruleId === ruleId).length;
    byRule[ruleId] = summary(nPred, nTrue, ruleMatches);
  }
  return { ...summary(predicted.length, truth.length, matches), byRule };
}
