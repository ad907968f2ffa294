// `vigie analyze` and `vigie eval`: the files they write, their formats and frame numbering. The full-length
// evaluation (all 795 PETS09 frames with the HOG baseline, ~20 min) is not run here: see docs/analytics.md.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runAnalyze } from '../../src/cli/analyze-command.js';
import { runEval } from '../../src/cli/eval-command.js';
import { clearMot } from '../../src/eval/metrics/clear-mot.js';
import { type MotRow, parseMot } from '../../src/eval/metrics/mot-format.js';
import { analysedFrames } from '../../src/eval/report/eval-pets09.js';
import type { EvalReport } from '../../src/eval/report/report-types.js';
import { TEST_MODEL_CACHE } from '../analytics/helpers/models.js';
import { PETS09_DIR, PETS09_VIDEO, pets09Missing } from '../analytics/helpers/pets09.js';

const MOT_LINE = /^\d+,\d+,(-?[\d.]+,){4}[\d.]+,-1,-1,-1$/;
const KINDS = new Set(['intrusion', 'wrong_way', 'crowd_density']);
const CACHE = join(tmpdir(), 'vigie-test-cache', 'eval');
const quiet = () => {};
process.env.VIGIE_MODEL_CACHE ??= TEST_MODEL_CACHE;

describe('vigie analyze', () => {
  test('a generated clip through the CLI: three files, one score per decoded frame, numbered from 1', {
    timeout: 120_000,
  }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-analyze-'));
    const clip = join(dir, 'clip.mkv');
    // 30 grey frames; a dark block appears in 0-based frame 19, i.e. MOT frame 20.
    const box = "drawbox=x=100:y=80:w=40:h=80:color=black:t=fill:enable='gte(n,19)'";
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'color=c=gray:s=320x240:r=10:d=3',
      '-vf',
      box,
      '-c:v',
      'ffv1',
      clip,
    ]);
    const out = join(dir, 'out');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'analyze', clip, '--out', out], {
      encoding: 'utf8',
      env: process.env,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /analyze: 30 frames in/);
    for (const f of ['tracks.txt', 'events.jsonl', 'scores.csv', 'summary.json'])
      assert.ok(existsSync(join(out, f)), f);
    const scores = readFileSync(join(out, 'scores.csv'), 'utf8').trim().split('\n');
    assert.equal(scores[0], 'frame,score');
    const rows = scores.slice(1).map((l) => l.split(',').map(Number));
    assert.deepEqual(
      rows.map((x) => x[0]),
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    const firstMotion = rows.find((x) => x[1]! > 0)?.[0];
    assert.equal(firstMotion, 20, 'motion starts on the frame where the block appears');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    assert.equal(summary.frames, 30);
    assert.deepEqual(summary.frameSize, { width: 320, height: 240 });
  });

  test('PETS09, first 100 frames with the scene: MOT tracks aligned with the ground truth, events as JSON lines', {
    skip: pets09Missing(),
    timeout: 120_000,
  }, async (t) => {
    const out = mkdtempSync(join(tmpdir(), 'vigie-analyze-pets-'));
    const scene = new URL('../../src/analytics/rules/scenes/pets09-s2l1.json', import.meta.url).pathname;
    // Decoded 416 wide, as the detector sees it: boxes must come back in the video's own pixels.
    const summary = await runAnalyze({
      input: PETS09_VIDEO,
      out,
      scene,
      frames: 100,
      width: 416,
      classes: ['person'],
      log: quiet,
    });
    assert.equal(summary.frames, 100);
    assert.deepEqual(summary.frameSize, { width: 416, height: 312 });
    const lines = readFileSync(join(out, 'tracks.txt'), 'utf8').trim().split('\n');
    assert.ok(
      lines.length > 300 && lines.every((l) => MOT_LINE.test(l)),
      lines.find((l) => !MOT_LINE.test(l)),
    );
    const hyp = parseMot(lines.join('\n'));
    assert.ok(hyp.every((h) => h.frame >= 1 && h.frame <= 100));
    const gt = parseMot(readFileSync(join(PETS09_DIR, 'gt.txt'), 'utf8')).filter((r) => r.frame <= 100);
    // The boxes fit the ground truth of their own frame best: frame N of tracks.txt is gt frame N.
    const shifted = (k: number): MotRow[] => hyp.map((h) => ({ ...h, frame: h.frame + k }));
    const [early, aligned, late] = [-1, 0, 1].map((k) => clearMot(gt, shifted(k)));
    t.diagnostic(
      `MOTA ${aligned!.mota.toFixed(3)}, MOTP ${aligned!.motp.toFixed(3)} (shifted ±1 frame: ${early!.motp.toFixed(3)}, ${late!.motp.toFixed(3)})`,
    );
    assert.ok(aligned!.mota >= 0.6, `MOTA ${aligned!.mota}`);
    assert.ok(aligned!.motp > early!.motp && aligned!.motp > late!.motp);
    const events = readFileSync(join(out, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.ok(events.length >= 3);
    for (const e of events) {
      assert.ok(KINDS.has(e.kind) && typeof e.details.rule === 'string' && e.cameraId === 'camera', JSON.stringify(e));
      assert.ok(e.endedAt >= e.startedAt && e.score > 0 && e.score <= 1 && e.trackIds.length > 0);
    }
    assert.equal(summary.events.total, events.length);
  });
});

