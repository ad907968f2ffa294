// What the access copy's follow pass records per picture, what writing the copy reports, and the pure functions
// over the record (which track is under a click, where it is, which box to keep clear on each picture): shared by
// the engine (here), the copy service (core) and the evaluation.
export type Box = [number, number, number, number];

/** One box of one picture: `t` the track id (0: a detection no confirmed track holds), `c` its class. */
export interface FollowBox {
  t: number;
  c: string;
  b: Box;
}

/** One decoded picture: `o` its time in the clip (ms from the clip's first picture), its boxes. */
export interface FollowFrame {
  o: number;
  x: FollowBox[];
}

export interface CoveredRange {
  fromMs: number;
  toMs: number;
  offsetMs: number;
}

export interface TimeRange {
  fromMs: number;
  toMs: number;
}

/** What the follow pass found over one camera's window (kept under the data dir, see copy-files.ts). */
export interface FollowRecord {
  cameraId: string;
  /** The plan the pictures were decoded from: a copy re-uses the record only for the very same files and cuts. */
  planKey: string;
  /** Where each stretch of the clip is in wall-clock time (the plan's covered ranges; offsetMs into the clip). */
  covered: CoveredRange[];
  width: number;
  height: number;
  fps: number;
  frames: FollowFrame[];
  madeAt: string;
}

/** What keptOn needs of a pick: its track and where it is kept clear. */
export interface PickLike {
  trackId: number;
  segments: ReadonlyArray<{ from: string; to: string }>;
}

export interface CopyResult {
  bytes: number;
  sha256: string;
  frames: number;
  /** Pictures where the requester was kept clear. */
  keptFrames: number;
  /** Those pictures as inclusive runs of 0-based indexes into the file. */
  keptPictures: [number, number][];
  /** Boxes hidden, per class, over all pictures (vehicles: their plate band). */
  hidden: Record<string, number>;
  /** Mean share of each picture pixelated. */
  cellsShare: number;
  /** Side of the pixelation cells (px). */
  cellPx: number;
}

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
export function keptOn(rec: FollowRecord, i: number, picks: readonly PickLike[]): FollowBox[] {
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

/** The tracked boxes of picture `i`, as fractions of the picture (what the supervisor clicks on). */
export function trackedOn(rec: FollowRecord, i: number) {
  const { width: w, height: h } = rec;
  return (rec.frames[i]?.x ?? [])
    .filter((b) => b.t > 0)
    .map((b) => ({ trackId: b.t, cls: b.c, box: [b.b[0] / w, b.b[1] / h, b.b[2] / w, b.b[3] / h] }));
}

/**
 * The track the supervisor means at a time, from a point or box in fractions of the picture: on the picture nearest
 * that time, else its neighbours within a second (the track may have blinked on that very picture).
 */
export function trackNear(
  rec: FollowRecord,
  atMs: number,
  at: { point?: readonly [number, number]; box?: readonly [number, number, number, number] },
): { box: FollowBox; i: number } | undefined {
  const { width: w, height: h } = rec;
  const target = at.point
    ? { point: [at.point[0] * w, at.point[1] * h] as [number, number] }
    : { box: [at.box![0] * w, at.box![1] * h, at.box![2] * w, at.box![3] * h] as Box };
  const i0 = nearestFrame(rec, atMs);
  const reach = Math.max(1, Math.round(rec.fps));
  for (let d = 0; d <= reach; d++)
    for (const i of [i0 + d, i0 - d]) {
      const f = rec.frames[i];
      const box = f && boxUnder(f, target);
      if (box) return { box, i };
    }
  return undefined;
}
