// `vigie eval --clip … --learn` and `--image-dir`: a Ped2 test clip with its frame labels, the usual model learned
// from two normal clips of the same camera at the camera's rate; three ShanghaiTech images with their head points.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseCameraSpec } from '../../../src/analytics/pipeline/camera-spec.js';
import { learnUnusualFiles } from '../../../src/analytics/pipeline/unusual-files.js';
import { datasetPath } from '../../../src/eval/datasets/paths.js';
import { OWN_EVAL_CAMERA, runOwnEval } from '../../../src/eval/own/own-eval.js';
import { TEST_MODEL_CACHE } from '../../analytics/helpers/models.js';

process.env.VIGIE_MODEL_CACHE ??= TEST_MODEL_CACHE;
const dir = mkdtempSync(join(tmpdir(), 'vigie-own-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const ped2 = (kind: string, f: string) => datasetPath('ucsd-ped2', kind, f);
const shanghai = (f: string) => datasetPath('shanghaitech-b', 'train', f);
const skip = (f: string, what: string) =>
  process.env.CI !== 'true' && !existsSync(f) ? `${what} not found` : undefined;
const quiet = () => {};

test('Ped2 Test001 labels, model learned from Train001 at 2 fps: AUC, the threshold table', {
  skip: skip(ped2('test', 'Test001.mp4'), 'UCSD Ped2'),
  timeout: 120_000,
}, async () => {
  const spec = join(dir, 'ped2.json');
  const cameraSpec = { fps: 2, width: 360, pipeline: { inputSize: 320, precision: 'int8', classes: ['person'] } };
  writeFileSync(spec, JSON.stringify(cameraSpec));
  const normal = [ped2('train', 'Train001.mp4')];
  const r = (await runOwnEval({
    clip: ped2('test', 'Test001.mp4'),
    truth: ped2('test', 'Test001.labels.txt'),
    learn: normal,
    cameraSpec: spec,
    out: join(dir, 'ped2'),
    log: quiet,
  })) as any;
  const l = r.labels;
  // 180 frames at 10 fps analysed at 2: 36; frames 61-180 abnormal (a cyclist), one situation.
  assert.deepEqual([l.frames, l.abnormalFrames, l.truthEvents], [36, 24, 1]);
  assert.ok(l.auc > 0.75, `AUC ${l.auc}`);
  assert.ok(l.motionAuc >= 0 && l.motionAuc <= 1, 'the motion-share baseline beside it');
  // One way to learn: the model `--learn` keeps is the one `vigie learn --spec` learns through the camera pipeline
  // (tracker objects and motion cells), not a motion-only model of its own.
  const kept = JSON.parse(readFileSync(join(dir, 'ped2', 'usual-model.json'), 'utf8'));
  const learnt = await learnUnusualFiles(normal, parseCameraSpec(cameraSpec), { cameraId: OWN_EVAL_CAMERA });
  assert.equal(kept.version, 2, 'learnt with the tracker');
  assert.deepEqual(kept, JSON.parse(JSON.stringify(learnt)));
  const rows = l.rows as { threshold: number; current: boolean; recall: number; falsePositiveRate: number }[];
  assert.deepEqual(
    rows.filter((x) => x.current).map((x) => x.threshold),
    [1],
  );
  for (let i = 1; i < rows.length; i++) {
    assert.ok(rows[i]!.recall <= rows[i - 1]!.recall);
    assert.ok(rows[i]!.falsePositiveRate <= rows[i - 1]!.falsePositiveRate);
  }
  assert.ok(rows[0]!.recall > 0.9, 'a low threshold finds the abnormal frames');
  assert.equal(l.perFrame.length, 36);
});

test('three ShanghaiTech images with head points: MAE next to the leave-one-out mean', {
  skip: skip(shanghai('IMG_3.json'), 'ShanghaiTech B'),
  timeout: 60_000,
}, async () => {
  const imgs = join(dir, 'imgs');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(imgs);
  for (const i of [1, 2, 3])
    for (const e of ['jpg', 'json']) symlinkSync(shanghai(`IMG_${i}.${e}`), join(imgs, `IMG_${i}.${e}`));
  const r = (await runOwnEval({ imageDir: imgs, out: join(dir, 'heads'), log: quiet })) as any;
  const h = r.heads;
  const truth = [1, 2, 3].map((i) => JSON.parse(readFileSync(shanghai(`IMG_${i}.json`), 'utf8')).count as number);
  assert.deepEqual(
    h.images.map((x: any) => x.truth),
    truth,
  );
  const sum = truth.reduce((a, b) => a + b, 0);
  assert.deepEqual(
    h.images.map((x: any) => x.baseline),
    truth.map((t) => (sum - t) / 2),
    'leave-one-out mean',
  );
  const mae = h.images.reduce((a: number, x: any) => a + Math.abs(x.counted - x.truth), 0) / 3;
  assert.equal(h.vigie.mae, mae);
  const current = h.rows.find((x: any) => x.current);
  assert.equal(current.threshold, 0.5);
  assert.ok(current.precision > 0.6, 'person boxes hold annotated heads');
  assert.match(readFileSync(join(dir, 'heads', 'report.html'), 'utf8'), /mean of the other images/);
});
