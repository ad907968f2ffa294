import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gatedAssignment, hungarian, maxCardinalityAssignment } from '../../../src/analytics/track/hungarian.js';
import { seededRandom } from './seeded-random.js';

/** Cheapest assignment of every row (rows ≤ cols) by trying all of them. */
function bruteForce(cost: number[][]): number {
  const cols = cost[0]!.length;
  const best = (row: number, used: Set<number>): number => {
    if (row === cost.length) return 0;
    let b = Infinity;
    for (let c = 0; c < cols; c++) {
      if (used.has(c)) continue;
      used.add(c);
      b = Math.min(b, cost[row]![c]! + best(row + 1, used));
      used.delete(c);
    }
    return b;
  };
  return best(0, new Set());
}

test('hungarian finds the optimum on random square and rectangular matrices', () => {
  const r = seededRandom(42).uniform;
  for (let trial = 0; trial < 60; trial++) {
    const rows = 1 + Math.floor(r() * 5);
    const cols = rows + Math.floor(r() * 3);
    const cost = Array.from({ length: rows }, () => Array.from({ length: cols }, () => Math.round(r() * 20) - 5));
    const a = hungarian(cost);
    assert.equal(new Set(a).size, rows, 'distinct columns');
    const total = a.reduce((s, c, i) => s + cost[i]![c]!, 0);
    assert.equal(total, bruteForce(cost));
    // Transposed (more rows than columns): every column gets a row, the same optimum.
    const t = Array.from({ length: cols }, (_, j) => cost.map((row) => row[j]!));
    const at = hungarian(t);
    assert.equal(at.filter((c) => c >= 0).length, rows);
    assert.equal(
      at.reduce((s, c, i) => s + (c >= 0 ? t[i]![c]! : 0), 0),
      total,
    );
  }
});

test('hungarian handles empty inputs', () => {
  assert.deepEqual(hungarian([]), []);
  assert.deepEqual(hungarian([[], []]), [-1, -1]);
});

test('gated assignment leaves a pair unmatched rather than pairing it above the limit', () => {
  // Row 1 would get column 0 (cost 0.9) in a full assignment; over the 0.8 limit it stays unmatched.
  const cost = [
    [0.1, 0.5],
    [0.9, 0.95],
  ];
  assert.deepEqual(gatedAssignment(cost, 0.8), [[0, 0]]);
  // Maximises the total saving: one good pair beats two mediocre ones only when it saves more.
  assert.deepEqual(
    gatedAssignment(
      [
        [0.0, 0.5],
        [0.5, 1],
      ],
      0.8,
    ).sort(),
    [[0, 0]],
  );
  assert.deepEqual(
    gatedAssignment(
      [
        [0.3, 0.4],
        [0.4, 0.9],
      ],
      0.8,
    ).sort(),
    [
      [0, 1],
      [1, 0],
    ],
  );
});

test('max-cardinality assignment prefers more valid pairs over a cheaper single one', () => {
  const cost = [
    [0.0, 0.4],
    [0.45, Number.NaN],
  ];
  // Taking (0,0) alone costs 0 but leaves row 1 unmatched; (0,1)+(1,0) matches both.
  assert.deepEqual(maxCardinalityAssignment(cost, 0.5).sort(), [
    [0, 1],
    [1, 0],
  ]);
  assert.deepEqual(maxCardinalityAssignment([[0.6]], 0.5), []);
});
