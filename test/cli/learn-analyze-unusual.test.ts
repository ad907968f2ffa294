// `vigie learn` then `vigie analyze --usual-model`: the per-frame unusual score in scores.csv (what anyone can score
// with their own tools) separates UCSD Ped2 Test002's abnormal frames (bikes, a cart) from its normal ones. Both go
// through the camera pipeline at the live rate (5 fps): the model learns what the tracker sees, the alarm says why.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readFrameLabels } from '../../src/analytics/unusual/clips.js';
import { rocAuc } from '../../src/analytics/unusual/roc.js';
import { runAnalyze } from '../../src/cli/analyze-command.js';
import { runLearn } from '../../src/cli/learn-command.js';
import { datasetPath } from '../../src/eval/datasets/paths.js';
import { TEST_MODEL_CACHE } from '../analytics/helpers/models.js';

process.env.VIGIE_MODEL_CACHE ??= TEST_MODEL_CACHE;
const dir = mkdtempSync(join(tmpdir(), 'vigie-learn-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const ped2 = (kind: string, f: string) => datasetPath('ucsd-ped2', kind, f);
const missing =
  process.env.CI !== 'true' && !existsSync(ped2('test', 'Test002.mp4')) ? 'UCSD Ped2 not found' : undefined;

test('learn on normal clips, analyze a test clip: scores.csv ranks abnormal frames first, unusual events', {
  skip: missing,
  timeout: 180_000,
}, async () => {
  const model = join(dir, 'ped2.json');
  const trains = ['Train001', 'Train002', 'Train003'];
  const learned = await runLearn({ inputs: trains.map((t) => ped2('train', `${t}.mp4`)), out: model });
  assert.ok(learned.frames > 150 && learned.threshold > 0, JSON.stringify(learned));
  const file = JSON.parse(readFileSync(model, 'utf8'));
  assert.equal(file.version, 2);
  assert.deepEqual(Object.keys(file.objects.counts), ['person'], 'only people pass on the walkway');
  // The usual person height grows toward the bottom of the picture (the walkway seen in perspective).
  assert.ok(file.objects.b > 0, `height line slope ${file.objects.b}`);
  const out = join(dir, 'analysis');
  const summary = await runAnalyze({
    input: ped2('test', 'Test002.mp4'),
    out,
    usualModel: model,
    fps: 5,
    log: () => {},
  });
  assert.match(String(summary.scores), /unusual score/);
  const rows = readFileSync(join(out, 'scores.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number));
  const labels = readFrameLabels(ped2('test', 'Test002.labels.txt'));
  assert.ok(Math.abs(rows.length - labels.length / 2) <= 1, `${rows.length} frames at 5 fps`);
  const auc = rocAuc(
    rows.map((r) => r[1]!),
    rows.map((r) => labels[r[0]! - 1]!),
  );
  assert.ok(auc > 0.9, `AUC on Test002 from scores.csv: ${auc.toFixed(3)}`);
  const events = readFileSync(join(out, 'events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const unusual = events.filter((e) => e.kind === 'unusual');
  assert.ok(unusual.length >= 1, 'an unusual event on a clip with bikes');
  assert.ok(unusual.every((e) => Array.isArray(e.details.reasons) && e.details.reasons.length > 0));
  assert.ok(
    unusual.every((e) => Array.isArray(e.box)),
    'each alarm marks where',
  );
  const reasons = unusual.flatMap((e) => e.details.reasons as string[]);
  assert.ok(
    reasons.some((r) => /^a person moving [0-9.]+× faster than usual/.test(r)),
    `a fast rider among walkers, in words: ${JSON.stringify(reasons)}`,
  );
});

test('learn refuses too little footage with a clear message', async () => {
  const clip = join(dir, 'short.mp4');
  const { execFileSync } = await import('node:child_process');
  execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc=s=320x240:r=5:d=1', clip]);
  await assert.rejects(runLearn({ inputs: [clip], out: join(dir, 'x.json') }), /too little footage/);
});
