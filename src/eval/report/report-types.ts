// Shape of report.json written by `vigie eval` (report.html is drawn from it alone).

import type { PipelineSettings } from '../../analytics/pipeline/settings.js';
import type { CountError } from '../metrics/counting.js';
import type { AccessCopyReport } from './access-copy-eval.js';

export interface RateFigures {
  precision: number;
  recall: number;
  tp: number;
  fp: number;
  fn: number;
}

export interface VariantMetrics {
  id: string;
  label: string;
  detection: RateFigures & { ap: number; numGt: number; numDetections: number; operatingScore: number };
  tracking: {
    mota: number;
    motp: number;
    idf1: number;
    idp: number;
    idr: number;
    idSwitches: number;
    fp: number;
    fn: number;
    fragmentations: number;
    mostlyTracked: number;
    partiallyTracked: number;
    mostlyLost: number;
    gtTrajectories: number;
    /** Distinct track ids output. */
    trackIds: number;
    /** The same with the ground truth's "do not consider" rows removed (TrackEval's convention). */
    motaDropZeroFlagged: number;
    idf1DropZeroFlagged: number;
  };
  /** People in view per frame (tracks) against the truth. */
  counting: CountError;
  events: RateFigures & {
    truth: number;
    predicted: number;
    f1: number;
    byRule: Record<string, RateFigures>;
    /** The events left unmatched on either side, so that each error can be looked at (times in seconds). */
    unmatched: { predicted: UnmatchedSituation[]; truth: UnmatchedSituation[] };
  };
  speed: {
    frames: number;
    /** Analysis only (decoding excluded), wall clock and CPU (all threads of the process). */
    wallMs: number;
    cpuMs: number;
    fps: number;
    /** Frames per CPU-second: what one core sustains. */
    fpsPerCore: number;
    detectorFrameShare: number;
    detectorCostPerFrame: number;
    msPerFrame: Record<string, number>;
    /** Share of detector runs answered by the detection cache: their times are replayed from the run that computed them. */
    cachedShare: number;
  };
  curves: {
    /** [recall, precision], decreasing score. */
    pr: [number, number][];
    /** Tracks per frame, frame 1 first. */
    counts: number[];
  };
}

export interface CountingMethod {
  id: string;
  label: string;
  /** Per image: [name, true count, predicted count]. */
  images: [string, number, number][];
  error: CountError;
  /** The same on each half of the split (A: images 1, 3, 5, … in name order; B: 2, 4, 6, …). */
  halves: { A: CountError; B: CountError };
  /** Per crowd size (true count). */
  bands: CountingBand[];
  meanTrue: number;
  meanPredicted: number;
  /** Mean predicted / mean true (1 = unbiased; 0.2 = sees one person in five). */
  ratio: number;
  msPerImage: number;
}

export interface CountingBand {
  /** True-count range, e.g. "11-25". */
  band: string;
  images: number;
  mae: number;
  bias: number;
}

export interface CountingReport {
  dataset: string;
  images: number;
  methods: CountingMethod[];
}

export interface EvalReport {
  createdAt: string;
  machine: string;
  dataset: { name: string; video: string; frames: number; fps: number; width: number; height: number; gtRows: number };
  /** Width the frames were decoded at for analysis (boxes are scored in the dataset's own pixels). */
  analysisWidth: number;
  /** Frames analysed per second (the video's own rate unless lower). */
  analysisFps?: number;
  /** The pipeline settings of the Vigie runs (the baseline has its own, fixed). */
  settings: PipelineSettings;
  scene: string;
  /** Counts per frame of the truth (all rows), frame 1 first. */
  truthCounts: number[];
  variants: VariantMetrics[];
  counting?: CountingReport;
  /** Anonymised copies for access requests (issue 21): the requester clear, everyone else pixelated. */
  accessCopy?: AccessCopyReport;
  notes: string[];
}

/** One unmatched situation: its rule, its interval and the people it concerns (true ids on both sides). */
export interface UnmatchedSituation {
  ruleId: string;
  startS: number;
  endS: number;
  /** Track ids as emitted; for a prediction, the true person each follows most during it (null: none). */
  trackIds: number[];
  trueIds?: (number | null)[];
}
