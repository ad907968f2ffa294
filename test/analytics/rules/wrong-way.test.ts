import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SceneRules } from '../../../src/analytics/rules/scene-rules.js';
import { seededRandom } from '../track/seeded-random.js';
import { FRAME, person, phases, play, square } from './synthetic.js';

// A gate drawn upwards at x = 500 px from y = 800 to y = 200: its left and right are the screen's. Right way:
// left to right. Persons are 100 px tall: the hysteresis band is 10 px on each side.
const gate = { id: 'gate', name: 'gate', from: [0.5, 0.8], to: [0.5, 0.2], allowedDirection: 'left_to_right' };
const lineScene = () =>
  new SceneRules({ lines: [gate], rules: [{ kind: 'wrong_way', id: 'ww', lineId: 'gate' }] }, FRAME);

test('crossing a line: the right way is silent, the wrong way is one instantaneous situation', () => {
  assert.deepEqual(
    play(lineScene(), 4000, (t) => [person(1, 300 + t / 10, 500)]),
    [],
  );
  const events = play(lineScene(), 4000, (t) => [person(1, 700 - t / 10, 500)]);
  assert.deepEqual(phases(events), ['ww:start:1', 'ww:end:1']);
  const [start, end] = events;
  assert.equal(start!.situationId, end!.situationId);
  assert.equal(end!.lineId, 'gate');
  // Last firmly right of the line at x = 510 (1.9 s), firmly left at x = 490 (2.1 s).
  assert.equal(end!.startedAt, 1900);
  assert.equal(end!.endedAt, 2100);
  assert.equal(end!.details.crossedFrom, 'right');
  assert.ok(Math.abs((end!.details.alongLine as number) - 0.5) < 0.01);
  assert.ok(end!.score > 0 && end!.score <= 0.8);
});

test('the opposite allowed direction flips which crossing is wrong', () => {
  const rightToLeft = { ...gate, allowedDirection: 'right_to_left' };
  const rules = new SceneRules(
    { lines: [rightToLeft], rules: [{ kind: 'wrong_way', id: 'ww', lineId: 'gate' }] },
    FRAME,
  );
  const there = play(rules, 4000, (t) => [person(1, 300 + t / 10, 500)]);
  assert.deepEqual(phases(there), ['ww:start:1', 'ww:end:1']);
  assert.equal(there[0]!.details.crossedFrom, 'left');
});

test('jitter on the line never fires, nor does walking round its end or a coasting prediction', () => {
  const { normal } = seededRandom(7);
  // A person standing on the line with 3 px of jitter (σ) for 20 s.
  assert.deepEqual(
    play(lineScene(), 20_000, () => [person(1, 500 + 3 * normal(), 500 + 3 * normal())]),
    [],
  );
  // Right to left below the line's lower end (y = 800).
  assert.deepEqual(
    play(lineScene(), 4000, (t) => [person(1, 700 - t / 10, 900)]),
    [],
  );
  // Only predicted boxes on the far side (the tracker lost the person before the line): no evidence.
  const coasting = (t: number) => [person(1, 700 - t / 10, 500, t > 1500 ? { timeSinceUpdateMs: t - 1500 } : {})];
  assert.deepEqual(play(lineScene(), 4000, coasting), []);
});

test('back and forth: each wrong crossing is its own situation', () => {
  // x swings between 300 and 700 px with a period of 8 s, starting rightwards: wrong crossings at 4 s and 12 s.
  const events = play(lineScene(), 14_000, (t) => [person(1, 500 + 200 * Math.sin((2 * Math.PI * t) / 8000), 500)]);
  assert.deepEqual(phases(events), ['ww:start:1', 'ww:end:1', 'ww:start:1', 'ww:end:1']);
  assert.notEqual(events[0]!.situationId, events[2]!.situationId);
});

// Zone form: a one-way lane where the right way is rightwards (0°), ±90°, at ≥ 0.3 body heights per second.
const lane = square('lane', 0.1, 0.3, 0.9, 0.7);
const laneRule = { kind: 'wrong_way', id: 'lane-ww', zoneId: 'lane', allowedDirectionDegrees: 0, minSpeed: 0.3 };

test('direction in a zone: leftwards is wrong, rightwards, upwards and standing still are not', () => {
  const rules = () => new SceneRules({ zones: [lane], rules: [laneRule] }, FRAME);
  const events = play(rules(), 6000, (t) => [person(1, 800 - t / 10, 500)]);
  assert.deepEqual(phases(events), ['lane-ww:start:1']);
  // History spans half the 1 s window at 0.5 s; then 1 s of confirmation.
  assert.equal(events[0]!.startedAt, 500);
  assert.equal(events[0]!.details.headingDegrees, 180);
  assert.equal(events[0]!.details.speed, 1);
  assert.deepEqual(
    play(rules(), 6000, (t) => [person(1, 200 + t / 10, 500)]),
    [],
  );
  assert.deepEqual(
    play(rules(), 3000, (t) => [person(1, 500, 650 - t / 10)]),
    [],
    '90° off is within tolerance',
  );
  const { normal } = seededRandom(3);
  assert.deepEqual(
    play(rules(), 10_000, () => [person(1, 500 + 3 * normal(), 500 + 3 * normal())]),
    [],
  );
  // Walking left, then turning back right: the situation ends after the grace.
  const uTurn = play(rules(), 9000, (t) => [person(1, t < 4000 ? 800 - t / 10 : 400 + (t - 4000) / 10, 500)]);
  assert.deepEqual(phases(uTurn), ['lane-ww:start:1', 'lane-ww:end:1']);
});

test('direction in a zone: an occlusion of 1.5 s (coasting, or not reported at all) keeps one situation', () => {
  const rules = () => new SceneRules({ zones: [lane], rules: [laneRule] }, FRAME);
  const hidden = (t: number) => t > 3000 && t <= 4500;
  const coasting = play(rules(), 8000, (t) => [
    person(1, 850 - t / 10, 500, { timeSinceUpdateMs: hidden(t) ? 100 : 0 }),
  ]);
  assert.deepEqual(phases(coasting), ['lane-ww:start:1']);
  const unseen = play(rules(), 8000, (t) => (hidden(t) ? [] : [person(1, 850 - t / 10, 500)]));
  assert.deepEqual(phases(unseen), ['lane-ww:start:1']);
  // Longer than the lost grace (2 s): the person is gone, the situation ends, a new one starts on their return.
  const gone = play(rules(), 7000, (t) => (t > 3000 && t <= 5500 ? [] : [person(1, 850 - t / 10, 500)]));
  assert.deepEqual(phases(gone), ['lane-ww:start:1', 'lane-ww:end:1', 'lane-ww:start:1']);
});

test('direction in a zone with speeds in m/s (calibrated: 1 px = 1 cm)', () => {
  const calibration = {
    points: [
      { image: [0, 0], ground: [0, 10] },
      { image: [1, 0], ground: [10, 10] },
      { image: [1, 1], ground: [10, 0] },
      { image: [0, 1], ground: [0, 0] },
    ],
  };
  const at = (minSpeed: number) =>
    new SceneRules({ zones: [lane], calibration, rules: [{ ...laneRule, minSpeed, speedUnit: 'm_per_s' }] }, FRAME);
  // 100 px/s = 1 m/s.
  assert.deepEqual(phases(play(at(0.5), 4000, (t) => [person(1, 800 - t / 10, 500)])), ['lane-ww:start:1']);
  assert.deepEqual(
    play(at(2), 4000, (t) => [person(1, 800 - t / 10, 500)]),
    [],
  );
});
