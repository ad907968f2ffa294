// Tamper detector settings as ONE zod schema (strict, every field described, defaults), like the other analytics.
import { z } from 'zod';

const share = (d: number, what: string) => z.number().min(0).max(1).default(d).describe(what);

export const TamperOptionsSchema = z
  .strictObject({
    analysisWidth: z
      .number()
      .int()
      .min(64)
      .max(640)
      .default(160)
      .describe('Frames are area-averaged to this width (aspect kept) before any measure; tamper is a global effect.'),
    analysisFps: z
      .number()
      .min(0.2)
      .max(30)
      .default(2)
      .describe(
        'Frames looked at per second, at most: a tamper condition must last persistSeconds, so a few looks a ' +
          'second raise it as soon as every frame would, for a fraction of the work.',
      ),
    structureWidth: z
      .number()
      .int()
      .min(24)
      .max(128)
      .default(48)
      .describe('Width of the edge-energy map compared with the reference to find a moved view (shift search).'),
    structureSmoothSeconds: z
      .number()
      .min(0)
      .max(10)
      .default(0.6)
      .describe('Time constant of the edge map average: people crossing fade out, a moved view settles in ~1 s.'),
    learnSeconds: z
      .number()
      .min(0.5)
      .max(120)
      .default(4)
      .describe('The reference (brightness, contrast, sharpness, edges) is learned over this long before any alarm.'),
    adaptSeconds: z
      .number()
      .min(10)
      .max(86_400)
      .default(120)
      .describe('Time constant of the reference on normal frames: follows lighting drift, not a sudden change.'),
    persistSeconds: z
      .number()
      .min(0)
      .max(120)
      .default(3)
      .describe('A condition must last this long before it is raised (a bus or a person passing close does not).'),
    graceSeconds: z
      .number()
      .min(0)
      .max(30)
      .default(1)
      .describe('Normal-looking frames shorter than this inside a condition do not restart its persistence count.'),
    clearSeconds: z
      .number()
      .min(0)
      .max(120)
      .default(2)
      .describe('A raised condition ends once the view has looked normal again for this long.'),
    rebaseSeconds: z
      .number()
      .min(0)
      .max(86_400)
      .default(0)
      .describe(
        '0: a raised situation lasts until the view is back. > 0: after this long, end it and relearn the view.',
      ),
    coveredShare: share(0.5, 'Covered: this share of the textured blocks (8x6 grid) of the reference gone flat...'),
    coveredStdRatio: share(0.2, '...a flat block: its contrast (gray std) under this share of the reference one...'),
    coveredMaxStd: z
      .number()
      .min(0)
      .max(64)
      .default(12)
      .describe('...and under this many gray levels (a uniform patch: lens covered, capped, painted).'),
    darkLevel: z.number().int().min(0).max(128).default(24).describe('Gray level at or under which a pixel is dark.'),
    coveredDarkShare: share(0.9, 'Covered also when this share of pixels is dark (and the reference was not).'),
    brightLevel: z
      .number()
      .int()
      .min(128)
      .max(255)
      .default(235)
      .describe('Gray level at or over which a pixel is saturated.'),
    blindedBrightShare: share(0.5, 'Blinded: this share of pixels saturated, at least twice the reference share.'),
    blindedMinMean: z
      .number()
      .min(0)
      .max(255)
      .default(190)
      .describe(
        'Blinded also when the mean is over this and the contrast under 2 x coveredStdRatio of the reference (washed out).',
      ),
    defocusRatio: share(
      0.6,
      'Defocused: median over textured blocks of edge strength over brightness, under this share of the reference.',
    ),
    movedMinShift: share(0.05, 'Moved: best alignment with the reference at least this far (share of the width)...'),
    movedMinGain: share(0.08, '...and matching better than the unshifted view by this much (correlation, 0..1).'),
    movedMaxShift: share(0.25, 'Largest shift searched, share of the width and of the height.'),
    movedLostRatio: share(
      0.45,
      'Moved also when the unshifted similarity to the reference falls under this share of its usual value.',
    ),
  })
  .describe('Camera tamper detection: covered, blinded, defocused or moved, against the view learned online.');

export type TamperOptionsInput = z.input<typeof TamperOptionsSchema>;
export type TamperOptions = z.output<typeof TamperOptionsSchema>;
