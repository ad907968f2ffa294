// The detector's learning and time logic, fed SYNTHETIC (constructed) flow fields through updateField(): no video.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CrowdMovementDetector,
  type CrowdMovementEvent,
  CrowdMovementOptionsSchema,
} from '../../../src/analytics/crowd/index.js';
import { fieldOf, radial, rng, stream, type Walker } from './synthetic.js';

const FPS = 7;
const DT = 1000 / FPS;

/** Plays `scenes` (seconds, walkers-of-frame) one after another; returns the events with the scene switch times. */
function play(scenes: [number, (r: () => number) => Walker[]][]) {
  const det = new CrowdMovementDetector({});
  const r = rng(7);
  const events: CrowdMovementEvent[] = [];
  const switches: number[] = [];
  let t = 0;
  for (const [seconds, walkers] of scenes) {
    switches.push(t);
    for (let k = 0; k < seconds * FPS; k++, t += DT) events.push(...det.updateField(fieldOf(walkers(r), DT), t, 'syn'));
  }
  return { events, switches };
}

const usual = (r: () => number) => stream(30, 20, 0, r);
const WARM = 30;

describe('CrowdMovementDetector on synthetic flow fields', () => {
  test('usual motion only: nothing', () => {
    assert.deepEqual(play([[60, usual]]).events, []);
  });

  test('the same stream suddenly 3x faster: one surge, started at the change, confirmed about 1 s later', () => {
    const { events, switches } = play([
      [WARM, usual],
      [5, (r) => stream(30, 60, 0, r)],
      [5, usual],
    ]);
    assert.deepEqual(
      events.map((e) => `${e.subKind}:${e.phase}`),
      ['surge:start', 'surge:end'],
    );
    const [start, end] = events as [CrowdMovementEvent, CrowdMovementEvent];
    assert.ok(Math.abs(start.startedAt - switches[1]!) <= DT);
    assert.ok(start.atMs - switches[1]! >= 1000 && start.atMs - switches[1]! <= 1500);
    assert.equal(end.situationId, start.situationId);
    assert.ok(Math.abs(end.endedAt! - switches[2]!) <= 2 * DT);
  });

  test('a crowd bursting out of a point: dispersal, with its region', () => {
    const { events } = play([
      [WARM, usual],
      [3, () => radial(80, 60, 25)],
    ]);
    const start = events.find((e) => e.phase === 'start');
    assert.equal(start?.subKind, 'dispersal');
    const [x, y, w, h] = start!.region;
    assert.ok(x <= 60 && y <= 40 && x + w >= 100 && y + h >= 80, `region ${start!.region}`);
  });

  test('a crowd gathering on a point: convergence', () => {
    const { events } = play([
      [WARM, usual],
      [3, () => radial(80, 60, -25)],
    ]);
    const kinds = events.map((e) => e.subKind);
    assert.equal(kinds[0], 'convergence');
    // Its right half walks against the usual rightward stream: a counter-flow may also be raised, nothing else.
    assert.ok(
      kinds.every((k) => k === 'convergence' || k === 'counter_flow'),
      kinds.join(),
    );
  });

  test('a group walking against the usual one-way stream: counter_flow', () => {
    const against = (r: () => number): Walker[] => [
      ...usual(r),
      ...Array.from({ length: 6 }, (_, k) => ({
        x: 44 + (k % 3) * 11,
        y: 44 + Math.floor(k / 3) * 14,
        vx: -20,
        vy: 0,
      })),
    ];
    const { events } = play([
      [WARM, usual],
      [3, against],
    ]);
    assert.deepEqual(
      events.map((e) => e.subKind),
      ['counter_flow'],
    );
  });

  test('nothing is raised while warming up', () => {
    assert.deepEqual(
      play([
        [10, (r) => stream(30, 60, 0, r)],
        [3, () => radial(80, 60, 25)],
      ]).events,
      [],
    );
  });
});

describe('CrowdMovementOptionsSchema', () => {
  test('defaults, strictness and a description on every field', () => {
    const o = CrowdMovementOptionsSchema.parse({});
    assert.equal(o.analysisWidth, 160);
    assert.equal(o.persistMs, 1000);
    assert.throws(() => CrowdMovementOptionsSchema.parse({ nope: 1 }));
    assert.throws(() => CrowdMovementOptionsSchema.parse({ surgeRatio: 1 }));
    for (const [k, f] of Object.entries(CrowdMovementOptionsSchema.shape))
      assert.ok(f.description, `${k} is described`);
  });
});
