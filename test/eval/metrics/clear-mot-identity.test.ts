import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clearMot, type IdBox } from '../../../src/eval/metrics/clear-mot.js';
import { identityMetrics } from '../../../src/eval/metrics/identity.js';

/** A trajectory: id, boxes moving 5 px right per frame from `x0`, on frames [from, to]. */
function traj(id: number, from: number, to: number, x0 = 0, y = 0): IdBox[] {
  return Array.from({ length: to - from + 1 }, (_, k) => ({ frame: from + k, id, box: [x0 + 5 * k, y, 20, 40] }));
}

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);

test('perfect tracks (other id numbers): MOTA 1, MOTP 1, IDF1 1', () => {
  const gt = [...traj(1, 1, 10), ...traj(2, 1, 10, 0, 200)];
  const hyp = [...traj(71, 1, 10), ...traj(3, 1, 10, 0, 200)];
  const m = clearMot(gt, hyp);
  assert.deepEqual([m.mota, m.motp, m.fp, m.fn, m.idSwitches, m.fragmentations], [1, 1, 0, 0, 0, 0]);
  assert.equal(m.mostlyTracked, 2);
  const id = identityMetrics(gt, hyp);
  assert.deepEqual([id.idf1, id.idp, id.idr], [1, 1, 1]);
  assert.deepEqual(
    [...id.mapping],
    [
      [1, 71],
      [2, 3],
    ],
  );
});

test('one ID switch half-way: MOTA 0.9, IDF1 0.5', () => {
  const gt = traj(1, 1, 10);
  const hyp = [...traj(7, 1, 5), ...traj(8, 6, 10, 25)];
  const m = clearMot(gt, hyp);
  assert.equal(m.idSwitches, 1);
  close(m.mota, 0.9);
  const id = identityMetrics(gt, hyp);
  assert.deepEqual([id.idtp, id.idfp, id.idfn], [5, 5, 5]);
  close(id.idf1, 0.5);
});

test('one false positive: MOTA 1 − 1/numGt, precision drops, IDF1 counts it too', () => {
  const gt = traj(1, 1, 10);
  const hyp = [...traj(1, 1, 10), { frame: 3, id: 9, box: [300, 300, 20, 40] as const }];
  const m = clearMot(gt, hyp);
  assert.deepEqual([m.fp, m.fn, m.idSwitches], [1, 0, 0]);
  close(m.mota, 0.9);
  close(m.precision, 10 / 11);
  close(identityMetrics(gt, hyp).idf1, 20 / 21);
});

test('a gap in the hypothesis: misses and one fragmentation; resuming with a new id is a switch', () => {
  const gt = traj(1, 1, 10);
  const sameId = traj(1, 1, 10).filter((r) => r.frame !== 4 && r.frame !== 5);
  const m = clearMot(gt, sameId);
  assert.deepEqual([m.fn, m.fragmentations, m.idSwitches], [2, 1, 0]);
  close(m.mota, 0.8);
  // Resuming as id 2 after the gap: the switch is counted against the last match, not the previous frame.
  const newId = [...traj(1, 1, 3), ...traj(2, 6, 10, 25)];
  const m2 = clearMot(gt, newId);
  assert.deepEqual([m2.fn, m2.fragmentations, m2.idSwitches], [2, 1, 1]);
  close(m2.mota, 0.7);
});

test('an earlier correspondence is kept while valid, even when swapping would fit better', () => {
  // Frame 1: A and B apart, hyp 1 on A, hyp 2 on B. Frame 2: B comes next to A; hyp 1 now overlaps B more
  // than A, hyp 2 overlaps A more, but both old pairs still have IoU ≥ 0.5: no switch.
  const gt: IdBox[] = [
    { frame: 1, id: 1, box: [0, 0, 10, 10] },
    { frame: 1, id: 2, box: [100, 0, 10, 10] },
    { frame: 2, id: 1, box: [0, 0, 10, 10] },
    { frame: 2, id: 2, box: [3, 0, 10, 10] },
  ];
  const hyp: IdBox[] = [
    { frame: 1, id: 1, box: [0, 0, 10, 10] },
    { frame: 1, id: 2, box: [100, 0, 10, 10] },
    { frame: 2, id: 1, box: [2, 0, 10, 10] },
    { frame: 2, id: 2, box: [1, 0, 10, 10] },
  ];
  const m = clearMot(gt, hyp);
  assert.equal(m.idSwitches, 0);
  assert.equal(m.matches, 4);
  close(m.motp, (1 + 1 + 8 / 12 + 8 / 12) / 4);
});

test('matching maximises the number of pairs at IoU ≥ 0.5', () => {
  // Hyp 1 fits gt 1 best, but gt 2 can only be matched by hyp 1; hyp 2 can also take gt 1.
  const gt: IdBox[] = [
    { frame: 1, id: 1, box: [0, 0, 10, 10] },
    { frame: 1, id: 2, box: [3, 0, 10, 10] },
  ];
  const hyp: IdBox[] = [
    { frame: 1, id: 1, box: [1, 0, 10, 10] },
    { frame: 1, id: 2, box: [-2, 0, 10, 10] },
  ];
  assert.equal(clearMot(gt, hyp).matches, 2);
});

test('mostly tracked / lost, empty inputs', () => {
  const gt = [...traj(1, 1, 10), ...traj(2, 1, 10, 0, 300)];
  const hyp = traj(5, 1, 9); // gt 1 tracked 90 %, gt 2 never
  const m = clearMot(gt, hyp);
  assert.deepEqual([m.mostlyTracked, m.partiallyTracked, m.mostlyLost], [1, 0, 1]);
  const none = clearMot([], []);
  assert.equal(none.mota, 1);
  assert.equal(identityMetrics([], []).idf1, 1);
  assert.equal(identityMetrics(gt, []).idf1, 0);
});
