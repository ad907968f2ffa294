import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { evaluateGate, type GateReport, readMotGt } from './gate-eval.js';

const DATA = process.env.VIGIE_DATASETS ?? '/work/shared/datasets';
const PETS = `${DATA}/pets09-s2l1`;
const UCSD = `${DATA}/ucsd-ped2`;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const line = (name: string, r: GateReport) =>
  `${name}: ${r.frames} frames, ${pct(r.frameShare)} of frames and ${pct(r.pixelShare)} of pixels reach the detector ` +
  `(${r.fullFrames} full), motion ${r.motionMsPerFrame.toFixed(1)} ms/frame` +
  (r.movingBoxes
    ? `; moving people: frame recall ${pct(r.frameRecall)}, box recall ${pct(r.boxRecall50)} (≥50% in one crop), ` +
      `${pct(r.boxRecall90)} (≥90%); everyone incl. standing ${pct(r.allBoxRecall50)}`
    : '');

describe('motion gate on real footage', () => {
  test('PETS09: frames with moving people are not gated out', {
    skip: !existsSync(`${PETS}/gt.txt`) && 'PETS09 missing',
    timeout: 120_000,
  }, async (t) => {
    const people = readMotGt(`${PETS}/gt.txt`, 7);
    const r = await evaluateGate(`${PETS}/PETS09-S2L1.mp4`, { people, frameWidth: 768 }, { width: 640 });
    t.diagnostic(line('PETS09-S2L1 640x480', r));
    assert.equal(r.frames, 795);
    assert.ok(r.movingFrames > 700 && r.movingBoxes > 3000, 'the ground truth was read');
    assert.ok(r.frameRecall >= 0.98, `frame recall ${r.frameRecall}`);
    assert.ok(r.boxRecall50 >= 0.98, `box recall ${r.boxRecall50}`);
    // A gate that sends everything would pass the recall checks: it must also save work.
    assert.ok(r.pixelShare < 0.4, `pixel share ${r.pixelShare}`);
  });

  test('UCSD Ped2 (crowded walkway): share printed', {
    skip: !existsSync(`${UCSD}/test/Test004.mp4`) && 'UCSD missing',
    timeout: 60_000,
  }, async (t) => {
    const r = await evaluateGate(`${UCSD}/test/Test004.mp4`, undefined, { width: 360 });
    t.diagnostic(line('UCSD Ped2 Test004 360x240', r));
    assert.equal(r.frames, 180);
    assert.ok(r.pixelShare <= 1 && r.pixelShare > 0);
  });
});
