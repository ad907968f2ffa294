// Following the requester, as pure functions over the follow pass's record: which track is under the supervisor's
// click, where in the window that track is, and which box to keep clear on each picture of the copy.
import { z } from 'zod';
import type { Box, FollowBox, FollowFrame } from '../../../analytics/privacy/follow-record.js';
import type { CoveredRange, TimeRange } from '../../recordings/clip-plan.js';

export type { Box, FollowBox, FollowFrame };

/** What the follow pass found over one camera's window (kept under the data dir, see copy-files.ts). */
export interface FollowRecord {
  cameraId: string;
  /** The plan the pictures were decoded from: a copy re-uses the record only for the very same files and cuts. */
  planKey: string;
  covered: CoveredRange[];
  width: number;
  height: number;
  fps: number;
  frames: FollowFrame[];
  madeAt: string;
}

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

/** Wall-clock time of a picture (ms) from its clip time, through the plan's covered ranges. */
export function wallMs(covered: readonly CoveredRange[], o: number): number {
  let c = covered[0]!;
  for (const r of covered) if (r.offsetMs <= o) c = r;
  return c.fromMs + (o - c.offsetMs);
}

/** Index of the picture nearest a wall-clock time. */
export function nearestFrame(rec: FollowRecord, atMs: number): number {
  let best = 0;
  let bestD = Number.POSITIVE_INFINITY;
  rec.frames.forEach((f, i) => {
    const d = Math.abs(wallMs(rec.covered, f.o) - atMs);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  return best;
}

const area = (b: Box) => b[2] * b[3];
const inside = (b: Box, x: number, y: number) => x >= b[0] && x <= b[0] + b[2] && y >= b[1] && y <= b[1] + b[3];
function iou(a: Box, b: Box): number {
  const w = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  return (w * h) / (area(a) + area(b) - w * h);
}

/**
 * The tracked box the supervisor means on one picture: the smallest box holding the point (the nearest person in a
 * crowd is the one in front), or the box overlapping theirs most. Undefined when no track is there.
 */
export function boxUnder(frame: FollowFrame, target: { point?: [number, number]; box?: Box }): FollowBox | undefined {
  const tracked = frame.x.filter((b) => b.t > 0);
  if (target.point) {
    const [x, y] = target.point;
    return tracked.filter((b) => inside(b.b, x, y)).sort((a, b) => area(a.b) - area(b.b))[0];
  }
  const scored = tracked.map((b) => ({ b, s: iou(b.b, target.box!) })).filter((s) => s.s >= 0.1);
  return scored.sort((a, b) => b.s - a.s)[0]?.b;
}

/** Where a track is (wall clock), its pictures merged while less than `joinMs` apart. */
export function presenceOf(rec: FollowRecord, trackId: number, joinMs = 1000): TimeRange[] {
  const out: TimeRange[] = [];
  const step = rec.fps > 0 ? 1000 / rec.fps : 0;
  for (const f of rec.frames) {
    if (!f.x.some((b) => b.t === trackId)) continue;
    const t = wallMs(rec.covered, f.o);
    const last = out.at(-1);
    if (last && t - last.toMs <= joinMs) last.toMs = t + step;
    else out.push({ fromMs: t, toMs: t + step });
  }
  return out;
}

/** Whether a track's box on a picture touches another person's: there the tracker may swap who is who. */
export function crossing(f: FollowFrame, trackId: number, touch = 0.1): boolean {
  const me = f.x.find((b) => b.t === trackId);
  if (!me) return false;
  return f.x.some((o) => {
    if (o === me) return false;
    const w = Math.min(me.b[0] + me.b[2], o.b[0] + o.b[2]) - Math.max(me.b[0], o.b[0]);
    const h = Math.min(me.b[1] + me.b[3], o.b[1] + o.b[3]) - Math.max(me.b[1], o.b[1]);
    return w > 0 && h > 0 && (w * h) / Math.min(area(me.b), area(o.b)) >= touch;
  });
}

/**
 * The stretch of the window where the picked track is the requester for sure: from the picture picked, both ways,
 * while the track is there (short blinks allowed) and touches no one else. Where two people cross the tracker may
 * swap them (PETS09 shows it), so the copy fails closed there: the requester is pixelated while touching someone,
 * and beyond, the supervisor picks them again (each pick adds its own stretch) or sets the segments by hand.
 */
export function stretchAround(rec: FollowRecord, trackId: number, i0: number, blinkMs = 1000): TimeRange {
  const walk = (dir: 1 | -1) => {
    let last = i0;
    for (let i = i0 + dir; i >= 0 && i < rec.frames.length; i += dir) {
      const f = rec.frames[i]!;
      if (Math.abs(f.o - rec.frames[last]!.o) > blinkMs) break;
      if (!f.x.some((b) => b.t === trackId)) continue;
      if (crossing(f, trackId)) break;
      last = i;
    }
    return last;
  };
  const step = rec.fps > 0 ? 1000 / rec.fps : 1;
  return {
    fromMs: wallMs(rec.covered, rec.frames[walk(-1)]!.o),
    toMs: wallMs(rec.covered, rec.frames[walk(1)]!.o) + step / 2,
  };
}

/** The boxes to keep clear on picture `i`: each pick's track, where the picture falls in the pick's segments. */
export function keptOn(rec: FollowRecord, i: number, picks: readonly RequesterPick[]): FollowBox[] {
  const f = rec.frames[i];
  if (!f) return [];
  const t = wallMs(rec.covered, f.o);
  const out: FollowBox[] = [];
  for (const p of picks) {
    if (!p.segments.some((s) => Date.parse(s.from) <= t && t < Date.parse(s.to))) continue;
    const b = f.x.find((x) => x.t === p.trackId);
    if (b) out.push(b);
  }
  return out;
}
