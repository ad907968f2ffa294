// Which scene analytics run on a camera, each with its own validated options (one schema per analytic).
import { z } from 'zod';
import { AbandonedOptionsSchema } from '../abandoned/abandoned-options.js';
import { CrowdMovementOptionsSchema } from '../crowd/options.js';
import { GroundOptionsSchema } from '../fall/ground-options.js';
import { FireOptionsSchema } from '../fire/fire-options.js';
import { TamperOptionsSchema } from '../tamper/tamper-options.js';

const enabled = (def: boolean, what: string) => z.boolean().default(def).describe(what);

export const TamperSettingsSchema = TamperOptionsSchema.extend({
  enabled: enabled(true, 'Watch for tampering (covered, blinded, defocused, moved): cheap, on by default.'),
}).describe('Camera tamper detection.');

export const CrowdSettingsSchema = CrowdMovementOptionsSchema.extend({
  enabled: enabled(false, 'Watch for crowd movements (surge, dispersal, convergence, counter-flow); ~5 ms a frame.'),
}).describe('Crowd movement detection.');

export const AbandonedSettingsSchema = AbandonedOptionsSchema.extend({
  enabled: enabled(false, 'Watch for objects left behind (static, separated from any person); ~2 ms a frame.'),
}).describe('Abandoned object detection.');

export const GroundSettingsSchema = GroundOptionsSchema.extend({
  enabled: enabled(false, 'Watch for a person lying still on the ground (from the person tracks); nearly free.'),
}).describe('Person on the ground.');

export const FireSettingsSchema = FireOptionsSchema.extend({
  enabled: enabled(false, 'Watch for a fire starting (flame colour, irregular flicker, growth); ~0.5-1.6 ms a frame.'),
}).describe('Fire start.');

export const UnusualSettingsSchema = z
  .strictObject({
    enabled: enabled(false, 'Score how unusual each frame is for this camera and raise `unusual` above its threshold.'),
    learnMinutes: z
      .number()
      .gt(0)
      .max(24 * 60)
      .default(30)
      .describe('Without a model file: minutes of footage learned as usual before scoring starts (no alarm before).'),
    modelFile: z
      .string()
      .min(1)
      .optional()
      .describe("A model learned from the camera's normal footage by `vigie learn` (JSON); used instead of learning."),
    cues: z
      .enum(['both', 'motion', 'objects'])
      .default('both')
      .describe(
        'What is learned and scored when learning online: both (the tracked objects and the optical flow per cell), ' +
          'motion (flow only, as before issue 22) or objects (no optical flow: the cheap setting). A model file keeps its own.',
      ),
  })
  .describe(
    "Unusual situations, learned per camera: the tracker's objects (class, speed and size in person heights) and " +
      'motion per cell (speed and moving extent).',
  );

export const SituationsSchema = z
  .strictObject({
    tamper: TamperSettingsSchema.default(() => TamperSettingsSchema.parse({})),
    crowd: CrowdSettingsSchema.default(() => CrowdSettingsSchema.parse({})),
    unusual: UnusualSettingsSchema.default(() => UnusualSettingsSchema.parse({})),
    abandoned: AbandonedSettingsSchema.default(() => AbandonedSettingsSchema.parse({})),
    ground: GroundSettingsSchema.default(() => GroundSettingsSchema.parse({})),
    fire: FireSettingsSchema.default(() => FireSettingsSchema.parse({})),
  })
  .describe('Scene-level analytics beyond the zone rules: each an attention signal for an operator.');

export type SituationsSettings = z.output<typeof SituationsSchema>;