describe('vigie eval', { skip: pets09Missing() }, () => {
  const sane = (x: number) => Number.isFinite(x) && x >= 0 && x <= 1;

  test('--frames 150: report.json with every metric, sane, and a self-contained report.html', {
    timeout: 300_000,
  }, async (t) => {
    const out = mkdtempSync(join(tmpdir(), 'vigie-eval-'));
    const report = await runEval({
      dataset: 'pets09',
      out,
      baseline: 'none',
      frames: 150,
      size: 416,
      threads: 1,
      images: 3,
      ungated: true,
      cacheDir: CACHE,
      log: quiet,
    });
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as EvalReport;
    assert.deepEqual(
      json.variants.map((v) => v.id),
      ['vigie', 'vigie-ungated'],
    );
    assert.equal(json.dataset.frames, 150);
    assert.equal(json.truthCounts.length, 150);
    for (const v of json.variants) {
      t.diagnostic(
        `${v.id}: AP ${v.detection.ap.toFixed(3)} MOTA ${v.tracking.mota.toFixed(3)} IDF1 ${v.tracking.idf1.toFixed(3)} events P/R ${v.events.precision.toFixed(2)}/${v.events.recall.toFixed(2)}`,
      );
      for (const x of [
        v.detection.ap,
        v.detection.precision,
        v.detection.recall,
        v.tracking.motp,
        v.tracking.idf1,
        v.events.precision,
        v.events.recall,
      ])
        assert.ok(sane(x), JSON.stringify(v.detection));
      assert.ok(
        v.detection.ap > 0.7 && v.tracking.mota > 0.6 && v.tracking.mota <= 1,
        `${v.id} AP ${v.detection.ap} MOTA ${v.tracking.mota}`,
      );
      assert.ok(v.counting.mae >= 0 && v.counting.mae < 2 && Number.isFinite(v.tracking.idSwitches));
      assert.ok(v.events.truth > 0 && Object.keys(v.events.byRule).length > 0);
      assert.ok(v.speed.fpsPerCore > 0 && v.speed.frames === 150 && v.curves.counts.length === 150);
    }
    assert.ok(report.variants[0]!.speed.detectorCostPerFrame < 1);
    const c = json.counting!;
    assert.equal(c.images, 3);
    assert.ok(c.methods[0]!.error.mae > 0 && c.methods[0]!.error.bias < 0, 'detection undercounts crowds');
    // The dense count (tiles, counting score) counts more of the crowd than one full-frame run.
    const dense = c.methods.find((m) => m.id === 'dense')!;
    assert.ok(dense.meanPredicted > c.methods[0]!.meanPredicted, JSON.stringify(dense.images));
    // The access-copy part: the product's copy engine, a requester per half, read off the copies' pictures.
    const a = json.accessCopy!;
    assert.equal(a.frames, 150);
    assert.ok(a.cases.length >= 1, 'a requester picked in at least one half');
    for (const k of a.cases) {
      t.diagnostic(
        `access copy (${k.half}): requester ${k.requesterClearShare} of ${k.requesterFrames}, others ${k.othersCoveredShare} of ${k.otherPersonFrames}`,
      );
      assert.ok(k.requesterFrames > 0 && k.otherPersonFrames > 0 && k.offset === 0);
      assert.ok(sane(k.requesterClearShare) && sane(k.othersCoveredShare) && k.othersCoveredShare > 0.9);
    }
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    assert.ok(html.includes('Access copy') && json.notes.some((n) => n.startsWith('Access copy')));
    assert.ok((html.match(/<svg/g) ?? []).length >= 3 && html.includes('MOTA') && html.includes('IDF1'));
    assert.ok(!/<script|src="http|href="http/.test(html), 'nothing loaded from elsewhere');
  });

  test('--baseline hog: the baseline runs side by side on the same frames', { timeout: 300_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'vigie-eval-hog-'));
    const r = await runEval({
      dataset: 'pets09',
      out,
      baseline: 'hog',
      frames: 12,
      size: 416,
      threads: 1,
      images: 1,
      ungated: false,
      cacheDir: CACHE,
      log: quiet,
    });
    assert.deepEqual(
      r.variants.map((v) => v.id),
      ['vigie', 'hog'],
    );
    const hog = r.variants[1]!;
    assert.ok(sane(hog.detection.ap) && Number.isFinite(hog.tracking.mota) && hog.speed.fpsPerCore > 0);
    assert.deepEqual(
      r.counting!.methods.map((m) => m.id),
      ['vigie', 'dense', 'constant', 'hog'],
    );
    assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /HOG/);
  });

  test('--width: frames decoded smaller are scored in the video own pixels', { timeout: 120_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'vigie-eval-width-'));
    const r = await runEval({
      dataset: 'pets09',
      out,
      baseline: 'none',
      frames: 10,
      size: 416,
      threads: 1,
      images: 0,
      width: 384,
      ungated: false,
      cacheDir: CACHE,
      log: quiet,
    });
    assert.equal(r.analysisWidth, 384);
    assert.ok(
      r.variants[0]!.detection.ap > 0.7 && r.variants[0]!.tracking.mota > 0.5,
      JSON.stringify(r.variants[0]!.tracking),
    );
  });

  test('--fps 5 with the detector on 1 frame in 2: 5 frames of every 7 analysed, detection scored where asked', {
    timeout: 120_000,
  }, async () => {
    assert.deepEqual(analysedFrames(14, 7, 5), [1, 3, 4, 6, 7, 8, 10, 11, 13, 14]);
    const out = mkdtempSync(join(tmpdir(), 'vigie-eval-fps-'));
    const r = await runEval({
      dataset: 'pets09',
      out,
      baseline: 'none',
      frames: 70,
      size: 416,
      threads: 1,
      images: 0,
      width: 416,
      precision: 'int8',
      inputShape: 'fit',
      detectEvery: 2,
      analysisFps: 5,
      ungated: false,
      log: quiet,
    });
    assert.equal(r.analysisFps, 5);
    assert.equal(r.settings.detectEvery, 2);
    assert.equal(r.settings.inputShape, 'fit');
    const v = r.variants[0]!;
    assert.equal(v.speed.frames, 50, '5 of every 7 of 70 frames');
    // Half the frames, plus the in-between ones while a newcomer is confirmed (the clip's first seconds have many).
    const share = v.speed.detectorFrameShare;
    assert.ok(share >= 0.5 && share < 0.8, `detector on ${share}`);
    // Skipped frames are not held against the detector: AP stays where it is with every frame detected.
    assert.ok(v.detection.ap > 0.8, `AP ${v.detection.ap}`);
    // 10 s only: tracks confirm on their second detection (0.8 s in at this rate), so the start weighs (whole clip: 0.79).
    assert.ok(v.tracking.mota > 0.4, JSON.stringify(v.tracking));
    assert.equal(v.curves.counts.length, 70, 'one count per source frame in the plot');
  });
});
