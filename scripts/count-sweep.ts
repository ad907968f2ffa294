// Chooses the dense-count settings on the TUNE half of the ShanghaiTech B images here and reports the other half
// with them (and the swap). Uses the product's DenseCounter and detector factory; detections are cached by picture
// content (VIGIE_COUNT_CACHE) so the score and height sweeps are cheap.
//   node --import tsx scripts/count-sweep.ts [tilesAcross,...]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { CountingSchema } from '../src/analytics/count/count-settings.js';
import { countedPeople, DenseCounter } from '../src/analytics/count/dense-counter.js';
import type { Detection } from '../src/analytics/detect/nanodet-decoder.js';
import { defaultModelCacheDir, nanodetFactory } from '../src/analytics/pipeline/camera-pipeline.js';
import { DetectionCache } from '../src/analytics/pipeline/detection-cache.js';
import { parsePipelineSettings } from '../src/analytics/pipeline/settings.js';
import { datasetPath } from '../src/eval/datasets/paths.js';

ort.env.logLevel = 'error';
const dir = datasetPath('shanghaitech-b', 'train');
const names = readdirSync(dir)
  .filter((f) => /^IMG_\d+\.json$/.test(f))
  .map((f) => f.replace('.json', ''))
  .sort((a, b) => Number(a.replace(/\D/g, '')) - Number(b.replace(/\D/g, '')));
const truth = names.map((n) => (JSON.parse(readFileSync(join(dir, `${n}.json`), 'utf8')) as { count: number }).count);
const halves = {
  a: names.map((_, i) => i).filter((i) => i % 2 === 0),
  b: names.map((_, i) => i).filter((i) => i % 2 === 1),
};
const settings = parsePipelineSettings({ classes: ['person'] });
const cache = new DetectionCache(process.env.VIGIE_COUNT_CACHE ?? '/tmp/vigie-count-cache.json');
const across = (process.argv[2] ?? '1,2,3,4,5').split(',').map(Number);
const images = await Promise.all(
  names.map(async (n) => {
    const { data, info } = await sharp(join(dir, `${n}.jpg`))
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, data: new Uint8Array(data) };
  }),
);
const dets = new Map<string, { d: Detection[]; ms: number }[]>();
for (const a of across) {
  for (const full of [true, false]) {
    if (a === 1 && !full) continue;
    const s = CountingSchema.parse({ method: 'tiles', tilesAcross: a, fullFrame: full });
    const c = new DenseCounter(
      nanodetFactory(settings, defaultModelCacheDir(), cache),
      s,
      settings.inputSize,
      settings.nmsIou,
    );
    const rows = [];
    for (const img of images) {
      const r = await c.detect(img);
      rows.push({ d: r.detections, ms: r.ms });
    }
    await c.close();
    dets.set(`${a}${full ? '+full' : ''}`, rows);
    cache.save();
  }
}
const err = (pred: number[], idx: number[]) => {
  const e = idx.map((i) => pred[i]! - truth[i]!);
  const mae = e.reduce((s, x) => s + Math.abs(x), 0) / e.length;
  const bias = e.reduce((s, x) => s + x, 0) / e.length;
  return { mae, bias };
};
const mean = (idx: number[]) => idx.reduce((s, i) => s + truth[i]!, 0) / idx.length;
for (const [tune, val] of [
  ['a', 'b'],
  ['b', 'a'],
] as const) {
  const T = halves[tune];
  const V = halves[val];
  const k = mean(T);
  console.log(
    `\n== tune ${tune} (${T.length}) → validate ${val}; constant ${k.toFixed(1)}: tune MAE ${err(
      truth.map(() => k),
      T,
    ).mae.toFixed(2)}, validate MAE ${err(
      truth.map(() => k),
      V,
    ).mae.toFixed(2)}`,
  );
  const res = [];
  for (const [key, rows] of dets) {
    for (const score of [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]) {
      for (const minH of [0, 0.01, 0.02, 0.03, 0.05]) {
        const s = CountingSchema.parse({ scoreThreshold: score, minBoxHeightRatio: minH });
        const pred = rows.map((r, i) => countedPeople(r.d, s, images[i]!.height).length);
        res.push({
          key,
          score,
          minH,
          t: err(pred, T),
          v: err(pred, V),
          ms: rows.reduce((x, r) => x + r.ms, 0) / rows.length,
        });
      }
    }
  }
  res.sort((x, y) => x.t.mae - y.t.mae);
  for (const r of res.slice(0, 15))
    console.log(
      `${r.key.padEnd(7)} score ${r.score} minH ${r.minH}: tune MAE ${r.t.mae.toFixed(2)} (${r.t.bias.toFixed(1)}) validate ${r.v.mae.toFixed(2)} (${r.v.bias.toFixed(1)}) ${r.ms.toFixed(0)} ms`,
    );
  const d = CountingSchema.parse({});
  for (const r of res.filter((x) => x.score === d.scoreThreshold && x.minH === d.minBoxHeightRatio))
    console.log(
      `at the default score ${r.score}, minH ${r.minH}: ${r.key}: tune ${r.t.mae.toFixed(2)} (${r.t.bias.toFixed(1)}) validate ${r.v.mae.toFixed(2)} (${r.v.bias.toFixed(1)})`,
    );
  for (const key of dets.keys()) {
    const best = res.filter((r) => r.key === key)[0]!;
    console.log(
      `best of ${key}: score ${best.score} minH ${best.minH} tune ${best.t.mae.toFixed(2)} validate ${best.v.mae.toFixed(2)} (${best.v.bias.toFixed(1)}) ${best.ms.toFixed(0)} ms`,
    );
  }
}
