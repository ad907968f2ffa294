// `vigie eval --image-dir` counts the way the camera spec does: counting.method tracks (the detector's person boxes at
// the operating score) or tiles (the dense count a crowd-density zone gets). Two crowded ShanghaiTech images.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { datasetPath } from '../../../src/eval/datasets/paths.js';
import { runOwnEval } from '../../../src/eval/own/own-eval.js';
import { TEST_MODEL_CACHE } from '../../analytics/helpers/models.js';

process.env.VIGIE_MODEL_CACHE ??= TEST_MODEL_CACHE;
const dir = mkdtempSync(join(tmpdir(), 'vigie-own-count-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const shanghai = (f: string) => datasetPath('shanghaitech-b', 'train', f);
const missing = process.env.CI !== 'true' && !existsSync(shanghai('IMG_6.json'));

test('image-dir: tiles count the far people one detector run misses; tracks count its boxes', {
  skip: missing && 'ShanghaiTech B not found',
  timeout: 90_000,
}, async () => {
  const imgs = join(dir, 'imgs');
  mkdirSync(imgs);
  for (const i of [4, 6])
    for (const e of ['jpg', 'json']) symlinkSync(shanghai(`IMG_${i}.${e}`), join(imgs, `IMG_${i}.${e}`));
  const run = async (method: 'tracks' | 'tiles') => {
    const spec = join(dir, `${method}.json`);
    writeFileSync(spec, JSON.stringify({ pipeline: { precision: 'int8', classes: ['person'], counting: { method } } }));
    const r = (await runOwnEval({ imageDir: imgs, cameraSpec: spec, out: join(dir, method), log: () => {} })) as any;
    return r.heads as {
      method: string;
      images: { counted: number; truth: number }[];
      vigie: { mae: number };
      rows: any[];
    };
  };
  const tracks = await run('tracks');
  const tiles = await run('tiles');
  assert.deepEqual([tracks.method, tiles.method], ['tracks', 'tiles']);
  // Each method at its own operating score: the detector's, or the dense count's (count-settings.ts).
  assert.equal(tracks.rows.find((x) => x.current).threshold, 0.5);
  assert.equal(tiles.rows.find((x) => x.current).threshold, 0.35);
  const counts = (h: typeof tracks) => h.images.map((i) => i.counted);
  const truth = tracks.images.map((i) => i.truth);
  for (const [i, t] of truth.entries())
    assert.ok(
      counts(tiles)[i]! > counts(tracks)[i]!,
      `image ${i}: ${t} annotated, tiles ${counts(tiles)}, tracks ${counts(tracks)}`,
    );
  assert.ok(tiles.vigie.mae < tracks.vigie.mae, `MAE tiles ${tiles.vigie.mae} against tracks ${tracks.vigie.mae}`);
  assert.match(readFileSync(join(dir, 'tiles', 'report.html'), 'utf8'), /counting by tiles/);
});
