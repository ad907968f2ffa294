// Person-on-the-ground settings as ONE zod schema (strict, every field described, defaults), like the other analytics.
import { z } from 'zod';

const num = (d: number, min: number, max: number, what: string) =>
  z.number().min(min).max(max).default(d).describe(what);

export const GroundOptionsSchema = z
  .strictObject({
    classes: z
      .array(z.string().min(1, 'a class name cannot be empty'))
      .min(1, 'classes needs at least one object class')
      .default(['person'])
      .describe('Track classes watched (cars and bicycles are wide boxes by nature: never listed here).'),
    stillSeconds: num(10, 1, 600, 'Lying and still this long before an alarm (a stumble, a tie lace, is shorter).'),
    lyingAspectRatio: num(
      2.2,
      1.2,
      10,
      "Lying: box width/height at least this many times the reference standing aspect (the track's own, or the camera's).",
    ),
    minLyingAspect: num(
      1,
      0.3,
      5,
      'Lying also needs width/height at least this (a person lying along the view axis looks upright: not detected).',
    ),
    maxLyingHeightShare: num(
      0.65,
      0.1,
      1,
      'Lying also needs a box height under this share of the standing height there (a group side by side is as tall).',
    ),
    uprightRatio: num(
      1.5,
      1,
      5,
      'Up again once width/height falls under this many times the reference standing aspect (hysteresis).',
    ),
    stillMaxMove: num(
      0.25,
      0.01,
      2,
      "Still: the box centre stays within this share of the box's long side of where the stillness began.",
    ),
    fallWindowSeconds: num(3, 0.5, 10, 'A fall is a drop of the box top seen within this long before lying began.'),
    fallMinDrop: num(0.35, 0.05, 1, 'Box top drop, in standing heights, counted as a fall.'),
    uprightMinSamples: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(5)
      .describe("Measured upright frames before a track's own standing aspect replaces the camera's."),
    cameraMinSamples: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(30)
      .describe(
        "Person boxes seen in a band of image height before the camera's typical standing shape there is used.",
      ),
    bands: z
      .number()
      .int()
      .min(1)
      .max(32)
      .default(8)
      .describe('Image-height bands of the camera model (perspective: people are smaller farther up the image).'),
    defaultStandingAspect: num(0.4, 0.1, 1, 'Standing width/height assumed before anything is learned.'),
    exitGraceSeconds: num(1, 0, 30, 'The person must look up (or away) this long before the situation ends.'),
    lostGraceSeconds: num(2, 0, 60, 'A track not reported this long has left: its situation ends.'),
  })
  .describe('Person on the ground: a person track lying still (after a fall, or found lying) for stillSeconds.');

export type GroundOptionsInput = z.input<typeof GroundOptionsSchema>;
export type GroundOptions = z.output<typeof GroundOptionsSchema>;
