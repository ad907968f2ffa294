// Unit checks of the unusual-situation library: ROC AUC, labels, smoothing/alarm, references, and a synthetic scene
// (a slow square learned, then a fast one and a big one scored) through the real optical flow.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { readFrameLabels } from '../../../src/analytics/unusual/clips.js';
import { UsualModel } from '../../../src/analytics/unusual/model.js';
import { learnReferences } from '../../../src/analytics/unusual/references.js';
import { operatingPoint, rocAuc, rocCurve } from '../../../src/analytics/unusual/roc.js';
import { ScoreSmoother, SustainedAlarm } from '../../../src/analytics/unusual/smoothing.js';
import type { Frame } from '../../../src/media/frames/frame.js';

describe('roc', () => {
  test('AUC matches the pairwise definition, ties counted half', () => {
    const s = [0.1, 0.4, 0.35, 0.8, 0.4, 0.2, 0.9];
    const l = [0, 0, 1, 1, 1, 0, 1];
    let wins = 0;
    let pairs = 0;
    for (let i = 0; i < s.length; i++) {
      for (let j = 0; j < s.length; j++) {
        if (!l[i] || l[j]) continue;
        pairs++;
        wins += s[i]! > s[j]! ? 1 : s[i] === s[j] ? 0.5 : 0;
      }
    }
    assert.equal(rocAuc(s, l), wins / pairs);
    assert.equal(rocAuc([1, 2], [0, 1]), 1);
    assert.throws(() => rocAuc([1, 2], [1, 1]));
  });

  test('curve runs from (0,0) to (1,1); operating point counts strictly above', () => {
    const c = rocCurve([0.1, 0.5, 0.9], [0, 1, 1]);
    assert.deepEqual(c.at(0), { threshold: Number.POSITIVE_INFINITY, tpr: 0, fpr: 0 });
    assert.deepEqual(
      c.map((p) => [p.tpr, p.fpr]),
      [
        [0, 0],
        [0.5, 0],
        [1, 0],
        [1, 1],
      ],
    );
    assert.deepEqual(operatingPoint([0.1, 0.5, 0.9], [0, 1, 1], 0.5), { threshold: 0.5, recall: 0.5, fpr: 0 });
  });
});

test('frame labels: 1-based frames, comments skipped', () => {
  const f = join(mkdtempSync(join(tmpdir(), 'unusual-')), 'l.txt');
  writeFileSync(f, '# frame abnormal\n1 0\n2 1\n3 1\n');
  assert.deepEqual(readFrameLabels(f), [0, 1, 1]);
});

test('smoothing is a causal mean over its window; an alarm needs the score held for sustainMs', () => {
  const s = new ScoreSmoother(300);
  assert.equal(s.push(0, 3), 3);
  assert.equal(s.push(100, 1), 2);
  assert.equal(s.push(300, 2), 1.5, 'the frame at 0 ms left the 300 ms window');
  const a = new SustainedAlarm(200);
  assert.deepEqual(
    [a.push(0, true), a.push(100, true), a.push(200, true), a.push(300, true)],
    [false, false, true, false],
  );
  assert.equal(a.active, true);
  assert.equal(a.push(400, false), false);
  assert.equal(a.active, false);
});

test('references: a cell never crossed takes its row band line, busy cells their own quantile', () => {
  // 4 columns x 6 rows; speeds grow with the row (perspective); column 3 of the last row never moves.
  const cols = 4;
  const cells = 24;
  const rows = Array.from({ length: 200 }, (_, i) => {
    const r = new Float32Array(2 * cells);
    for (let c = 0; c < cells; c++) if (c !== 23) r[c] = 10 * (1 + Math.floor(c / cols)) + (i % 10);
    return r;
  });
  const o = { speedQuantile: 0.99, occupancyQuantile: 0.999, priorTail: 0.3, priorShare: 1 };
  const refs = learnReferences(rows, cells, cols, o);
  assert.equal(refs.samples[23], 0);
  assert.ok(Math.abs(refs.value[22]! - 69) < 3, `busy cell ~ its own q99 (${refs.value[22]})`);
  assert.ok(refs.value[23]! > 55, `the empty cell is judged like its row, not as "nothing moves" (${refs.value[23]})`);
});

// A gray scene with a textured square moving right by `step` px per frame (textured so the flow can follow it).
function frame(seq: number, x: number, side: number): Frame {
  const w = 180;
  const h = 120;
  const data = new Uint8Array(w * h).fill(90);
  for (let y = 40; y < 40 + side; y++) {
    // 3 px checks fixed to the object, so the flow sees the whole square move.
    for (let i = 0; i < side && x + i < w; i++)
      data[y * w + x + i] = (Math.floor(i / 3) + Math.floor(y / 3)) % 2 ? 230 : 20;
  }
  return { cameraId: 'synthetic', seq, ptsMs: seq * 100, width: w, height: h, format: 'gray', data };
}

test('synthetic scene: a fast object and a large object are unusual, the usual one is not', {
  timeout: 60_000,
}, async () => {
  const m = await UsualModel.create('synthetic');
  let seq = 0;
  for (let lap = 0; lap < 6; lap++) for (let x = 0; x < 160; x += 2) m.learn(frame(seq++, x, 10));
  m.finalize();
  // Each run is a new stretch (10 s later): its first frame has no motion yet.
  const run = (step: number, side: number) => {
    seq += 100;
    const out = [];
    for (let x = 20; x < 140; x += step) out.push(m.score(frame(seq++, x, side)));
    assert.equal(out[0]!.score, 0);
    return out.slice(1);
  };
  const usual = Math.max(...run(2, 10).map((s) => s.score));
  const fast = run(8, 10);
  const big = run(2, 30);
  assert.ok(usual < m.threshold, `usual motion under the threshold (${usual} vs ${m.threshold})`);
  assert.ok(
    fast.some((s) => s.alarm),
    'a 4x faster object raises an alarm',
  );
  assert.match(fast.find((s) => s.alarm)!.cells[0]!.reason, /faster than usual|usually none/);
  assert.ok(
    big.some((s) => s.alarm),
    'a 3x larger object raises an alarm',
  );
  const json = JSON.parse(JSON.stringify(m.toJSON()));
  const back = await UsualModel.fromJSON(json);
  assert.ok(Math.abs(back.threshold - m.threshold) < 1e-9);
  m.dispose();
  back.dispose();
});

test('the learned picture: a frame a row off (decoded smaller, height rounded to even) is taken, another aspect not', async () => {
  const m = await UsualModel.create('sizes');
  const gray = (w: number, h: number, seq: number): Frame => ({
    cameraId: 'sizes',
    seq,
    ptsMs: seq * 100,
    width: w,
    height: h,
    format: 'gray',
    data: new Uint8Array(w * h).fill(128),
  });
  m.learn(gray(640, 480, 0)); // 180x135
  m.learn(gray(300, 226, 1)); // 180x136
  m.learn(gray(416, 312, 2)); // 180x135
  assert.throws(() => m.learn(gray(640, 360, 3)), /640x360 frames \(a 180x101 picture\) do not match .* 180x135/);
  m.dispose();
});
