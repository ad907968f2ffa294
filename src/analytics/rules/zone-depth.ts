// How deep a point is inside a zone: distance to the nearest edge, negative outside. Lets zone membership use the
// same hysteresis band as lines (entering means clearly inside, leaving means clearly outside).
import { type Point, type Polygon, pointInPolygon } from '../geometry/polygon.js';
import type { RuleTrack, SceneRulesOptions } from './rule-types.js';

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Signed distance to the polygon's boundary: > 0 inside, < 0 outside (pixels when the polygon is in pixels). */
export function zoneDepth(p: Point, poly: Polygon): number {
  let d = Number.POSITIVE_INFINITY;
  for (let i = 0; i < poly.length; i++) d = Math.min(d, distanceToSegment(p, poly[i]!, poly[(i + 1) % poly.length]!));
  return pointInPolygon(p, poly) ? d : -d;
}

/** Width of the hysteresis band for a track: a fraction of its box height, with a floor in pixels. */
export function edgeMargin(track: RuleTrack, opts: SceneRulesOptions): number {
  return Math.max(opts.minEdgeMarginPx, opts.edgeMarginBoxHeights * track.box[3]);
}
