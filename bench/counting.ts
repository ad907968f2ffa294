// Cost of a dense count (counting.method tiles) next to one full-frame detector run, in the same run, on real
// ShanghaiTech B crowds (1024x768): ms per image, detector runs, and what a crowd-density zone adds to a camera
// analysed at 5 fps when it counts every everySeconds. Run: npm run bench -- counting
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { CountingSchema, type CountingSettings } from '../src/analytics/count/count-settings.js';
import { DenseCounter } from '../src/analytics/count/dense-counter.js';
import type { RgbFrameLike } from '../src/analytics/detect/preprocess.js';
import { defaultModelCacheDir, nanodetFactory } from '../src/analytics/pipeline/camera-pipeline.js';
import { parsePipelineSettings } from '../src/analytics/pipeline/settings.js';
import { datasetPath } from '../src/eval/datasets/paths.js';
import { fmt, machine, median } from './lib.js';

const IMAGES = Number(process.env.VIGIE_BENCH_COUNTING_IMAGES ?? 6);
const ROUNDS = Number(process.env.VIGIE_BENCH_COUNTING_ROUNDS ?? 3);

async function images(): Promise<RgbFrameLike[]> {
  const dir = datasetPath('shanghaitech-b', 'train');
  const names = readdirSync(dir)
    .filter((f) => /^IMG_\d+\.jpg$/.test(f))
    .sort((a, b) => Number(a.replace(/\D/g, '')) - Number(b.replace(/\D/g, '')))
    .slice(0, IMAGES);
  return Promise.all(
    names.map(async (n) => {
      const { data, info } = await sharp(join(dir, n)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      return { width: info.width, height: info.height, data: new Uint8Array(data) };
    }),
  );
}

export async function runCountingBench(): Promise<string> {
  ort.env.logLevel = 'error';
  const imgs = await images();
  const settings = parsePipelineSettings({ classes: ['person'] });
  const rows: [string, CountingSettings][] = [
    ['one full-frame run (what tracks see)', CountingSchema.parse({ tilesAcross: 1, fullFrame: true })],
    ['dense, defaults: 2 tiles across + full frame', CountingSchema.parse({})],
    ['dense, 2 tiles across, no full frame', CountingSchema.parse({ fullFrame: false })],
    ['dense, 3 tiles across + full frame', CountingSchema.parse({ tilesAcross: 3 })],
  ];
  const counters = rows.map(
    ([, c]) =>
      new DenseCounter(nanodetFactory(settings, defaultModelCacheDir()), c, settings.inputSize, settings.nmsIou),
  );
  for (const c of counters) await c.count(imgs[0]!); // model load and warm-up
  // Rounds taken in turn so a disturbance of the host falls on every row alike.
  const ms = rows.map(() => [] as number[]);
  const calls = rows.map(() => 0);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, c] of counters.entries()) {
      for (const img of imgs) {
        // CPU time of the process (the detector's thread included): steadier than the wall clock on a busy host.
        const t0 = process.cpuUsage();
        const out = await c.count(img);
        const d = process.cpuUsage(t0);
        ms[i]!.push((d.user + d.system) / 1000);
        calls[i] = out.calls;
      }
    }
  }
  for (const c of counters) await c.close();
  const base = median(ms[0]!);
  const lines = [
    `## Dense count (crowd-density zones, counting.method tiles)`,
    '',
    `${imgs.length} ShanghaiTech B images 1024x768, NanoDet ${settings.inputSize} ${settings.precision}, 1 thread, ` +
      `CPU ms (process), median of ${ROUNDS} rounds; ${machine()}.`,
    '',
    '| count | detector runs | CPU ms per image | × one run | % of a core per camera, one count every 5 s |',
    '|---|---|---|---|---|',
    ...rows.map(([label], i) => {
      const m = median(ms[i]!);
      return `| ${label} | ${calls[i]} | ${fmt(m, 0)} | ${fmt(m / base, 2)} | ${fmt((m / 5000) * 100, 1)} |`;
    }),
  ];
  return lines.join('\n');
}
