// Polygons (zones drawn on a camera image) as vertex lists; closed implicitly, either winding.
import { segmentsIntersect } from './segment.js';

export type Point = readonly [number, number];
export type Polygon = readonly Point[];

/** Signed area by the shoelace formula: positive for counter-clockwise in a y-up frame (clockwise on screen). */
export function polygonSignedArea(poly: Polygon): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const [x1, y1] = poly[i]!;
    const [x2, y2] = poly[(i + 1) % poly.length]!;
    s += x1 * y2 - x2 * y1;
  }
  return s / 2;
}

export function polygonArea(poly: Polygon): number {
  return Math.abs(polygonSignedArea(poly));
}

/** Even-odd ray casting; points exactly on an edge count as inside (a foot on the zone line is in the zone). */
export function pointInPolygon(p: Point, poly: Polygon): boolean {
  const [px, py] = p;
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!;
    const [xj, yj] = poly[j]!;
    if (onSegment(p, poly[j]!, poly[i]!)) return true;
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function onSegment(p: Point, a: Point, b: Point): boolean {
  const cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
  const scale = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
  if (Math.abs(cross) / scale > 1e-9) return false;
  return (
    p[0] >= Math.min(a[0], b[0]) - 1e-9 &&
    p[0] <= Math.max(a[0], b[0]) + 1e-9 &&
    p[1] >= Math.min(a[1], b[1]) - 1e-9 &&
    p[1] <= Math.max(a[1], b[1]) + 1e-9
  );
}

/** Whether two non-adjacent edges cross or touch (a bow-tie zone has no well-defined inside). */
export function polygonSelfIntersects(poly: Polygon): boolean {
  const n = poly.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      // Edges sharing a vertex always touch there; skip them.
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      if (segmentsIntersect(poly[i]!, poly[(i + 1) % n]!, poly[j]!, poly[(j + 1) % n]!)) return true;
    }
  }
  return false;
}

/** Why a polygon cannot serve as a zone, or undefined when it can. */
export function polygonProblem(poly: Polygon): string | undefined {
  if (poly.length < 3) return `a polygon needs at least 3 vertices, got ${poly.length}`;
  if (poly.some(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y))) return 'vertices must be finite numbers';
  // Crossing first: a symmetric bow-tie also has zero signed area, and "crosses itself" is the useful message.
  if (polygonSelfIntersects(poly)) return 'the polygon crosses itself';
  if (polygonArea(poly) <= 0) return 'the polygon has no area';
  return undefined;
}

/** Area-weighted centroid (falls back to the vertex mean for degenerate polygons). */
export function polygonCentroid(poly: Polygon): [number, number] {
  const a = polygonSignedArea(poly);
  if (Math.abs(a) < 1e-12) {
    const sx = poly.reduce((s, p) => s + p[0], 0);
    const sy = poly.reduce((s, p) => s + p[1], 0);
    return [sx / poly.length, sy / poly.length];
  }
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < poly.length; i++) {
    const [x1, y1] = poly[i]!;
    const [x2, y2] = poly[(i + 1) % poly.length]!;
    const f = x1 * y2 - x2 * y1;
    cx += (x1 + x2) * f;
    cy += (y1 + y2) * f;
  }
  return [cx / (6 * a), cy / (6 * a)];
}
