// Abandoned-object detector settings as ONE zod schema (strict, every field described, defaults), like the other
// analytics. Times are seconds of footage (ptsMs), so the detector behaves alike at 5 and 25 fps.
import { z } from 'zod';

const share = (d: number, what: string) => z.number().min(0).max(1).default(d).describe(what);
const seconds = (d: number, min: number, max: number, what: string) =>
  z.number().min(min).max(max).default(d).describe(what);

export const AbandonedOptionsSchema = z
  .strictObject({
    analysisWidth: z
      .number()
      .int()
      .min(80)
      .max(640)
      .default(320)
      .describe('Frames are area-averaged to this width, gray (aspect kept); a 40 cm bag is a few pixels wide at 160.'),
    staticSeconds: seconds(30, 1, 3600, 'T: an object must stay static this long, unattended, before it is raised.'),
    learnSeconds: seconds(3, 0.2, 120, 'The long-term background is learned over this long before anything counts.'),
    shortTermSeconds: seconds(
      1,
      0.2,
      30,
      'Time constant of the short-term background: a still object joins it within ~2 of these, a walker never does.',
    ),
    longTermSeconds: seconds(
      20,
      2,
      3600,
      'Time constant of the long-term background where the scene looks like it (lighting drift); never under objects.',
    ),
    absorbSeconds: seconds(
      600,
      10,
      86_400,
      'A static region older than this joins the long-term background (a parked object): its situation ends.',
    ),
    minDiff: z
      .number()
      .min(2)
      .max(128)
      .default(18)
      .describe('Gray levels between picture and a background for a pixel to differ from it (after gain correction).'),
    noiseFactor: z
      .number()
      .min(1)
      .max(10)
      .default(3)
      .describe('...or this many times the pixel’s learned mean deviation, if larger (edges, compression noise).'),
    minAreaShare: share(0.0004, 'Smallest candidate object, as a share of the picture (0.0004: ~6x6 px at 320x240).'),
    maxAreaShare: share(
      0.04,
      'Largest candidate object, as a share of the picture (larger: a vehicle, a light change).',
    ),
    minFill: share(
      0.4,
      'Static pixels over the candidate box area at least this: sparse specks (a fluttering tape, foliage) are not one.',
    ),
    candidateSeconds: seconds(2, 0.2, 600, 'Pixels static this long form candidate objects (tracked, checked).'),
    personCoverShare: share(0.4, 'A candidate is covered by a person box when this share of its box lies inside it.'),
    maxPersonShare: share(
      0.3,
      'A candidate covered by a person on more than this share of its static time is a person standing or sitting.',
    ),
    ownerDistance: z
      .number()
      .min(0)
      .max(10)
      .default(1)
      .describe('A person whose box centre is within this many of their own heights of the object attends it.'),
    unattendedSeconds: seconds(5, 0, 600, 'No person may attend the object during this long before it is raised.'),
    edgeRatio: z
      .number()
      .min(0)
      .max(4)
      .default(0.8)
      .describe(
        'Contour edge strength, picture over background, under this: a ghost (something removed), not an object.',
      ),
    lightCorrelation: share(
      0.75,
      'Background texture still visible under the candidate (correlation over this): a shadow or light, not an object.',
    ),
    followLook: z
      .boolean()
      .default(true)
      .describe(
        'Once verified, follow an object by its look (object, ground or someone in front, in its box) until picked up ' +
          'or absorbed, with the background frozen under it; false: by its blob of static pixels only (the former ' +
          'method, same cost, loses objects whose blob thins out).',
      ),
    lostSeconds: seconds(
      10,
      1,
      600,
      'With followLook: an object not yet raised and not seen as itself this long (hidden, changed) is forgotten.',
    ),
    endSeconds: seconds(2, 0, 120, 'A raised object whose pixels look like the background again this long has gone.'),
    resetShare: share(0.5, 'Over this share of the picture differing from the background (camera moved, lights)...'),
    resetSeconds: seconds(3, 0, 600, '...for this long: relearn the background and end every situation.'),
  })
  .describe('Abandoned object: appears, stays static and unattended for staticSeconds; ends when it is picked up.');

export type AbandonedOptionsInput = z.input<typeof AbandonedOptionsSchema>;
export type AbandonedOptions = z.output<typeof AbandonedOptionsSchema>;
