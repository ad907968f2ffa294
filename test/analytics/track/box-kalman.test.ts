import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoxKalman } from '../../../src/analytics/track/box-kalman.js';
import { seededRandom } from './seeded-random.js';

/** A box walking right at 40 px/s and down at 10 px/s, observed at `fps` with ±1 px jitter, for 3 s. */
function follow(fps: number) {
  const kf = new BoxKalman([100, 100, 30, 80]);
  const { uniform } = seededRandom(3);
  const jitter = () => (uniform() - 0.5) * 2;
  for (let k = 1; k <= 3 * fps; k++) {
    const t = k / fps;
    kf.predict(1 / fps);
    kf.update([100 + 40 * t + jitter(), 100 + 10 * t + jitter(), 30, 80]);
  }
  return kf;
}

test('velocity converges to the true px/s whatever the frame rate', () => {
  for (const fps of [5, 7, 15, 30]) {
    const [vx, vy] = follow(fps).centerVelocity();
    assert.ok(Math.abs(vx - 40) < 4, `${fps} fps: vx ${vx.toFixed(1)}`);
    assert.ok(Math.abs(vy - 10) < 4, `${fps} fps: vy ${vy.toFixed(1)}`);
  }
});

test('prediction carries the box forward by velocity × time; size stays put once frozen', () => {
  const kf = follow(10);
  const before = kf.box();
  kf.stopSizeChange();
  kf.predict(0.5);
  const after = kf.box();
  assert.ok(Math.abs(after[0] - before[0] - 20) < 3, `moved ${after[0] - before[0]}`);
  assert.ok(Math.abs(after[2] - before[2]) < 1e-9 && Math.abs(after[3] - before[3]) < 1e-9);
});

test('a zero or negative time step changes nothing', () => {
  const kf = new BoxKalman([0, 0, 10, 20]);
  kf.predict(0);
  kf.predict(-1);
  assert.deepEqual(kf.box(), [0, 0, 10, 20]);
});
