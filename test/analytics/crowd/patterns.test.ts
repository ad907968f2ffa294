// Unit tests of the flow-field analysis on SYNTHETIC (constructed) vector fields: no video, no optical flow.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyseField, type FieldStats } from '../../../src/analytics/crowd/field-analysis.js';
import { FadingHistogram } from '../../../src/analytics/crowd/histogram.js';
import { blocks, counterFlowPattern, radialPattern, surgePattern } from '../../../src/analytics/crowd/patterns.js';
import { fieldOf, radial, rng, stream, type Walker } from './synthetic.js';

const P = { cols: 8, rows: 6, minFlowPx: 0.2, minDiff: 12, fastLog: Math.log(2.2) };
const RP = { cellMinPixels: 8, minSupport: 4, minArea: 0.15 };
const stats = (w: Walker[], usual?: number[]): FieldStats => analyseField(fieldOf(w), P, usual);

describe('analyseField (synthetic fields)', () => {
  test('a pixel moves only with both flow and a gray-level change', () => {
    const f = fieldOf([{ x: 10, y: 10, vx: 30, vy: 0 }]);
    assert.equal(analyseField(f, P).moving, 50);
    f.cur.fill(100); // flow smeared over unchanged ground
    assert.equal(analyseField(f, P).moving, 0);
    const still = fieldOf([{ x: 10, y: 10, vx: 0, vy: 0 }]);
    assert.equal(analyseField(still, P).moving, 0, 'a change without displacement (light) is not motion');
  });

  test('directions: rightwards is bin 0, upwards bin 2 (screen y points down)', () => {
    const s = stats([
      { x: 10, y: 10, vx: 30, vy: 0 },
      { x: 100, y: 80, vx: 0, vy: -30 },
    ]);
    const dirs = s.cells.reduce((a, c) => a.map((v, k) => v + c.dirs[k]!), [0, 0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(dirs, [50, 0, 50, 0, 0, 0, 0, 0]);
  });

  test('fast pixels are counted against each cell’s usual speed', () => {
    const usual = new Array(48).fill(Math.log(10));
    const r = rng(1);
    assert.equal(stats(stream(20, 15, 0, r), usual).fast, 0, '1.5x usual is not fast');
    const s = stats(stream(20, 40, 0, r), usual);
    assert.equal(s.fast, s.moving, '4x usual is fast');
    assert.equal(surgePattern(s, 8).score, 1);
    assert.ok(surgePattern(s, 8).cells.length >= 3);
  });
});

describe('radialPattern (synthetic fields)', () => {
  test('people moving away from a point: dispersal score near +1', () => {
    const p = radialPattern(stats(radial(80, 60, 30)), RP);
    assert.ok(p.score > 0.8, `score ${p.score}`);
    assert.ok(p.support >= 4);
  });

  test('people moving towards a point: convergence score near -1', () => {
    assert.ok(radialPattern(stats(radial(80, 60, -30)), RP).score < -0.8);
  });

  test('two groups parting along a corridor are not a dispersal (supporters on one line)', () => {
    const w: Walker[] = [];
    for (let k = 0; k < 6; k++)
      w.push({ x: 30 + k * 5, y: 55, vx: -30, vy: 0 }, { x: 95 + k * 5, y: 55, vx: 30, vy: 0 });
    assert.equal(radialPattern(stats(w), RP).score, 0);
  });

  test('a uniform stream has no radial pattern', () => {
    assert.ok(Math.abs(radialPattern(stats(stream(60, 20, 0, rng(2))), RP).score) < 0.5);
  });

  test('a sparse ring (a few passers-by) is below the crowd area', () => {
    const sparse = radial(80, 60, 30).filter((_, k) => k % 4 === 0);
    assert.equal(radialPattern(stats(sparse), RP).score, 0);
  });
});

describe('counterFlowPattern (synthetic fields)', () => {
  const regions = blocks(8, 6);
  const CP = { cellMinPixels: 8, minShare: 0.3, minArea: 0.05, unusualShare: 0.1, streamShare: 0.6, minLearned: 800 };
  const learnedFrom = (dirBin: number[]) =>
    regions.map(() => {
      const h = new FadingHistogram(0, 8, 8);
      for (const b of dirBin) h.add(b + 0.5, 1000);
      return h;
    });
  // Walkers in the block around cells (2..3, 2..3): x 40..80, y 40..80.
  const mixed: Walker[] = [];
  for (let k = 0; k < 4; k++)
    mixed.push({ x: 42 + k * 9, y: 45, vx: 30, vy: 0 }, { x: 42 + k * 9, y: 62, vx: -30, vy: 0 });

  test('a group against a usual one-way stream', () => {
    const p = counterFlowPattern(stats(mixed), regions, learnedFrom([0]), CP);
    assert.ok(p.score > 0.9, `score ${p.score}`);
    assert.ok(p.cells.length === 4);
  });

  test('nothing where both directions are usual (a two-way path)', () => {
    assert.equal(counterFlowPattern(stats(mixed), regions, learnedFrom([0, 4]), CP).score, 0);
  });

  test('nothing for one passer-by against the stream', () => {
    const w = [...mixed.filter((m) => m.vx > 0), { x: 60, y: 62, vx: -30, vy: 0 }];
    assert.equal(counterFlowPattern(stats(w), regions, learnedFrom([0]), CP).score, 0);
  });

  test('nothing before the block has learned enough', () => {
    const thin = regions.map(() => new FadingHistogram(0, 8, 8));
    assert.equal(counterFlowPattern(stats(mixed), regions, thin, CP).score, 0);
  });
});

describe('FadingHistogram', () => {
  test('median and MAD, and fading forgets old samples', () => {
    const h = new FadingHistogram(0, 100, 100);
    for (let v = 0; v < 100; v++) h.add(v + 0.5);
    assert.ok(Math.abs(h.quantile(0.5) - 50) <= 1);
    assert.ok(Math.abs(h.mad(50) - 25) <= 1.5);
    h.fade(0.001);
    for (let k = 0; k < 100; k++) h.add(80.5);
    assert.ok(Math.abs(h.quantile(0.5) - 80.5) <= 1);
  });
});
