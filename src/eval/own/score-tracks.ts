// MOT ground truth on a city's clip: detection precision/recall by detector score (what reached the tracker, so the
// product's gating and detectEvery are in the figure), and tracking MOTA / IDF1 of the tracks the camera shows.
import { clearMot, type IdBox } from '../metrics/clear-mot.js';
import { detectionAp, precisionRecallAt } from '../metrics/detection-ap.js';
import { identityMetrics } from '../metrics/identity.js';
import { withoutIgnored } from '../metrics/ignore-regions.js';
import { considered, type MotRow } from '../metrics/mot-format.js';
import { type OperatingRow, round, thresholdGrid } from './operating-point.js';
import type { ClipRun } from './run-clip.js';

export interface TracksScore {
  /** Class scored against the truth (MOT truth of people: person). */
  cls: string;
  frames: number;
  truthBoxes: number;
  /** Rows flagged 0 in column 7 (not to consider) left out, as TrackEval does. */
  truthIgnored: number;
  detection: { ap: number; rows: OperatingRow[] };
  tracking: {
    mota: number;
    motp: number;
    idf1: number;
    precision: number;
    recall: number;
    idSwitches: number;
    truthTracks: number;
    rows: OperatingRow[];
    /**
     * The same tracks with those on "not to consider" truth boxes left out instead of counted as false (MOT16
     * devkit rule; the figures above follow TrackEval's MOT15 path). Equal to them when the truth flags none.
     */
    ignoringFlagged: { mota: number; idf1: number; fp: number; leftOut: number };
  };
}

export function scoreTracks(
  run: ClipRun,
  truthRows: MotRow[],
  o: { scoreThreshold: number; lowScoreThreshold: number; cls?: string },
): TracksScore {
  const cls = o.cls ?? 'person';
  const analysed = new Set(run.frames.map((f) => f.frame));
  const kept = considered(truthRows, 'drop-zero-flagged');
  // Only the frames the camera analyses are judged (at 5 fps a 7 fps clip has frames nobody looked at).
  const truth = kept.filter((r) => analysed.has(r.frame));
  const gt: IdBox[] = truth.map((r) => ({ frame: r.frame, id: r.id, box: r.box }));
  const flagged = truthRows.filter((r) => r.score === 0 && analysed.has(r.frame));
  const dets = run.frames.flatMap((f) =>
    f.detections.filter((d) => d.cls === cls).map((d) => ({ frame: f.frame, box: d.box, score: d.score })),
  );
  const ap = detectionAp(dets, gt, 0.5);
  const detRows = thresholdGrid(Math.max(0.1, round(o.lowScoreThreshold, 2)), 0.9, 0.1, o.scoreThreshold).map(
    (t): OperatingRow => {
      const p = precisionRecallAt(ap, t);
      return {
        threshold: t,
        current: t === round(o.scoreThreshold),
        precision: p.precision,
        recall: p.recall,
        fp: p.fp,
      };
    },
  );
  const tracksAt = (t: number): IdBox[] =>
    run.frames.flatMap((f) =>
      f.tracks.filter((x) => x.cls === cls && x.score >= t).map((x) => ({ frame: f.frame, id: x.id, box: x.box })),
    );
  const all = tracksAt(0);
  const mot = clearMot(gt, all, 0.5);
  const id = identityMetrics(gt, all, 0.5);
  const kept2 = withoutIgnored(all, gt, flagged);
  const motIg = kept2.length === all.length ? mot : clearMot(gt, kept2, 0.5);
  const ignoringFlagged = {
    mota: motIg.mota,
    idf1: kept2.length === all.length ? id.idf1 : identityMetrics(gt, kept2, 0.5).idf1,
    fp: motIg.fp,
    leftOut: all.length - kept2.length,
  };
  // A display cut on the track's mean score: what hiding weak tracks from the wall would give (no re-run needed).
  const trackRows = thresholdGrid(0.3, 0.8, 0.1, 0).map((t): OperatingRow => {
    const h = t === 0 ? all : tracksAt(t);
    const m = clearMot(gt, h, 0.5);
    return {
      threshold: t,
      current: t === 0,
      precision: m.precision,
      recall: m.recall,
      mota: m.mota,
      idf1: identityMetrics(gt, h, 0.5).idf1,
    };
  });
  return {
    cls,
    frames: analysed.size,
    truthBoxes: truth.length,
    truthIgnored: truthRows.length - kept.length,
    detection: { ap: ap.ap, rows: detRows },
    tracking: {
      mota: mot.mota,
      motp: mot.motp,
      idf1: id.idf1,
      precision: mot.precision,
      recall: mot.recall,
      idSwitches: mot.idSwitches,
      truthTracks: mot.gtTrajectories,
      rows: trackRows,
      ignoringFlagged,
    },
  };
}
