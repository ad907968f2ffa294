// `vigie analyze --fps 5` (the product's frame path) and `vigie eval --fps 5` (the figures docs/analytics.md
// reports) analyse the same source frames with the same timestamps: at the "fast 1/3" operating point they give
// the same tracks, row for row, and so the same MOTA (issue 17: they once gave 0.699 and 0.763 on PETS09).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runAnalyze } from '../../src/cli/analyze-command.js';
import { runEval } from '../../src/cli/eval-command.js';
import { clearMot } from '../../src/eval/metrics/clear-mot.js';
import { parseMot } from '../../src/eval/metrics/mot-format.js';
import { analysedFrames } from '../../src/eval/report/eval-pets09.js';
import { TEST_MODEL_CACHE } from '../analytics/helpers/models.js';
import { PETS09_DIR, PETS09_VIDEO, pets09Missing } from '../analytics/helpers/pets09.js';

process.env.VIGIE_MODEL_CACHE ??= TEST_MODEL_CACHE;
const dir = mkdtempSync(join(tmpdir(), 'vigie-frames-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// The first 150 source frames (21 s) keep the test short; 5 fps keeps 108 of them, unevenly spaced in time.
const SOURCE_FRAMES = 150;
const FPS = 5;
// What both commands take of "fast 1/3" as flags (motion 160 wide comes from a settings file or object).
const FAST3 = { width: 416, size: 416, threads: 1, precision: 'int8', inputShape: 'fit', detectEvery: 3 } as const;

test('PETS09 at "fast 1/3", 5 fps: analyze and eval give identical tracks and the same MOTA', {
  skip: pets09Missing(),
  timeout: 180_000,
}, async (t) => {
  // "fast 1/3" (docs/analytics.md, bench/pipeline.ts FAST3): decoded 416 wide, NanoDet 416 int8 fitted, detector on
  // 1 frame in 3, motion 160 wide, 1 thread, people only.
  const settings = join(dir, 'motion160.json');
  writeFileSync(settings, JSON.stringify({ motion: { analysisWidth: 160 } }));
  const kept = analysedFrames(SOURCE_FRAMES, 7, FPS);
  const out = join(dir, 'analyze');
  const summary = await runAnalyze({
    input: PETS09_VIDEO,
    out,
    scene: new URL('../../src/analytics/rules/scenes/pets09-s2l1.json', import.meta.url).pathname,
    settings,
    fps: FPS,
    ...FAST3,
    classes: ['person'],
    frames: kept.length,
    log: () => {},
  });
  const report = await runEval({
    dataset: 'pets09',
    out: join(dir, 'eval'),
    baseline: 'none',
    frames: SOURCE_FRAMES,
    analysisFps: FPS,
    ...FAST3,
    settings: { motion: { analysisWidth: 160 } },
    images: 0,
    ungated: false,
    log: () => {},
  });
  assert.equal(summary.frames, kept.length);
  // Numbered as the source's frames (MOT frame = ground-truth frame), the ones the rate keeps.
  const scored = readFileSync(join(out, 'scores.csv'), 'utf8').trim().split('\n').slice(1);
  assert.deepEqual(
    scored.map((l) => Number(l.split(',')[0])),
    kept,
  );
  const analyzed = readFileSync(join(out, 'tracks.txt'), 'utf8');
  const evaluated = readFileSync(join(dir, 'eval', 'tracks-vigie.txt'), 'utf8');
  assert.ok(analyzed.split('\n').length > 300, 'people tracked');
  assert.equal(analyzed, evaluated, 'the same tracks, row for row');
  const gt = parseMot(readFileSync(join(PETS09_DIR, 'gt.txt'), 'utf8')).filter((r) => kept.includes(r.frame));
  const mota = clearMot(gt, parseMot(analyzed)).mota;
  const v = report.variants[0]!;
  t.diagnostic(`MOTA ${mota.toFixed(3)} (analyze) ${v.tracking.mota.toFixed(3)} (eval), IDF1 ${v.tracking.idf1}`);
  assert.equal(mota, v.tracking.mota);
  assert.equal(v.speed.frames, kept.length);
});
