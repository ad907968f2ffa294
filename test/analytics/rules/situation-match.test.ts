import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RuleSituation } from '../../../src/analytics/rules/rule-types.js';
import type { MotRow } from '../../../src/eval/metrics/mot-format.js';
import { matchSituations } from '../../../src/eval/rules/situation-match.js';
import { followedDuring, majorityIdMap, sameTrackDuring, sameTrackVia } from '../../../src/eval/rules/track-id-map.js';
import { motFrames, truthSituations } from '../../../src/eval/rules/truth-events.js';
import { square } from './synthetic.js';

const sit = (
  ruleId: string,
  trackIds: number[],
  startedAt: number,
  endedAt: number,
  kind: RuleSituation['kind'] = 'intrusion',
): RuleSituation => ({
  kind,
  ruleId,
  situationId: `${ruleId}#x`,
  trackIds,
  score: 1,
  startedAt,
  endedAt,
});

test('situations match one to one by rule, object and time overlap', () => {
  const truth = [
    sit('a', [1], 0, 5000),
    sit('a', [2], 1000, 3000),
    sit('b', [1], 0, 5000),
    sit('d', [1, 2, 3], 0, 9000, 'crowd_density'),
  ];
  const predicted = [
    sit('a', [1], 500, 4000), // tp
    sit('a', [1], 4200, 4800), // same object again: a split, fp
    sit('a', [3], 1000, 3000), // wrong object: fp (and truth a/2 is missed)
    sit('b', [1], 9000, 9500), // right object, far too late: fp (truth b/1 missed)
    sit('d', [4, 5, 6], 2000, 8000, 'crowd_density'), // density: who is counted does not matter
  ];
  const m = matchSituations(predicted, truth);
  assert.deepEqual([m.tp, m.fp, m.fn], [2, 3, 2]);
  assert.deepEqual(
    m.matches.map(([p, t]) => [p, t]),
    [
      [0, 0],
      [4, 3],
    ],
  );
  assert.deepEqual([m.byRule.a!.tp, m.byRule.a!.fp, m.byRule.a!.fn], [1, 2, 1]);
  assert.equal(m.byRule.d!.precision, 1);
  // Instantaneous crossings 1.5 s apart match with 1 s of slack, not without.
  const cross = (t: number) => [sit('w', [1], t, t, 'wrong_way')];
  assert.equal(matchSituations(cross(0), cross(1500)).tp, 1);
  assert.equal(matchSituations(cross(0), cross(1500), { slackMs: 0 }).tp, 0);
  assert.deepEqual(matchSituations([], []), {
    tp: 0,
    fp: 0,
    fn: 0,
    precision: 1,
    recall: 1,
    f1: 1,
    matches: [],
    byRule: {},
  });
});

test('tracker ids are mapped to the true ids they follow most', () => {
  const row = (frame: number, id: number, x: number): MotRow => ({ frame, id, box: [x, 0, 10, 20], score: 1 });
  const truth = [1, 2, 3, 4].flatMap((f) => [row(f, 7, 0), row(f, 8, 100)]);
  // Tracker id 1 follows 7 for three frames, then (switch) id 1 jumps to 8 for one frame.
  const pred = [row(1, 1, 1), row(2, 1, 1), row(3, 1, 1), row(4, 1, 101), row(4, 2, 1), row(1, 3, 50)];
  const map = majorityIdMap(truth, pred);
  assert.deepEqual([...map].sort(), [
    [1, 7],
    [2, 7],
  ]);
  assert.equal(sameTrackVia(map)(1, 7), true);
  assert.equal(sameTrackVia(map)(3, 7), false);
});

test('a tracker id is judged as the true person it follows during the situation (ids may swap in between)', () => {
  const row = (frame: number, id: number, x: number): MotRow => ({ frame, id, box: [x, 0, 10, 20], score: 1 });
  const frames = Array.from({ length: 30 }, (_, i) => i + 1);
  const truth = frames.flatMap((f) => [row(f, 7, 0), row(f, 8, 100)]);
  // Tracker id 1 follows 7 on frames 1-10, then swaps to 8 for frames 11-30: over its life it is 8.
  const pred = frames.map((f) => row(f, 1, f <= 10 ? 1 : 101));
  assert.equal(majorityIdMap(truth, pred).get(1), 8);
  // 10 fps: frame n is at (n - 1) * 100 ms. A situation on frames 2-6 (100-500 ms) concerns 7, one on 21-25 concerns 8.
  const same = sameTrackDuring(followedDuring(truth, pred, { fps: 10, slackMs: 100 }));
  const during = (startedAt: number, endedAt: number) => ({ startedAt, endedAt });
  assert.equal(same(1, 7, during(100, 500)), true);
  assert.equal(same(1, 8, during(100, 500)), false);
  assert.equal(same(1, 8, during(2000, 2400)), true);
  // No paired frame in the interval: the whole-life id.
  assert.equal(same(1, 8, during(9000, 9500)), true);
  assert.equal(same(2, 8, during(100, 500)), false, 'an id never paired is nobody');
});

test('true situations come from ground truth run through the same rules', () => {
  // One person walking right through a zone (x 200..600 px of 1000) at 100 px/s, 10 fps; frames 1..81.
  const rows: MotRow[] = Array.from({ length: 81 }, (_, i) => ({
    frame: i + 1,
    id: 5,
    box: [80 + 10 * i, 300, 40, 100],
    score: 1,
  }));
  const frames = motFrames(rows, 10);
  assert.equal(frames.length, 81);
  assert.deepEqual(frames[1]!.tracks[0], {
    id: 5,
    cls: 'person',
    box: [90, 300, 40, 100],
    score: 1,
    timeSinceUpdateMs: 0,
  });
  const scene = {
    zones: [square('yard', 0.2, 0.2, 0.6, 0.6)],
    rules: [{ kind: 'intrusion', id: 'in', zoneId: 'yard' }],
  };
  const truth = truthSituations(rows, scene, { fps: 10, frameSize: { width: 1000, height: 1000 } });
  assert.equal(truth.length, 1);
  assert.deepEqual([truth[0]!.trackIds, truth[0]!.startedAt, truth[0]!.endedAt], [[5], 1100, 5000]);
  assert.throws(() => motFrames(rows, 0), /fps must be positive/);
});
