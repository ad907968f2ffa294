// What the tracker says moves, per track and frame, in units that do not depend on the picture size: the foot point
// and box as shares of the frame height, and the foot speed measured robustly over the last second.
import type { Box } from '../geometry/box.js';

/** The tracker's output as the scene analytics receive it. */
export interface TrackLike {
  id: number;
  cls: string;
  box: Readonly<Box>;
  score: number;
}

export interface ObjectObs {
  id: number;
  cls: string;
  /** Foot point (bottom centre), in frame heights from the top-left corner. */
  x: number;
  y: number;
  /** Box height and width in frame heights. */
  h: number;
  w: number;
  /** Foot speed in frame heights per second; undefined until the track has been seen long enough. */
  speed?: number;
  /** The box in frame pixels (where an alarm points). */
  box: Box;
}

/** Minimum steps (frame to frame moves) for a speed: one step alone may be a tracker's identity switch. */
const MIN_STEPS = 2;

export class TrackHistory {
  private hist = new Map<number, { t: number; x: number; y: number }[]>();

  constructor(private readonly windowMs: number) {}

  /** Observations of this frame's tracks; `frameH` scales pixels to frame heights. */
  observe(tracks: ReadonlyArray<TrackLike>, tMs: number, frameH: number): ObjectObs[] {
    const seen = new Set<number>();
    const out = tracks.map((t) => {
      seen.add(t.id);
      const [bx, by, bw, bh] = t.box;
      const x = (bx + bw / 2) / frameH;
      const y = (by + bh) / frameH;
      const h = this.hist.get(t.id) ?? [];
      h.push({ t: tMs, x, y });
      while (h.length > 1 && tMs - h[0]!.t > this.windowMs) h.shift();
      this.hist.set(t.id, h);
      const o: ObjectObs = { id: t.id, cls: t.cls, x, y, h: bh / frameH, w: bw / frameH, box: [...t.box] as Box };
      const s = medianStepSpeed(h);
      if (s !== undefined) o.speed = s;
      return o;
    });
    for (const id of this.hist.keys()) if (!seen.has(id)) this.hist.delete(id);
    return out;
  }

  reset(): void {
    this.hist.clear();
  }
}

// The median of the step speeds: a single jump (a box snapping to another person) does not make a track fast.
function medianStepSpeed(h: { t: number; x: number; y: number }[]): number | undefined {
  if (h.length <= MIN_STEPS) return undefined;
  const v: number[] = [];
  for (let i = 1; i < h.length; i++) {
    const dt = (h[i]!.t - h[i - 1]!.t) / 1000;
    if (dt > 0) v.push(Math.hypot(h[i]!.x - h[i - 1]!.x, h[i]!.y - h[i - 1]!.y) / dt);
  }
  if (v.length < MIN_STEPS) return undefined;
  v.sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}
