// Records what one analyser produced over a clip and scores it against MOT ground truth: detection AP and P/R at
// the operating score, CLEAR MOT, IDF1, per-frame counts, and the scene rules' events against true events.
import type { Box } from '../../analytics/geometry/box.js';

import type { PipelineFrame } from '../../analytics/pipeline/pipeline-types.js';
import type { RuleEvent, RuleSituation } from '../../analytics/rules/rule-types.js';
import { clearMot } from '../metrics/clear-mot.js';
import { countError, countsPerFrame } from '../metrics/counting.js';
import { detectionAp, precisionRecallAt, type ScoredBox } from '../metrics/detection-ap.js';
import { identityMetrics } from '../metrics/identity.js';
import { considered, type MotRow, tracksToMotRows } from '../metrics/mot-format.js';
import { DEFAULT_SITUATION_MATCH, matchSituations } from '../rules/situation-match.js';
import { followedDuring, sameTrackDuring } from '../rules/track-id-map.js';
import { situationsOf, truthSituations } from '../rules/truth-events.js';
import type { UnmatchedSituation, VariantMetrics } from './report-types.js';

/** Everything of a run that the metrics need (no pixels). */
export class RunRecord {
  readonly hyp: MotRow[] = [];
  readonly detections: ScoredBox[] = [];
  readonly events: RuleEvent[] = [];
  /** Frames the detector skipped by design (detectEvery): detection is not scored there. */
  readonly skippedFrames = new Set<number>();
  frames = 0;
  wallMs = 0;
  cpuMs = 0;

  /** `sourceSize`: boxes are scaled to it from the analysed frames' size (decoded smaller than the truth's pixels). */
  constructor(private readonly sourceSize?: { width: number; height: number }) {}

  /** Adds one analysed frame; MOT frame numbers are seq + 1 (the source's decoded frames, 1-based). */
  add(r: PipelineFrame, frameSize: { width: number; height: number }, wallMs: number, cpuMs: number): void {
    const frame = r.seq + 1;
    this.frames++;
    if (r.skipped) this.skippedFrames.add(frame);
    this.wallMs += wallMs;
    this.cpuMs += cpuMs;
    const sx = this.sourceSize ? this.sourceSize.width / frameSize.width : 1;
    const sy = this.sourceSize ? this.sourceSize.height / frameSize.height : 1;
    const scale = (b: readonly number[]): Box => [b[0]! * sx, b[1]! * sy, b[2]! * sx, b[3]! * sy];
    this.hyp.push(
      ...tracksToMotRows(
        frame,
        r.tracks.map((t) => ({ id: t.id, box: scale(t.box), score: t.score })),
      ),
    );
    for (const d of r.detections)
      if (d.cls === 'person') this.detections.push({ frame, box: scale(d.box), score: d.score });
    this.events.push(...r.ruleEvents);
  }
}

export interface ScoreOptions {
  /** Ground truth of the frames analysed (1-based frames), every row (flag 0 included). */
  gt: readonly MotRow[];
  frames: number;
  fps: number;
  frameSize: { width: number; height: number };
  scene: unknown;
  operatingScore: number;
  /** The source frames analysed (1-based), when fewer than all (a lower analysis rate); default 1..frames. */
  analysedFrames?: readonly number[];
}

const PR_POINTS = 200;

