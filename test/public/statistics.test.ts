// The statistics' pure parts: local month boundaries across DST and years, and small-count suppression.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lastMonths, monthOf, monthStartMs, shown, suppress } from '../../src/core/public/statistics.js';

test('months start at local midnight in the centre’s time zone, across DST changes and years', () => {
  const tz = 'Europe/Paris';
  assert.equal(new Date(monthStartMs(2026, 3, tz)).toISOString(), '2026-02-28T23:00:00.000Z'); // winter, UTC+1
  assert.equal(new Date(monthStartMs(2026, 4, tz)).toISOString(), '2026-03-31T22:00:00.000Z'); // summer, UTC+2
  assert.equal(new Date(monthStartMs(2026, 13, tz)).toISOString(), '2026-12-31T23:00:00.000Z');
  assert.equal(new Date(monthStartMs(2026, 1, 'UTC')).toISOString(), '2026-01-01T00:00:00.000Z');
  // 23:30 UTC on 31 March is already April in Paris.
  assert.equal(monthOf(Date.parse('2026-03-31T22:30:00Z'), tz), '2026-04');
  assert.deepEqual(lastMonths(Date.parse('2026-02-10T12:00:00Z'), tz, 3), ['2025-12', '2026-01', '2026-02']);
});

test('a count below the threshold, zero included, reads "< N"; one hidden cell takes the smallest other with it', () => {
  assert.equal(shown(5, 5), 5);
  assert.equal(shown(4, 5), '< 5');
  assert.equal(shown(0, 5), '< 5');
  assert.deepEqual(
    suppress(
      [
        ['a', 2],
        ['b', 9],
        ['c', 6],
      ],
      5,
    ),
    [
      ['a', '< 5'],
      ['b', 9],
      ['c', 'withheld'],
    ],
  );
  // Two hidden cells already hide each other; nothing else is withheld.
  assert.deepEqual(
    suppress(
      [
        ['a', 2],
        ['b', 1],
        ['c', 6],
      ],
      5,
    ),
    [
      ['a', '< 5'],
      ['b', '< 5'],
      ['c', 6],
    ],
  );
  assert.deepEqual(suppress([['a', 7]], 5), [['a', 7]]);
  assert.deepEqual(suppress([['a', 3]], 5), [['a', '< 5']]);
});
