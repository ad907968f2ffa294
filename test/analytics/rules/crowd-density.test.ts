import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SceneRules } from '../../../src/analytics/rules/scene-rules.js';
import { FRAME, person, phases, play, square } from './synthetic.js';

const zones = [square('square', 0.2, 0.2, 0.6, 0.6)];
const rule = { kind: 'crowd_density', id: 'crowd', zoneId: 'square', maxPeople: 2, forSeconds: 3 };
/** n people standing inside the zone, plus one outside who never counts. */
const crowd = (n: number) => [
  ...Array.from({ length: n }, (_, i) => person(i + 1, 250 + 40 * i, 400)),
  person(99, 800, 800),
];

test('above the threshold for forSeconds, then below: one situation from the first excess to the last', () => {
  const rules = new SceneRules({ zones, rules: [rule] }, FRAME);
  // 1 person, then 3 (above 2) from 1 s to 10 s, then 2 (not above).
  const events = play(rules, 14_000, (t) => crowd(t < 1000 ? 1 : t <= 10_000 ? 3 : 2));
  assert.deepEqual(phases(events), ['crowd:start:1+2+3', 'crowd:end:1+2+3']);
  const [start, end] = events.filter((e) => e.phase !== 'update');
  assert.equal(start!.startedAt, 1000);
  assert.equal(start!.details.count, 3);
  assert.equal(end!.endedAt, 10_000);
  assert.ok(start!.score > 0.5 && start!.score <= 0.8, 'count 1.5 x the threshold: a fair signal');
  assert.deepEqual(start!.box, [230, 300, 120, 100], 'the box holds the people counted');
});

test('a brief surge, or a one-frame dip, does not change the situation', () => {
  const rules = () => new SceneRules({ zones, rules: [rule] }, FRAME);
  assert.deepEqual(
    play(rules(), 10_000, (t) => crowd(t >= 1000 && t < 3000 ? 4 : 1)),
    [],
  );
  // One frame in ten misses a person: still one situation.
  const flicker = play(rules(), 10_000, (t) => crowd(t % 1000 === 500 ? 2 : 3));
  assert.deepEqual(phases(flicker), ['crowd:start:1+2+3']);
});

test('density per m² with a calibrated zone', () => {
  // 1 px = 1 cm: the zone is 4 m x 4 m = 16 m²; 0.15 / m² means more than 2.4 people.
  const calibration = {
    points: [
      { image: [0, 0], ground: [0, 10] },
      { image: [1, 0], ground: [10, 10] },
      { image: [1, 1], ground: [10, 0] },
      { image: [0, 1], ground: [0, 0] },
    ],
  };
  const perM2 = { ...rule, maxPeople: undefined, maxPerSquareMetre: 0.15, forSeconds: 0 };
  const rules = new SceneRules({ zones, calibration, rules: [perM2] }, FRAME);
  const events = play(rules, 3000, (t) => crowd(t < 1000 ? 2 : 3));
  assert.deepEqual(phases(events), ['crowd:start:1+2+3']);
  assert.equal(events[0]!.details.areaSquareMetres, 16);
  assert.equal(events[0]!.details.perSquareMetre, 0.19);
  assert.deepEqual(phases(rules.flush()), ['crowd:end:1+2+3']);
});

test('a dense count given with the frame replaces the tracks in the zone count (people the tracker misses)', () => {
  const rules = new SceneRules({ zones, rules: [{ ...rule, forSeconds: 0 }] }, FRAME);
  assert.ok(rules.countsPeople);
  // One track inside; the dense count sees four people inside and one outside.
  const counted = [300, 350, 400, 450, 900].map((x) => ({
    box: [x - 10, 300, 20, 50] as [number, number, number, number],
    score: 0.4,
  }));
  assert.deepEqual(rules.update(crowd(1), 0), [], 'tracks alone: 1, not above 2');
  const [start] = rules.update(crowd(1), 100, counted);
  assert.equal(start?.phase, 'start');
  assert.equal(start!.details.count, 4);
  assert.deepEqual(start!.box, [290, 300, 170, 50], 'the box holds the people counted');
  assert.ok(start!.score > 0.3 && start!.score <= 0.4, 'the counted boxes score it');
});