export function scoreRun(run: RunRecord, o: ScoreOptions): Omit<VariantMetrics, 'id' | 'label' | 'speed'> {
  const frameList = o.analysedFrames ? [...o.analysedFrames] : Array.from({ length: o.frames }, (_, i) => i + 1);
  // Boxes and tracks are judged on the frames analysed; events against the truth of every frame (real time).
  const analysed = new Set(frameList);
  const analysedGt = o.gt.filter((r) => analysed.has(r.frame));
  const gt = considered(analysedGt, 'all-rows');
  // Detection is scored where the detector was asked to look (gated frames count: gating decides to look or not).
  const ap = detectionAp(
    run.detections,
    gt.filter((r) => !run.skippedFrames.has(r.frame)),
  );
  const pr = precisionRecallAt(ap, o.operatingScore);
  const mot = clearMot(gt, run.hyp);
  const id = identityMetrics(gt, run.hyp);
  const strict = considered(analysedGt, 'drop-zero-flagged');
  const predicted = countsPerFrame(run.hyp, frameList);
  const truthCounts = countsPerFrame(gt, frameList);
  const truth = truthSituations(considered(o.gt, 'all-rows'), o.scene, { fps: o.fps, frameSize: o.frameSize });
  // Tracker ids are not ground-truth ids: each is judged as the true person it follows most.
  const predictedSituations = situationsOf(run.events);
  // A tracker id is judged as the true person it follows during each event (ids may swap between events).
  const slackMs = DEFAULT_SITUATION_MATCH.slackMs;
  const followed = followedDuring(gt, run.hyp, { fps: o.fps, slackMs });
  const events = matchSituations(predictedSituations, truth, { sameTrack: sameTrackDuring(followed), slackMs });
  const step = Math.max(1, Math.floor(ap.curve.length / PR_POINTS));
  return {
    detection: {
      ap: ap.ap,
      numGt: ap.numGt,
      numDetections: ap.numDetections,
      operatingScore: o.operatingScore,
      precision: pr.precision,
      recall: pr.recall,
      tp: pr.tp,
      fp: pr.fp,
      fn: pr.fn,
    },
    tracking: {
      mota: mot.mota,
      motp: mot.motp,
      idf1: id.idf1,
      idp: id.idp,
      idr: id.idr,
      idSwitches: mot.idSwitches,
      fp: mot.fp,
      fn: mot.fn,
      fragmentations: mot.fragmentations,
      mostlyTracked: mot.mostlyTracked,
      partiallyTracked: mot.partiallyTracked,
      mostlyLost: mot.mostlyLost,
      gtTrajectories: mot.gtTrajectories,
      trackIds: new Set(run.hyp.map((r) => r.id)).size,
      motaDropZeroFlagged: clearMot(strict, run.hyp).mota,
      idf1DropZeroFlagged: identityMetrics(strict, run.hyp).idf1,
    },
    counting: countError(predicted, truthCounts),
    events: {
      truth: truth.length,
      predicted: events.tp + events.fp,
      precision: events.precision,
      recall: events.recall,
      f1: events.f1,
      tp: events.tp,
      fp: events.fp,
      fn: events.fn,
      byRule: Object.fromEntries(
        Object.entries(events.byRule).map(([rule, m]) => [
          rule,
          { precision: m.precision, recall: m.recall, tp: m.tp, fp: m.fp, fn: m.fn },
        ]),
      ),
      unmatched: {
        predicted: unmatched(predictedSituations, new Set(events.matches.map(([p]) => p)), followed),
        truth: unmatched(truth, new Set(events.matches.map(([, t]) => t))),
      },
    },
    curves: {
      pr: ap.curve
        .filter((_, i) => i % step === 0 || i === ap.curve.length - 1)
        .map((p) => [round(p.recall), round(p.precision)]),
      counts: stepCounts(predicted, o.frames),
    },
  };
}

function unmatched(
  list: readonly RuleSituation[],
  matched: ReadonlySet<number>,
  followed?: (trackId: number, during: RuleSituation) => number | undefined,
): UnmatchedSituation[] {
  return list
    .filter((_, i) => !matched.has(i))
    .map((s) => ({
      ruleId: s.ruleId,
      startS: round(s.startedAt / 1000),
      endS: round(s.endedAt / 1000),
      trackIds: s.trackIds,
      ...(followed ? { trueIds: s.trackIds.map((id) => followed(id, s) ?? null) } : {}),
    }));
}

function round(v: number): number {
  return Math.round(v * 10000) / 10000;
}

/** People counted per source frame 1..frames; a frame not analysed shows the last analysed frame's count. */
function stepCounts(counts: ReadonlyMap<number, number>, frames: number): number[] {
  const out: number[] = [];
  for (let f = 1; f <= frames; f++) out.push(counts.get(f) ?? out[f - 2] ?? 0);
  return out;
}
