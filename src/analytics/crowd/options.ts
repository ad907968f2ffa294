// Settings of the crowd-movement detector: every threshold is relative to what the camera usually shows, except the
// few floors that tell motion from sensor noise and several people from one.
import { z } from 'zod';

const ms = (what: string, def: number, max: number) =>
  z.number().int().min(0).max(max, `${what} is at most ${max}`).default(def);
const share = (def: number) => z.number().min(0).max(1, 'a share is at most 1').default(def);

export const CrowdMovementOptionsSchema = z
  .strictObject({
    analysisWidth: z
      .number()
      .int()
      .min(64, 'analysisWidth must be at least 64')
      .max(640, 'analysisWidth is at most 640')
      .default(160)
      .describe('Frames are downscaled to this width for the optical flow (160: about 4 ms per frame).'),
    pyramidLevels: z.number().int().min(1).max(6).default(3).describe('Farneback pyramid levels (coarse-to-fine).'),
    windowSize: z.number().int().min(5).max(31).default(9).describe('Farneback averaging window, analysis pixels.'),
    iterations: z.number().int().min(1).max(10).default(2).describe('Farneback iterations per pyramid level.'),
    spanMs: ms('spanMs', 130, 1000).describe(
      'Each frame is compared with the newest earlier one at least this old (fast cameras: displacements above noise).',
    ),
    maxGapMs: ms('maxGapMs', 1500, 10_000).describe(
      'A longer gap between frames restarts the flow (no motion across it).',
    ),
    gridCols: z.number().int().min(2).max(32).default(8).describe('Columns of the analysis grid (regions, learning).'),
    gridRows: z.number().int().min(2).max(32).default(6).describe('Rows of the analysis grid.'),
    minFlowPx: z
      .number()
      .min(0)
      .default(0.2)
      .describe('A pixel moves when its displacement over one pair exceeds this many analysis pixels.'),
    minDiff: z
      .number()
      .int()
      .min(0)
      .max(255)
      .default(12)
      .describe('...and its gray level changed by more than this (flow smeared over flat ground is not motion).'),
    minMovingShare: share(0.002).describe(
      'Frames with less moving area (share of the picture) teach and raise nothing.',
    ),
    baselineMinutes: z
      .number()
      .gt(0)
      .max(60)
      .default(5)
      .describe('Memory of the learned usual motion (exponential decay time constant, minutes).'),
    warmupSeconds: z
      .number()
      .min(0)
      .max(3600)
      .default(20)
      .describe('Seconds of moving footage to learn from before anything is raised.'),
    surgeRatio: z
      .number()
      .gt(1)
      .default(2.2)
      .describe(
        'A moving pixel is fast when its speed exceeds its cell’s usual (median) speed times this (running ≈ 2-3× walking).',
      ),
    surgeShare: share(0.5).describe('Surge: at least this share of the moving area must be fast.'),
    surgeMinCells: z
      .number()
      .int()
      .min(1)
      .default(3)
      .describe('Surge: fast motion in at least this many cells (several people).'),
    cellMinPixels: z
      .number()
      .int()
      .min(1)
      .default(8)
      .describe('A cell takes part (moving, fast) when it holds at least this many such analysis pixels.'),
    radialMin: z
      .number()
      .min(0)
      .max(1)
      .default(0.6)
      .describe(
        'Dispersal / convergence: mean outward (inward) share of the velocity of the cells around a centre cell.',
      ),
    radialMinSupport: z
      .number()
      .int()
      .min(3)
      .max(8)
      .default(4)
      .describe(
        'Dispersal / convergence: neighbour cells (of 8) moving outward (inward) around a centre, surrounding it.',
      ),
    radialMinArea: share(0.15).describe(
      'Dispersal / convergence: moving share of the 3x3-cell neighbourhood (a crowd, not a few passers-by).',
    ),
    counterMinShare: share(0.3).describe(
      'Counter-flow: each of the two opposing directions holds this share of a region.',
    ),
    counterMinArea: share(0.05).describe(
      "Counter-flow: each direction must cover this share of the region's area (several people, not one passer-by).",
    ),
    counterUnusualShare: share(0.1).describe(
      'Counter-flow: one of the directions must be rarer than this in what the region usually shows (two-way paths are normal).',
    ),
    counterStreamShare: share(0.6).describe(
      'Counter-flow: the region must usually flow one way, with this share of its motion in one direction (±45°).',
    ),
    persistMs: ms('persistMs', 1000, 30_000).describe(
      'A change must last this long (most of its frames) to be raised.',
    ),
    quietMs: ms('quietMs', 1500, 60_000).describe('A situation ends after this long without the change.'),
    maxEventMs: ms('maxEventMs', 120_000, 3_600_000).describe(
      'A change lasting longer becomes the new usual: its situation ends and learning resumes.',
    ),
  })
  .describe('Crowd movement detection (surge, dispersal, convergence, counter-flow) from dense optical flow.');

export type CrowdMovementOptionsInput = z.input<typeof CrowdMovementOptionsSchema>;
export type CrowdMovementOptions = z.output<typeof CrowdMovementOptionsSchema>;
