// How people are counted where a count matters (crowd-density zones, `vigie eval` on ShanghaiTech): one schema, so
// the live centre and the evaluation count with the same code and the same values.
import { z } from 'zod';

export const CountingSchema = z
  .strictObject({
    method: z
      .enum(['tracks', 'tiles'])
      .default('tracks')
      .describe(
        'How a crowd-density zone counts people: tracks (the tracker, every analysed frame; right for a few ' +
          'people) or tiles (a dense count: the detector on overlapping tiles of the full frame every ' +
          'everySeconds; far and crowded people tracks miss).',
      ),
    tilesAcross: z
      .number()
      .int()
      .min(1)
      .max(8)
      .default(2)
      .describe(
        'Tiles over the frame width (square, rows as the height needs): each tile fills the detector input, so ' +
          'people look this many times larger than in one full-frame run, at about tiles × the detector cost.',
      ),
    overlap: z
      .number()
      .min(0)
      .max(0.5)
      .default(0.25)
      .describe('Share of a tile side shared with its neighbour: people shorter than that are whole in one tile.'),
    fullFrame: z
      .boolean()
      .default(true)
      .describe('Also one full-frame run, for people near the camera too tall for any one tile (+1 detector run).'),
    scoreThreshold: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.35)
      .describe('A box at or above this score counts as one person in a dense count.'),
    minBoxHeightRatio: z
      .number()
      .min(0)
      .max(0.5)
      .default(0.02)
      .describe('Boxes shorter than this share of the frame height are not counted (tiny false positives).'),
    everySeconds: z
      .number()
      .min(1)
      .max(600)
      .default(5)
      .describe('Live: a dense count at most this often per camera (it costs several detector runs).'),
  })
  .describe('People counting for crowd-density zones and the counting evaluation.');

export type CountingSettings = z.output<typeof CountingSchema>;
