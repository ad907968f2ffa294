// Constant-velocity Kalman filter of a box (cx, cy, w, h), in continuous time so it behaves the same at any fps.
// The four coordinates have independent dynamics and diagonal noises, so the 8-state filter is exactly four
// 2-state filters (position, velocity): no 8x8 algebra needed, and nothing is approximated by splitting it.
import type { Box } from '../geometry/box.js';

export interface BoxKalmanNoise {
  /** Measurement noise std of x and w as a fraction of box width, of y and h as a fraction of box height. */
  measurement: number;
  /** White-noise acceleration density of the centre, in box heights per s² per √Hz. */
  acceleration: number;
  /** The same for the box size (boxes change size more slowly than they move). */
  sizeAcceleration: number;
  /** Initial velocity std, in box heights per second (how fast a newly seen object might be moving). */
  initialVelocity: number;
}

export const DEFAULT_KALMAN_NOISE: BoxKalmanNoise = {
  measurement: 0.1,
  acceleration: 0.3,
  sizeAcceleration: 0.3,
  initialVelocity: 1.5,
};

/** One coordinate: position p, velocity v (per second), covariance [[a, b], [b, c]]. */
interface Axis {
  p: number;
  v: number;
  a: number;
  b: number;
  c: number;
}

export class BoxKalman {
  private readonly axes: [Axis, Axis, Axis, Axis];

  constructor(
    box: Readonly<Box>,
    private readonly noise: BoxKalmanNoise = DEFAULT_KALMAN_NOISE,
  ) {
    const [x, y, w, h] = box;
    const scales = this.scales(w, h);
    const z = [x + w / 2, y + h / 2, w, h];
    this.axes = z.map((p, i) => {
      const r = (noise.measurement * scales[i]!) ** 2;
      const vs = (noise.initialVelocity * h) ** 2;
      return { p, v: 0, a: r, b: 0, c: i < 2 ? vs : vs / 4 };
    }) as [Axis, Axis, Axis, Axis];
  }

  // x and w errors grow with the width, y and h errors with the height.
  private scales(w: number, h: number): [number, number, number, number] {
    return [w, h, w, h];
  }

  /** Advances the state by dt seconds (the velocity is kept: the object is assumed to keep going). */
  predict(dt: number): void {
    if (dt <= 0) return;
    const h = Math.max(this.axes[3].p, 1);
    this.axes.forEach((s, i) => {
      const q = ((i < 2 ? this.noise.acceleration : this.noise.sizeAcceleration) * h) ** 2;
      s.p += s.v * dt;
      // P ← F P Fᵀ + Q with F = [[1, dt], [0, 1]] and Q of continuous white acceleration.
      const a = s.a + 2 * dt * s.b + dt * dt * s.c + (q * dt ** 3) / 3;
      const b = s.b + dt * s.c + (q * dt * dt) / 2;
      s.c += q * dt;
      s.a = a;
      s.b = b;
    });
    // A box cannot shrink below a pixel, whatever the velocity says.
    this.axes[2].p = Math.max(this.axes[2].p, 1);
    this.axes[3].p = Math.max(this.axes[3].p, 1);
  }

  /** Folds in a measured box. */
  update(box: Readonly<Box>): void {
    const [x, y, w, h] = box;
    const z = [x + w / 2, y + h / 2, w, h];
    const scales = this.scales(Math.max(this.axes[2].p, 1), Math.max(this.axes[3].p, 1));
    this.axes.forEach((s, i) => {
      const r = (this.noise.measurement * scales[i]!) ** 2;
      const innov = z[i]! - s.p;
      const sInv = 1 / (s.a + r);
      const k0 = s.a * sInv;
      const k1 = s.b * sInv;
      s.p += k0 * innov;
      s.v += k1 * innov;
      // P ← (I − K H) P
      const a = (1 - k0) * s.a;
      const b = (1 - k0) * s.b;
      s.c -= k1 * s.b;
      s.a = a;
      s.b = b;
    });
  }

  /** Current box estimate [x, y, w, h]. */
  box(): Box {
    const [cx, cy, w, h] = this.axes.map((s) => s.p) as [number, number, number, number];
    return [cx - w / 2, cy - h / 2, w, h];
  }

  /** Velocity of the centre, px/s. */
  centerVelocity(): [number, number] {
    return [this.axes[0].v, this.axes[1].v];
  }

  /** Velocity of the bottom-centre (ground contact) point, px/s. */
  footVelocity(): [number, number] {
    return [this.axes[0].v, this.axes[1].v + this.axes[3].v / 2];
  }

  /** Standard deviation of the centre estimate (x, y), px: how far off the predicted box may be. */
  centerStd(): [number, number] {
    return [Math.sqrt(this.axes[0].a), Math.sqrt(this.axes[1].a)];
  }

  /** Forgets the size velocity (a box that keeps growing while unseen soon becomes absurd). */
  stopSizeChange(): void {
    this.axes[2].v = 0;
    this.axes[3].v = 0;
  }
}
