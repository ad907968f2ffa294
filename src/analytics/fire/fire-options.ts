// Fire-start detector settings as ONE zod schema (strict, every field described, defaults), like the other analytics.
import { z } from 'zod';

const num = (d: number, min: number, max: number, what: string) =>
  z.number().min(min).max(max).default(d).describe(what);
const int = (d: number, min: number, max: number, what: string) =>
  z.number().int().min(min).max(max).default(d).describe(what);

export const FireOptionsSchema = z
  .strictObject({
    analysisWidth: int(160, 64, 640, 'rgb24 frames are area-averaged to this width (aspect kept) before any measure.'),
    blockPx: int(8, 4, 32, 'Side of the square blocks (analysis pixels) whose flame statistics are followed in time.'),
    minRed: int(140, 60, 250, 'Flame pixel: red at least this (flames are bright).'),
    minSaturation: num(
      0.35,
      0,
      1,
      'Flame pixel: (R-B)/R at least this at minRed, relaxed linearly to minSaturationBright at R=255 (bright cores).',
    ),
    minSaturationBright: num(
      0.12,
      0,
      1,
      'Saturation floor at R=255: whiter than this (headlights, lamps) is not flame.',
    ),
    minBlockShare: num(
      0.15,
      0.01,
      1,
      'A block holds flame in a frame when this share of its pixels is flame-coloured.',
    ),
    evidence: z
      .enum(['flicker', 'aboveBackground'])
      .default('flicker')
      .describe(
        'flicker: a block is judged on its flame colour as it is (a fire already burning when it comes into view ' +
          'counts; static orange things fail the flicker test). aboveBackground: only flame colour above the slow ' +
          'per-block background counts (the first method, kept as the baseline: a burning fire is learnt as usual).',
      ),
    backgroundSeconds: num(
      60,
      5,
      3600,
      'Time constant of the usual flame colour per block (yellow objects, orange walls): only colour above it counts.',
    ),
    windowSeconds: num(2.5, 1, 10, 'Flicker and persistence are measured over this trailing window.'),
    minEvidenceSeconds: num(
      1.2,
      0.6,
      10,
      'flicker evidence: a block is also judged on its last this-many seconds alone (a fire just come into view, or ' +
        'the first frames of a stream, need not wait for a full window); capped at windowSeconds.',
    ),
    periodWindowSeconds: num(
      6,
      2,
      20,
      'Periodicity is measured over up to this long (fewer frames at first): longer resolves a beacon better.',
    ),
    minPersistence: num(0.7, 0, 1, 'Share of the window frames in which the block holds flame (a blink is off half).'),
    minFlicker: num(
      0.2,
      0,
      5,
      'aboveBackground evidence: median frame-to-frame change of the flame energy (luminance of flame pixels) relative to its mean: flames dance.',
    ),
    minPixelFlicker: num(
      0.12,
      0,
      1,
      'flicker evidence: median over the window of the mean change of each flame pixel luminance between frames ' +
        '(/255; a pixel leaving flame colour changes by all of it). Turbulence and moving tongues: well above; ' +
        'a static orange thing under coding noise: a few %.',
    ),
    flickerEnergyFloor: num(
      0.1,
      0,
      1,
      'Flicker is relative to the block flame energy but at least this (a few pixels at the colour limit are noise).',
    ),
    maxPeriodicity: num(
      0.55,
      0,
      1,
      'Share of the energy variance at its strongest single frequency: above this it is a beacon, not a flame.',
    ),
    minBlocks: int(1, 1, 100, 'Flickering fire blocks (8-connected) a region needs.'),
    minFlickerShare: num(
      0.1,
      0,
      1,
      'flicker evidence: share of a region (flickering blocks plus the steady flame-coloured blocks joined to them) ' +
        'that must flicker: a fire flickers along its outline, a steady orange expanse beside one noisy block does not.',
    ),
    maxSceneShare: num(
      0.3,
      0,
      1,
      'A frame whose flame-coloured share is over this is lit orange all over (sunset, sodium light): no new alarm.',
    ),
    maxSceneExcess: num(
      0.03,
      0,
      1,
      'Nor when flame colour above the background, outside the fire blocks, covers over this share of the frame: the light is changing.',
    ),
    confirmSeconds: num(1, 0, 60, 'A fire region must be seen this long (gaps under graceSeconds allowed) to alarm.'),
    graceSeconds: num(1, 0, 30, 'Gaps shorter than this do not restart the confirmation count.'),
    clearSeconds: num(5, 0, 600, 'A raised fire ends once no fire region has been seen this long.'),
  })
  .describe(
    'Fire start: flame-coloured, irregularly flickering (not periodic) pixels persisting in one region for seconds.',
  );

export type FireOptionsInput = z.input<typeof FireOptionsSchema>;
export type FireOptions = z.output<typeof FireOptionsSchema>;
