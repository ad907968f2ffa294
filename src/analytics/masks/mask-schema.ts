// The privacy mask as ONE zod schema with ONE limit: the API, the stored camera spec, CLI settings files and the
// worker all validate masks with it, so a mask list the API accepts is never refused further down.
import { z } from 'zod';
import { maskProblem } from './mask-polygon.js';

/** The most masks one camera may have (each costs a polygon fill per frame; 64 covers any street's windows). */
export const MAX_PRIVACY_MASKS = 64;
/** The most vertices one mask may have. */
export const MAX_MASK_POINTS = 256;

export const PrivacyMaskSchema = z
  .strictObject({
    name: z
      .string()
      .max(200)
      .optional()
      .describe('What is masked, for messages and the journal ("windows of no. 12").'),
    points: z
      .array(z.tuple([z.number(), z.number()]).describe('[x, y], fractions of the frame width and height in [0, 1].'))
      .max(MAX_MASK_POINTS)
      .describe('Polygon vertices in normalised frame coordinates, closed implicitly, either winding.'),
  })
  .superRefine((m, ctx) => {
    const why = maskProblem(m);
    if (why) ctx.addIssue({ code: 'custom', path: ['points'], message: why });
  })
  .describe('Privacy mask: painted over every frame before any analytic sees it (irreversible, law L6).');

export const PrivacyMasksSchema = z
  .array(PrivacyMaskSchema)
  .max(MAX_PRIVACY_MASKS, { error: `at most ${MAX_PRIVACY_MASKS} privacy masks per camera` })
  .default([])
  .describe('Private areas, masked before any analysis and on every picture that leaves the centre.');

export type PrivacyMaskSpec = z.output<typeof PrivacyMaskSchema>;
