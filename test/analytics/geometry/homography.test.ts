import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Homography, headingDeg, type Mat3 } from '../../../src/analytics/geometry/homography.js';
import { solveLinear } from '../../../src/analytics/geometry/linear-solve.js';
import { seededRandom } from '../track/seeded-random.js';

// A plausible street camera: ground metres → pixels, with perspective (far things are small and high up).
const TRUTH = new Homography([0.02, 0.001, -3, 0.0005, 0.03, -6, 0.00002, 0.0009, 1] as Mat3);

function close(a: readonly number[], b: readonly number[], tol: number, what: string) {
  for (const [i, v] of a.entries()) assert.ok(Math.abs(v - b[i]!) <= tol, `${what}: ${a} vs ${b}`);
}

test('solveLinear solves a pivoting-needing system and refuses a singular one', () => {
  close(
    solveLinear(
      [
        [0, 1],
        [1, 0],
      ],
      [2, 3],
    ),
    [3, 2],
    1e-12,
    'swap',
  );
  assert.throws(
    () =>
      solveLinear(
        [
          [1, 2],
          [2, 4],
        ],
        [1, 2],
      ),
    /singular/,
  );
});

test('four image↔ground pairs recover the homography (and its inverse)', () => {
  const image = [
    [100, 500],
    [700, 520],
    [600, 150],
    [180, 140],
  ] as const;
  const pairs = image.map((p) => ({ image: p, ground: TRUTH.imageToGround(p[0], p[1]) }));
  const h = Homography.fromPointPairs(pairs);
  for (const [x, y] of [
    [384, 288],
    [10, 570],
    [760, 100],
  ] as const) {
    close(h.imageToGround(x, y), TRUTH.imageToGround(x, y), 1e-6, 'image→ground');
    close(h.groundToImage(...h.imageToGround(x, y)), [x, y], 1e-6, 'round trip');
  }
});

test('more than four pairs: least squares through noisy points', () => {
  const image: [number, number][] = [];
  for (let x = 50; x < 768; x += 140) for (let y = 150; y < 576; y += 100) image.push([x, y]);
  const { uniform } = seededRandom(7);
  const noise = () => (uniform() - 0.5) * 0.02; // ±1 cm
  const pairs = image.map((p) => {
    const [gx, gy] = TRUTH.imageToGround(p[0], p[1]);
    return { image: p, ground: [gx + noise(), gy + noise()] as const };
  });
  const h = Homography.fromPointPairs(pairs);
  close(h.imageToGround(400, 400), TRUTH.imageToGround(400, 400), 0.02, 'fit');
});

test('degenerate input is refused', () => {
  const collinear = [
    [0, 0],
    [1, 1],
    [2, 2],
    [5, 0],
  ] as const;
  assert.throws(() => Homography.fromPointPairs(collinear.map((p) => ({ image: p, ground: p }))), /collinear/);
  assert.throws(() => Homography.fromPointPairs([]), /at least 4/);
});

test('ground velocity from the Jacobian matches a finite difference; heading in degrees', () => {
  const [x, y, vx, vy] = [300, 400, 20, -35];
  const dt = 1e-4;
  const a = TRUTH.imageToGround(x, y);
  const b = TRUTH.imageToGround(x + vx * dt, y + vy * dt);
  close(TRUTH.groundVelocity(x, y, vx, vy), [(b[0] - a[0]) / dt, (b[1] - a[1]) / dt], 1e-4, 'velocity');
  assert.equal(headingDeg(1, 0), 0);
  assert.equal(headingDeg(0, 1), 90);
  assert.equal(headingDeg(0, -1), 270);
});
