// The requester as picked, and what the supervisor sends to pick them or set their segments (the follow pass's
// record and the pure functions over it are in src/analytics/privacy/follow-record.ts).
import { z } from 'zod';
import type { Box } from '../../../analytics/privacy/follow-record.js';

export type { Box, FollowBox, FollowFrame, FollowRecord } from '../../../analytics/privacy/follow-record.js';
export {
  boxUnder,
  crossing,
  keptOn,
  nearestFrame,
  presenceOf,
  stretchAround,
  trackedOn,
  trackNear,
  wallMs,
} from '../../../analytics/privacy/follow-record.js';

/** A picked requester: one track, and the segments of the window where its box is kept clear. */
export interface RequesterPick {
  id: string;
  cameraId: string;
  trackId: number;
  cls: string;
  /** The moment and place the supervisor pointed at (box in fractions of the picture). */
  at: string;
  box: Box;
  /** Where the tracker had the track, merged (wall-clock ISO ranges). */
  presence: { from: string; to: string }[];
  /** Where it is kept clear in the copy: the presence, unless the supervisor set them by hand. */
  segments: { from: string; to: string }[];
  manual: boolean;
  by: string;
  createdAt: string;
}

const frac = z.number().min(0).max(1);
export const pickInputSchema = z
  .strictObject({
    cameraId: z.string().min(1).max(64).describe('One of the request’s cameras.'),
    at: z.iso.datetime({ offset: true }).describe('The moment of the picture clicked (within the request’s window).'),
    point: z.tuple([frac, frac]).optional().describe('Where the requester is: [x, y], fractions of the picture.'),
    box: z
      .tuple([frac, frac, frac, frac])
      .optional()
      .describe('Or a box around them: [left, top, width, height], fractions of the picture.'),
  })
  .refine((b) => (b.point === undefined) !== (b.box === undefined), 'give either point or box');
export type PickInput = z.infer<typeof pickInputSchema>;

const range = z.strictObject({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) });
export const segmentsInputSchema = z.strictObject({
  segments: z
    .array(range)
    .max(500)
    .describe('Where the requester is kept clear (replaces the tracker’s own); an empty list blurs them too.'),
});
