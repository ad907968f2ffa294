import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SceneRules } from '../../../src/analytics/rules/scene-rules.js';
import { FRAME, person, phases, play, square } from './synthetic.js';

// Zone: x and y from 200 to 600 px in a 1000 x 1000 frame. Persons are 100 px tall: hysteresis band 10 px.
const zones = [square('yard', 0.2, 0.2, 0.6, 0.6)];
const scene = (rule: Record<string, unknown> = {}) =>
  new SceneRules({ zones, rules: [{ kind: 'intrusion', id: 'in', zoneId: 'yard', ...rule }] }, FRAME);

test('walking through a zone: one situation from clearly inside to clearly outside, ended after the grace', () => {
  // Feet at x = 100 + t/10 px: clearly in (x ≥ 210) at 1.1 s, clearly out (x ≥ 610) at 5.1 s.
  const events = play(scene(), 8000, (t) => [person(1, 100 + t / 10, 400)]);
  assert.deepEqual(phases(events), ['in:start:1', 'in:end:1']);
  const [start, end] = events;
  assert.equal(start!.startedAt, 1100);
  assert.equal(start!.zoneId, 'yard');
  assert.equal(start!.kind, 'intrusion');
  assert.equal(end!.startedAt, 1100);
  assert.equal(end!.endedAt, 5000);
  assert.ok(end!.score > start!.score && end!.score <= 0.8, 'confidence grows with time inside, up to the track score');
  assert.ok(Math.abs(start!.score - 0.4) < 1e-9, 'half the track score on entry');
});

test('a person standing on the edge neither enters nor flickers', () => {
  // Jitter of ±5 px around the edge x = 200: never 10 px inside.
  assert.deepEqual(
    play(scene(), 10_000, (t) => [person(1, 200 + 5 * Math.sin(t), 400)]),
    [],
  );
  // Once clearly inside, ±15 px around the edge is still in (leaving needs 10 px outside): one situation.
  const events = play(scene(), 10_000, (t) => [person(1, t < 1000 ? 300 : 200 + 15 * Math.sin(t), 400)]);
  assert.deepEqual(phases(events), ['in:start:1']);
});

test('dwell time turns the rule into loitering: only who stays minDwellSeconds is reported', () => {
  const rules = scene({ minDwellSeconds: 3 });
  // Person 1 stays 5 s, person 2 crosses in 2 s; both then vanish.
  const events = play(rules, 12_000, (t) => [
    ...(t <= 5000 ? [person(1, 400, 400)] : []),
    ...(t <= 2000 ? [person(2, 300, 300)] : []),
  ]);
  assert.deepEqual(phases(events), ['in:start:1', 'in:end:1']);
  assert.equal(events[0]!.startedAt, 0, 'the situation starts at entry, reported once the dwell is reached');
  assert.deepEqual(events[0]!.details, { cls: 'person', dwellSeconds: 3, minDwellSeconds: 3 });
  assert.equal(events[1]!.endedAt, 5000);
});

test('a track lost for less than the grace keeps its situation; longer starts a new one', () => {
  const gap = (from: number, to: number) => (t: number) => (t >= from && t < to ? [] : [person(1, 400, 400)]);
  assert.deepEqual(phases(play(scene(), 6000, gap(2000, 3500))), ['in:start:1']);
  const events = play(scene(), 8000, gap(2000, 5000));
  assert.deepEqual(phases(events), ['in:start:1', 'in:end:1', 'in:start:1']);
  assert.notEqual(events[0]!.situationId, events[2]!.situationId);
});

test('updates while it lasts, flush closes it, other classes and disabled rules stay silent', () => {
  const rules = scene();
  const events = play(rules, 12_000, () => [person(1, 400, 400), person(2, 450, 450, { cls: 'car' })]);
  assert.deepEqual(phases(events, true), ['in:start:1', 'in:update:1', 'in:update:1']);
  const closing = rules.flush();
  assert.deepEqual(phases(closing), ['in:end:1']);
  assert.equal(closing[0]!.endedAt, 12_000);
  assert.deepEqual(
    play(scene({ enabled: false }), 3000, () => [person(1, 400, 400)]),
    [],
  );
  assert.deepEqual(
    play(scene({ classes: ['car'] }), 3000, () => [person(1, 400, 400)]),
    [],
  );
});

test('time must not go backwards; frame size must be positive', () => {
  const rules = scene();
  rules.update([], 1000);
  assert.throws(() => rules.update([], 999), /time went backwards/);
  assert.throws(() => new SceneRules({ zones }, { width: 0, height: 10 }), /frame size must be positive/);
  assert.throws(() => new SceneRules({ zones: [{ ...zones[0], polygon: [] }] }, FRAME), /invalid scene configuration/);
});
