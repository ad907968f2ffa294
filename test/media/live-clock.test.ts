import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LiveClock, nominalPeriodMs } from '../../src/media/decode/live-clock.js';
import { seededRandom } from '../analytics/track/seeded-random.js';

test('the nominal period: the analysis rate when it samples, the source rate when plausible, else none', () => {
  assert.equal(nominalPeriodMs(25, 5), 200);
  assert.equal(nominalPeriodMs(4, 5), 250, 'a source slower than asked: its own rate');
  assert.equal(nominalPeriodMs(90_000, 5), 200, 'an implausible declared rate is not trusted');
  assert.equal(nominalPeriodMs(0), undefined);
});

test('a start burst, then jittery deliveries: frames timed on the period, never after they arrived', () => {
  const clock = new LiveClock(200);
  const rnd = seededRandom(3);
  const arrivals: number[] = [];
  // 11 frames within 5 ms (the decoder catching up), then frames due every 200 ms, delivered 0-350 ms late.
  for (let i = 0; i < 11; i++) arrivals.push(1000 + i * 0.5);
  for (let i = 11; i < 200; i++) arrivals.push(1000 + (i - 10) * 200 + rnd.uniform() * 350);
  const times = arrivals.map((a) => clock.stamp(a));
  // Never after its arrival (but for the 1 ms that keeps times strictly increasing inside the burst).
  for (const [i, t] of times.entries()) assert.ok(t <= arrivals[i]! + 11, `frame ${i}: ${t} after ${arrivals[i]}`);
  const steps = times.slice(30).map((t, i) => t - times[29 + i]!);
  assert.ok(
    Math.min(...steps) >= 199 && Math.max(...steps) <= 201,
    `steady 200 ms steps: ${Math.min(...steps)}..${Math.max(...steps)}`,
  );
  const raw = arrivals.slice(30).map((a, i) => a - arrivals[29 + i]!);
  assert.ok(Math.max(...raw) - Math.min(...raw) > 250, 'the arrivals themselves were jittery');
});

test('a real gap (reconnection) re-anchors the clock to the wall clock', () => {
  const clock = new LiveClock(200);
  for (let i = 0; i < 10; i++) clock.stamp(i * 200);
  const after = clock.stamp(60_000);
  assert.equal(after, 60_000);
  assert.equal(clock.stamp(60_200), 60_200);
});

test('without a period: arrival times, strictly increasing', () => {
  const clock = new LiveClock(undefined);
  assert.deepEqual(
    [5, 5, 4, 10].map((a) => clock.stamp(a)),
    [5, 6, 7, 10],
  );
});
