// Image ↔ ground-plane mapping of a calibrated camera, from ≥ 4 point pairs (DLT), for speeds in metres.
import { solveLinear } from './linear-solve.js';
import type { Point } from './polygon.js';

export interface PointPair {
  /** Pixel position in the camera image. */
  image: Point;
  /** The same spot on the ground plane, in metres (any local east/north frame). */
  ground: Point;
}

/** 3x3 matrix, row-major. */
export type Mat3 = readonly [number, number, number, number, number, number, number, number, number];

// Hartley normalisation: centroid at the origin, mean distance √2 — keeps the 8x8 system well conditioned.
function normaliser(pts: readonly Point[]): Mat3 {
  const cx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const cy = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  const mean = pts.reduce((s, p) => s + Math.hypot(p[0] - cx, p[1] - cy), 0) / pts.length;
  if (mean === 0) throw new Error('homography: all points coincide');
  const s = Math.SQRT2 / mean;
  return [s, 0, -s * cx, 0, s, -s * cy, 0, 0, 1];
}

function mul(a: Mat3, b: Mat3): Mat3 {
  const r: number[] = [];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) r.push(a[i * 3]! * b[j]! + a[i * 3 + 1]! * b[3 + j]! + a[i * 3 + 2]! * b[6 + j]!);
  }
  return r as unknown as Mat3;
}

export function invert3(m: Mat3): Mat3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (Math.abs(det) < 1e-15) throw new Error('homography: matrix is singular');
  const inv = [
    A,
    -(b * i - c * h),
    b * f - c * e,
    B,
    a * i - c * g,
    -(a * f - c * d),
    C,
    -(a * h - b * g),
    a * e - b * d,
  ];
  return inv.map((v) => v / det) as unknown as Mat3;
}

function apply(m: Mat3, x: number, y: number): [number, number] {
  const w = m[6] * x + m[7] * y + m[8];
  if (Math.abs(w) < 1e-12) throw new Error('homography: point maps to infinity (on the horizon line)');
  return [(m[0] * x + m[1] * y + m[2]) / w, (m[3] * x + m[4] * y + m[5]) / w];
}

/** Whether three of the points lie on one line (then no homography is defined by them). */
function hasCollinearTriple(pts: readonly Point[]): boolean {
  const span = Math.max(...pts.flatMap((p) => pts.map((q) => Math.hypot(p[0] - q[0], p[1] - q[1]))));
  for (let i = 0; i < pts.length; i++) {
    for (let j = i + 1; j < pts.length; j++) {
      for (let k = j + 1; k < pts.length; k++) {
        const [a, b, c] = [pts[i]!, pts[j]!, pts[k]!];
        const area2 = Math.abs((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
        if (area2 < 1e-6 * span * span) return true;
      }
    }
  }
  return false;
}

export class Homography {
  /** image → ground */
  readonly matrix: Mat3;
  /** ground → image */
  readonly inverse: Mat3;

  constructor(matrix: Mat3) {
    this.matrix = matrix;
    this.inverse = invert3(matrix);
  }

  /** DLT with h33 = 1; 4 pairs give the exact solution, more give least squares (normal equations). */
  static fromPointPairs(pairs: readonly PointPair[]): Homography {
    if (pairs.length < 4) throw new Error(`homography: need at least 4 point pairs, got ${pairs.length}`);
    const img = pairs.map((p) => p.image);
    const gnd = pairs.map((p) => p.ground);
    if (pairs.length === 4 && (hasCollinearTriple(img) || hasCollinearTriple(gnd))) {
      throw new Error('homography: three of the four points are collinear');
    }
    const ti = normaliser(img);
    const tg = normaliser(gnd);
    const ata = Array.from({ length: 8 }, () => new Array<number>(8).fill(0));
    const atb = new Array<number>(8).fill(0);
    for (let k = 0; k < pairs.length; k++) {
      const [x, y] = apply(ti, img[k]![0], img[k]![1]);
      const [u, v] = apply(tg, gnd[k]![0], gnd[k]![1]);
      // u = (h0 x + h1 y + h2) / (h6 x + h7 y + 1), same for v with h3..h5.
      const rows: [number[], number][] = [
        [[x, y, 1, 0, 0, 0, -u * x, -u * y], u],
        [[0, 0, 0, x, y, 1, -v * x, -v * y], v],
      ];
      for (const [r, rhs] of rows) {
        for (let i = 0; i < 8; i++) {
          atb[i]! += r[i]! * rhs;
          for (let j = 0; j < 8; j++) ata[i]![j]! += r[i]! * r[j]!;
        }
      }
    }
    const h = solveLinear(ata, atb);
    const hn = [...h, 1] as unknown as Mat3;
    // Undo the normalisations: H = Tg⁻¹ · Hn · Ti, then scale so that h33 = 1.
    const full = mul(mul(invert3(tg), hn), ti);
    return new Homography(full.map((v) => v / full[8]) as unknown as Mat3);
  }

  imageToGround(x: number, y: number): [number, number] {
    return apply(this.matrix, x, y);
  }

  groundToImage(x: number, y: number): [number, number] {
    return apply(this.inverse, x, y);
  }

  /** Partial derivatives of ground (X, Y) by image (x, y) at an image point: [[dX/dx, dX/dy], [dY/dx, dY/dy]]. */
  jacobian(x: number, y: number): [[number, number], [number, number]] {
    const m = this.matrix;
    const w = m[6] * x + m[7] * y + m[8];
    const X = (m[0] * x + m[1] * y + m[2]) / w;
    const Y = (m[3] * x + m[4] * y + m[5]) / w;
    return [
      [(m[0] - X * m[6]) / w, (m[1] - X * m[7]) / w],
      [(m[3] - Y * m[6]) / w, (m[4] - Y * m[7]) / w],
    ];
  }

  /** Ground velocity (m/s) of an image point (x, y) moving at (vx, vy) px/s: the first-order (Jacobian) map. */
  groundVelocity(x: number, y: number, vx: number, vy: number): [number, number] {
    const [[a, b], [c, d]] = this.jacobian(x, y);
    return [a * vx + b * vy, c * vx + d * vy];
  }
}

/** Heading of a ground velocity in degrees, counter-clockwise from the ground +X axis, in [0, 360). */
export function headingDeg(vx: number, vy: number): number {
  const deg = (Math.atan2(vy, vx) * 180) / Math.PI;
  return deg < 0 ? deg + 360 : deg;
}
