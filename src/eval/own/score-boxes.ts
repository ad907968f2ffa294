// Situations with when and where (boxes JSON) on a city's clip: per analytic, event precision / recall (a raised
// situation matches a true one of its kind that it overlaps in time, within a slack, and in the picture when both
// have a box) and frame precision / recall; by event score, what keeping only the stronger events would give.
import { boxIou } from '../../analytics/geometry/box.js';
import { maxCardinalityAssignment } from '../../analytics/track/hungarian.js';
import { type OperatingRow, pr, thresholdGrid } from './operating-point.js';
import type { ClipRun, RaisedSituation } from './run-clip.js';
import type { TruthEvent } from './truth-boxes.js';

export interface KindScore {
  kind: string;
  truthEvents: number;
  raised: number;
  tp: number;
  eventPrecision: number | null;
  eventRecall: number | null;
  /** Raise delay of each matched event, seconds after the truth's first frame (negative: before). */
  delaysS: number[];
  framePrecision: number | null;
  frameRecall: number | null;
  /** Rows: keep the raised events scored ≥ threshold (0: all, the centre's present behaviour). */
  rows: OperatingRow[];
}

export interface BoxesScore {
  slackS: number;
  frames: number;
  kinds: KindScore[];
}

function matches(raised: RaisedSituation[], truth: TruthEvent[], slack: number) {
  const cost = raised.map((p) =>
    truth.map((t) => {
      if (p.kind !== t.kind || (t.subKind && p.subKind !== t.subKind)) return Number.NaN;
      if (p.from > t.to + slack || p.to < t.from - slack) return Number.NaN;
      if (p.box && t.box && boxIou(p.box, t.box) === 0) return Number.NaN;
      const inter = Math.min(p.to, t.to) - Math.max(p.from, t.from) + 1;
      const union = Math.max(p.to, t.to) - Math.min(p.from, t.from) + 1;
      return 1 - Math.max(0, inter) / union;
    }),
  );
  return maxCardinalityAssignment(cost);
}

export function scoreBoxes(run: ClipRun, truth: TruthEvent[], o: { slackS: number }): BoxesScore {
  const fps = run.source.fps ?? run.analysed.fps;
  const slack = Math.round(o.slackS * fps);
  const kinds = [...new Set([...truth.map((t) => t.kind), ...run.situations.map((s) => s.kind)])].sort();
  const analysed = run.frames.map((f) => f.frame);
  const covers = (list: { from: number; to: number }[], f: number) => list.some((x) => f >= x.from && f <= x.to);
  return {
    slackS: o.slackS,
    frames: analysed.length,
    kinds: kinds.map((kind): KindScore => {
      const t = truth.filter((x) => x.kind === kind);
      const all = run.situations.filter((x) => x.kind === kind);
      const at = (min: number) => {
        const r = all.filter((x) => x.score >= min);
        const m = matches(r, t, slack);
        return { r, m };
      };
      const { r, m } = at(0);
      const truthFrames = analysed.filter((f) => covers(t, f));
      const raisedFrames = analysed.filter((f) => covers(all, f));
      const both = truthFrames.filter((f) => covers(all, f)).length;
      const frame = pr(both, raisedFrames.length, truthFrames.length);
      const event = pr(m.length, r.length, t.length);
      return {
        kind,
        truthEvents: t.length,
        raised: all.length,
        tp: m.length,
        eventPrecision: event.precision,
        eventRecall: event.recall,
        delaysS: m.map(([p, q]) => Math.round(((r[p]!.from - t[q]!.from) / fps) * 10) / 10),
        framePrecision: frame.precision,
        frameRecall: frame.recall,
        rows: thresholdGrid(0, 0.9, 0.1, 0).map((min): OperatingRow => {
          const x = at(min);
          return { threshold: min, current: min === 0, ...pr(x.m.length, x.r.length, t.length), raised: x.r.length };
        }),
      };
    }),
  };
}
