// Privacy mask polygons in normalised [0..1] frame coordinates, and the checks a mask must pass to be accepted.
import { polygonArea } from '../geometry/polygon.js';
import { segmentsIntersect } from '../geometry/segment.js';

export type NormPoint = readonly [number, number];

export interface MaskPolygon {
  /** For messages and the audit trail ("door of no. 12"). */
  name?: string;
  /** Vertices in [0..1] of the frame width/height, closed implicitly, either winding. */
  points: readonly NormPoint[];
}

function label(cameraId: string, index: number, m: MaskPolygon): string {
  return `camera ${cameraId}, privacy mask #${index + 1}${m.name ? ` "${m.name}"` : ''}`;
}

const fmt = (p: NormPoint) => `(${p[0]}, ${p[1]})`;

/** Why this polygon cannot serve as a privacy mask, or undefined when it can. */
export function maskProblem(m: MaskPolygon): string | undefined {
  const pts = m.points as unknown;
  if (!Array.isArray(pts)) return 'points must be a list of [x, y] pairs';
  if (pts.length < 3) return `needs at least 3 points, got ${pts.length}`;
  for (const [i, p] of pts.entries()) {
    if (!Array.isArray(p) || p.length !== 2 || !p.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      return `point ${i + 1} must be [x, y] with finite numbers, got ${JSON.stringify(p)}`;
    }
    if (p[0] < 0 || p[0] > 1 || p[1] < 0 || p[1] > 1) {
      return `point ${i + 1} ${fmt(p as unknown as NormPoint)} is outside the frame: coordinates are fractions of width/height in [0, 1]`;
    }
  }
  const poly = pts as NormPoint[];
  const n = poly.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      // Neighbouring edges share a vertex; only a repeated vertex makes them a problem.
      if (j === i + 1 || (i === 0 && j === n - 1)) {
        const [a, b] = j === i + 1 ? [poly[i]!, poly[j]!] : [poly[0]!, poly[n - 1]!];
        if (a[0] === b[0] && a[1] === b[1]) return `points ${i + 1} and ${j + 1} are the same point ${fmt(a)}`;
        continue;
      }
      if (segmentsIntersect(poly[i]!, poly[(i + 1) % n]!, poly[j]!, poly[(j + 1) % n]!)) {
        return `edges ${i + 1}-${i + 2} and ${j + 1}-${((j + 1) % n) + 1} cross: the polygon must not intersect itself`;
      }
    }
  }
  if (polygonArea(poly) < 1e-9) return 'has no area (all points on one line)';
  return undefined;
}

/** Throws one error listing every bad mask of a camera, each with its position and name. */
export function validateMasks(cameraId: string, masks: readonly MaskPolygon[]): void {
  const problems = masks.flatMap((m, i) => {
    const why = maskProblem(m);
    return why ? [`${label(cameraId, i, m)}: ${why}`] : [];
  });
  if (problems.length > 0) throw new Error(`invalid privacy mask: ${problems.join('; ')}`);
}
