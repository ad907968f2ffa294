// One camera's analytics settings, as ONE zod schema: the centre validates per-camera configuration with it, the
// CLI builds it from flags, and every figure in docs/analytics.md names the values it was measured with.
import { z } from 'zod';
import { CountingSchema } from '../count/count-settings.js';
import { COCO_CLASSES } from '../detect/coco-classes.js';
import { PrivacyMasksSchema } from '../masks/mask-schema.js';
import { parseOrExplain } from '../parse-settings.js';
import { SituationsSchema } from '../situations/situation-settings.js';
import { NearFieldSchema } from './near-field.js';

export const DETECTOR_INPUT_SIZES = [320, 416] as const;
/**
 * Model input sizes crops may use (multiples of 32; sizes from inputSize up are replaced by the full frame). None
 * under 256: at 128 and 192 the top feature map is 4x4 or 6x6, and on PETS09 such crops kept ghost tracks alive
 * with spurious weak detections (MOTA 0.76 and 0.78 against 0.84 from 256 up; docs/analytics.md).
 */
export const DEFAULT_CROP_SIZES = [256, 320] as const;

const GatingSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe('Run the detector only where motion (or a live track) is; false: on every full frame.'),
    refreshSeconds: z
      .number()
      .min(0)
      .max(600)
      .default(10)
      .describe('Full-frame detection at least this often, for still objects motion cannot see; 0: never.'),
    holdSeconds: z
      .number()
      .min(0)
      .max(60)
      .default(2)
      .describe('Keep looking where motion was this long after it stops (someone who stops walking).'),
    padShare: z
      .number()
      .min(0)
      .max(2)
      .default(0.25)
      .describe('Context added around each motion box, as a share of its larger side.'),
    fullFrameShare: z
      .number()
      .gt(0)
      .max(1)
      .default(0.5)
      .describe('Motion covering more than this share of the frame sends the full frame instead of crops.'),
    trackRegions: z
      .boolean()
      .default(true)
      .describe(
        'Also look where confirmed tracks are predicted, so people who stand still stay tracked (dwell rules ' +
          'need them); costs detector time in proportion to the people in view.',
      ),
    cropSizes: z
      .array(z.number().int().min(64).max(640).multipleOf(32))
      .min(1)
      .default([...DEFAULT_CROP_SIZES])
      .describe(
        'Model input sizes available to crops. A crop is seen at the same scale as the full frame, so its model ' +
          'size grows with it; sizes above inputSize are ignored.',
      ),
  })
  .describe('Motion gating: what reaches the detector.');

const AppearanceSchema = z
  .strictObject({
    weight: z
      .number()
      .min(0)
      .max(2)
      .default(1)
      .describe(
        'Weight of clothing colour (torso and legs histograms, not biometric) next to box overlap when the tracker ' +
          'pairs people with detections (it decides only between close candidates); 0 uses overlap alone.',
      ),
  })
  .describe('Appearance cue of the tracker: keeps people who cross or walk together on their own ids.');

const MotionSchema = z
  .strictObject({
    analysisWidth: z
      .number()
      .int()
      .min(64)
      .max(1280)
      .default(320)
      .describe('Width of the small gray picture the background model runs on (aspect kept).'),
    model: z
      .enum(['sigma-delta', 'mog2'])
      .default('sigma-delta')
      .describe('Background model: sigma-delta (pure JS, faster) or OpenCV MOG2 (loads opencv-js).'),
    minBlobShare: z
      .number()
      .min(0)
      .max(0.1)
      .default(0.0003)
      .describe('Moving blobs smaller than this share of the picture are noise.'),
  })
  .describe('Motion detection (feeds the gate and the per-frame activity score).');

