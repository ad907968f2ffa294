// Segments and directed lines: crossing a counting line, and on which side of it a point lies.
import type { Point } from './polygon.js';

const EPS = 1e-9;

/** z of (b - a) × (p - a): > 0 when p is left of a→b in a y-up frame, i.e. to the RIGHT on screen (y down). */
export function cross(a: Point, b: Point, p: Point): number {
  return (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
}

/** Side of the directed line a→b: 1, -1, or 0 when on the line (sign convention of `cross`). */
export function sideOfLine(a: Point, b: Point, p: Point): -1 | 0 | 1 {
  const c = cross(a, b, p);
  const scale = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
  if (Math.abs(c) / scale <= EPS) return 0;
  return c > 0 ? 1 : -1;
}

export interface SegmentHit {
  /** The crossing point. */
  point: [number, number];
  /** Position along the first segment p→q, 0..1. */
  t: number;
  /** Position along the second segment a→b, 0..1. */
  u: number;
  /**
   * Which way p→q crosses the directed line a→b: +1 from the -1 side to the +1 side of `sideOfLine(a, b, ·)`,
   * -1 the other way, 0 when it stays on one side. A point ON the line counts as the +1 side (half-open), so a
   * path stepping onto the line and then off it is counted once, never twice, and crossings alternate in sign.
   */
  direction: -1 | 0 | 1;
}

/** Where segment p→q meets segment a→b, or undefined when they do not meet (collinear overlaps: first contact). */
export function segmentIntersection(p: Point, q: Point, a: Point, b: Point): SegmentHit | undefined {
  const rx = q[0] - p[0];
  const ry = q[1] - p[1];
  const sx = b[0] - a[0];
  const sy = b[1] - a[1];
  const denom = rx * sy - ry * sx;
  const apx = a[0] - p[0];
  const apy = a[1] - p[1];
  if (Math.abs(denom) < EPS) {
    if (Math.abs(apx * ry - apy * rx) > EPS) return undefined; // parallel, apart
    return collinearContact(p, q, a, b);
  }
  const t = (apx * sy - apy * sx) / denom;
  const u = (apx * ry - apy * rx) / denom;
  if (t < -EPS || t > 1 + EPS || u < -EPS || u > 1 + EPS) return undefined;
  const from = sideOfLine(a, b, p) >= 0 ? 1 : -1;
  const to = sideOfLine(a, b, q) >= 0 ? 1 : -1;
  return { point: [p[0] + t * rx, p[1] + t * ry], t, u, direction: from === to ? 0 : to };
}

function collinearContact(p: Point, q: Point, a: Point, b: Point): SegmentHit | undefined {
  const rr = (q[0] - p[0]) ** 2 + (q[1] - p[1]) ** 2;
  const ss = (b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2;
  if (rr < EPS && ss < EPS) {
    return Math.hypot(p[0] - a[0], p[1] - a[1]) < EPS ? { point: [p[0], p[1]], t: 0, u: 0, direction: 0 } : undefined;
  }
  // Parametrise along the longer segment and intersect the two intervals.
  const along = (pt: Point, o: Point, d: Point, len2: number) =>
    ((pt[0] - o[0]) * (d[0] - o[0]) + (pt[1] - o[1]) * (d[1] - o[1])) / len2;
  if (rr >= ss) {
    const ua = along(a, p, q, rr);
    const ub = along(b, p, q, rr);
    const t = Math.max(0, Math.min(ua, ub));
    if (t > Math.min(1, Math.max(ua, ub)) + EPS) return undefined;
    const point: [number, number] = [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
    return { point, t, u: ss < EPS ? 0 : along(point, a, b, ss), direction: 0 };
  }
  const tp = along(p, a, b, ss);
  const tq = along(q, a, b, ss);
  const u = Math.max(0, Math.min(tp, tq));
  if (u > Math.min(1, Math.max(tp, tq)) + EPS) return undefined;
  const point: [number, number] = [a[0] + u * (b[0] - a[0]), a[1] + u * (b[1] - a[1])];
  return { point, t: along(point, p, q, rr), u, direction: 0 };
}

export function segmentsIntersect(p: Point, q: Point, a: Point, b: Point): boolean {
  return segmentIntersection(p, q, a, b) !== undefined;
}
