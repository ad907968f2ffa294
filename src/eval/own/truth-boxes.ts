// The documented JSON for "when and where a situation happened" on a city's own clip: a list of events, each a kind,
// the frames it spans (1-based, as MOT and the Ped2 labels count them) and, where the truth knows it, where in the
// picture (a box in the clip's own pixels). Strict: a misspelt key is an error, not a silently ignored truth.
import { z } from 'zod';
import { SITUATION_KINDS } from '../../analytics/situations/situation-types.js';

const frame = z.number().int().min(1);

export const TruthEventSchema = z
  .strictObject({
    kind: z
      .enum(SITUATION_KINDS)
      .describe('The situation, as Vigie names it (fire, abandoned_object, camera_tamper…).'),
    subKind: z
      .string()
      .min(1)
      .optional()
      .describe('Optional finer kind (camera_tamper: covered, blinded, defocused, moved); matched when given.'),
    from: frame.describe('First frame showing the situation (1-based: the N-th decoded frame of the clip).'),
    to: frame.describe('Last frame showing it (inclusive).'),
    box: z
      .tuple([z.number(), z.number(), z.number().positive(), z.number().positive()])
      .optional()
      .describe('[left, top, width, height] in the clip’s pixels: where it is; absent: anywhere in the picture.'),
  })
  .refine((e) => e.to >= e.from, { message: '"to" must not come before "from"', path: ['to'] })
  .describe('One true situation.');

export const BoxesTruthSchema = z
  .strictObject({
    events: z.array(TruthEventSchema).describe('Every situation that truly happened in the clip (may be empty).'),
    note: z.string().optional().describe('Free text: who annotated, how.'),
  })
  .describe('Ground truth of situations on one clip, for `vigie eval --clip … --truth-format boxes`.');

export type TruthEvent = z.output<typeof TruthEventSchema>;
export type BoxesTruth = z.output<typeof BoxesTruthSchema>;