const PIPELINE_SHAPE = {
  inputSize: z
    .union([z.literal(320), z.literal(416)], { error: 'inputSize must be 320 or 416' })
    .default(416)
    .describe('Detector input for a full frame: 416 finds smaller people, 320 is about 1.7x faster.'),
  inputShape: z
    .enum(['fit', 'square'])
    .default('square')
    .describe(
      'Full-frame detector input: square pads the frame to inputSize²; fit keeps inputSize on the long side and ' +
        'the frame aspect on the other (4:3 at 416: 416x320, 16:9: 416x256): the same scale, 25-40 % less to compute.',
    ),
  threads: z
    .number()
    .int()
    .min(1)
    .max(16)
    .default(1)
    .describe('Detector threads for this camera. 1 gives the most cameras per core; 2 halves one camera latency.'),
  executionProvider: z
    .enum(['cpu', 'cuda'])
    .default('cpu')
    .describe('Where the detector runs (CUDA falls back to CPU).'),
  precision: z
    .enum(['auto', 'fp32', 'int8'])
    .default('fp32')
    .describe(
      'Detector arithmetic: fp32 (exact conversion), int8 (calibrated quantisation, the same integers on every x86 ' +
        'CPU: ~2x faster with VNNI, ~1.7x with AVX2 alone; same PETS09 AP and MOTA), or auto (int8 on an x86 CPU ' +
        'with AVX2 or VNNI, else fp32).',
    ),
  classes: z
    .array(z.enum(COCO_CLASSES as [string, ...string[]]))
    .min(1)
    .refine((c) => new Set(c).size === c.length, 'each class once')
    .default(['person', 'bicycle', 'car', 'motorcycle', 'bus', 'truck'])
    .describe('COCO classes detected and tracked.'),
  scoreThreshold: z
    .number()
    .gt(0)
    .lt(1)
    .default(0.5)
    .describe(
      'Operating score: detections at or above it are trusted (matched first, may start a track, with +0.1); ' +
        'precision and recall are reported at this score.',
    ),
  lowScoreThreshold: z
    .number()
    .gt(0)
    .lt(1)
    .default(0.1)
    .describe('Weaker detections down to this score only keep existing tracks alive (ByteTrack second stage).'),
  shownTrackScore: z
    .number()
    .min(0)
    .lt(1)
    .default(0.4)
    .describe(
      'A confirmed track is shown (to the rules, the wall, tracks.txt) only while the mean score of its matched ' +
        'detections over the last ~2 s is at least this; 0 shows every confirmed track. Hides a track kept alive ' +
        'by weak detections alone (a post or sign scoring 0.15-0.3 after the person who started the track left).',
    ),
  nmsIou: z
    .number()
    .gt(0)
    .lt(1)
    .default(0.5)
    .describe('Overlap above which the weaker of two same-class boxes is dropped.'),
  minBoxHeightRatio: z
    .number()
    .min(0)
    .max(0.5)
    .default(0.05)
    .describe('Boxes shorter than this share of the frame height are ignored (tiny false positives); 0: keep all.'),
  fps: z
    .number()
    .gt(0)
    .max(60)
    .optional()
    .describe(
      'Analyse the source frames that start each 1/fps s (the decoder leaves the others out); absent: every frame.',
    ),
  detectEvery: z
    .number()
    .int()
    .min(1)
    .max(10)
    .default(1)
    .describe(
      'Run the detector on one analysed frame in N; in between the tracker predicts where people go (rules judge ' +
        'measured frames only). 2 halves the detector on busy scenes, 3 leaves it about 38 % of PETS09 frames (MOTA ' +
        '0.82 → 0.77); a newcomer is seen up to N-1 frames later.',
    ),
  skipWhen: z
    .enum(['always', 'no-newcomer'])
    .default('no-newcomer')
    .describe(
      'With detectEvery > 1, which in-between frames are skipped: always, or only while no newcomer is being ' +
        'confirmed (a new track needs detections on consecutive frames; PETS09 event recall 0.88 → 0.95).',
    ),
  maxLostSeconds: z
    .number()
    .gt(0)
    .max(60)
    .default(2)
    .describe('A track unseen this long is dropped (a person hidden longer comes back with a new id).'),
  appearance: AppearanceSchema.default(() => AppearanceSchema.parse({})),
  gating: GatingSchema.default(() => GatingSchema.parse({})),
  nearField: NearFieldSchema.default(() => NearFieldSchema.parse({})),
  motion: MotionSchema.default(() => MotionSchema.parse({})),
  masks: PrivacyMasksSchema,
  situations: SituationsSchema.default(() => SituationsSchema.parse({})),
  counting: CountingSchema.default(() => CountingSchema.parse({})),
};

/** Scores are ordered: the weak (second-stage) threshold never above the trusted one. */
function thresholdsOrdered(s: { lowScoreThreshold: number; scoreThreshold: number }, ctx: z.RefinementCtx): void {
  if (s.lowScoreThreshold > s.scoreThreshold) {
    ctx.addIssue({
      code: 'custom',
      path: ['lowScoreThreshold'],
      message: 'lowScoreThreshold must not exceed scoreThreshold',
    });
  }
}

export const PipelineSettingsSchema = z
  .strictObject(PIPELINE_SHAPE)
  .superRefine(thresholdsOrdered)
  .describe("One camera's analytics: privacy mask, motion gate, detector, tracker (scene rules are configured apart).");

// A camera's spec carries its masks and its analysis rate once, at its top level: its `pipeline` has neither.
const { masks: _masks, fps: _fps, ...TUNING_SHAPE } = PIPELINE_SHAPE;

/** The pipeline part of a camera's analytics spec: every setting above except masks and fps (the spec's own). */
export const PipelineTuningSchema = z
  .strictObject(TUNING_SHAPE)
  .superRefine(thresholdsOrdered)
  .describe('Detector, tracker, gating and scene analytics settings (input size, precision, cpu|cuda, thresholds).');

export type PipelineSettings = z.output<typeof PipelineSettingsSchema>;
export type PipelineSettingsInput = z.input<typeof PipelineSettingsSchema>;

/** Validates settings (from the API, the DB, a file or CLI flags); throws one error listing every problem. */
export function parsePipelineSettings(input: unknown = {}): PipelineSettings {
  return parseOrExplain(PipelineSettingsSchema, input, 'analytics settings');
}
