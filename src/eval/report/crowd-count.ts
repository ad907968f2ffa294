// Crowd counting on still images with annotated head counts (ShanghaiTech): the pipeline's one full-frame detector
// run (what tracks see), the dense count a crowd-density zone may use (DenseCounter: tiles, counting score), the
// constant baseline, and HOG. Settings are the product's (PipelineSettings.counting); the images split in two
// halves by name order, and every method is reported on each half.
import { join } from 'node:path';
import { DenseCounter } from '../../analytics/count/dense-counter.js';
import type { Detection } from '../../analytics/detect/nanodet-decoder.js';
import type { RgbFrameLike } from '../../analytics/detect/preprocess.js';
import { squareInput } from '../../analytics/detect/preprocess.js';
import { nanodetFactory } from '../../analytics/pipeline/camera-pipeline.js';
import { DetectionCache, type FrameDetector } from '../../analytics/pipeline/detection-cache.js';
import type { PipelineSettings } from '../../analytics/pipeline/settings.js';
import { HogPeopleDetector } from '../baseline/hog-people.js';
import { constantBaseline, countingMethod } from './count-summary.js';
import type { CountingReport } from './report-types.js';

export { countingMethod } from './count-summary.js';

export interface CountImage {
  name: string;
  width: number;
  height: number;
  /** rgb24 */
  data: Uint8Array;
  /** Annotated people (heads). */
  count: number;
}

/** People counted in one image: person boxes at or above the operating score, tall enough (as the pipeline keeps). */
export function countPersons(dets: readonly Detection[], minScore: number, minHeightPx: number): number {
  return dets.filter((d) => d.cls === 'person' && d.score >= minScore && d.box[3] >= minHeightPx).length;
}

export interface CountingEvalOptions {
  dataset: string;
  settings: PipelineSettings;
  baseline: 'hog' | 'none';
  modelCacheDir: string;
  cacheDir?: string;
  log?: (message: string) => void;
}

interface Method {
  id: string;
  label: string;
  /** People counted and detector milliseconds. */
  run(img: RgbFrameLike): Promise<{ count: number; ms: number }>;
  close(): Promise<void>;
}

/** Counts people on every image with each method; the constant baseline is added from the annotations. */
export async function evaluateCounting(
  images: AsyncIterable<CountImage>,
  o: CountingEvalOptions,
): Promise<CountingReport> {
  const s = o.settings;
  const c = s.counting;
  const caches: DetectionCache[] = [];
  const cache = (id: string) => {
    if (!o.cacheDir) return undefined;
    const x = new DetectionCache(join(o.cacheDir, `counting-${id}.json`));
    caches.push(x);
    return x;
  };
  const full = await nanodetFactory(s, o.modelCacheDir, cache('vigie'))(squareInput(s.inputSize));
  const dense = new DenseCounter(nanodetFactory(s, o.modelCacheDir, cache('dense')), c, s.inputSize, s.nmsIou);
  const methods: Method[] = [
    {
      id: 'vigie',
      label: `Vigie, one full-frame run (NanoDet ${s.inputSize}, score ≥ ${s.scoreThreshold}, boxes ≥ ${s.minBoxHeightRatio} of the height)`,
      run: async (img) => {
        const t0 = performance.now();
        const dets = await full.detect(img);
        const ms = full.lastRunMs ?? performance.now() - t0;
        return { count: countPersons(dets, s.scoreThreshold, s.minBoxHeightRatio * img.height), ms };
      },
      close: async () => full.close?.(),
    },
    {
      id: 'dense',
      label:
        `Vigie dense count (${c.tilesAcross} tiles across, overlap ${c.overlap}${c.fullFrame ? ' + full frame' : ''}, ` +
        `score ≥ ${c.scoreThreshold}, boxes ≥ ${c.minBoxHeightRatio} of the height)`,
      run: (img) => dense.count(img),
      close: () => dense.close(),
    },
  ];
  if (o.baseline === 'hog') {
    const hog = await HogPeopleDetector.create();
    const inner: FrameDetector = { detect: (f) => hog.detect(f, 'rgb24') };
    const det: FrameDetector = cache('hog')?.wrap('hog|default', inner) ?? inner;
    methods.push({
      id: 'hog',
      label: 'Baseline (OpenCV HOG)',
      run: async (img) => {
        const t0 = performance.now();
        const count = (await det.detect(img)).length;
        return { count, ms: det.lastRunMs ?? performance.now() - t0 };
      },
      close: async () => {},
    });
  }
  const rows = methods.map(() => [] as [string, number, number][]);
  const ms = methods.map(() => 0);
  let n = 0;
  for await (const img of images) {
    n++;
    for (const [i, m] of methods.entries()) {
      const r = await m.run(img);
      ms[i]! += r.ms;
      rows[i]!.push([img.name, img.count, r.count]);
    }
    o.log?.(
      `${o.dataset} image ${n} (${img.name}): ${img.count} annotated, ${methods.map((m, i) => `${m.id} ${rows[i]!.at(-1)![2]}`).join(', ')}`,
    );
  }
  for (const m of methods) await m.close();
  for (const x of caches) x.save();
  const out = methods.map((m, i) => countingMethod(m.id, m.label, rows[i]!, ms[i]!));
  out.splice(2, 0, constantBaseline(rows[0]!.map(([name, t]) => [name, t])));
  return { dataset: o.dataset, images: n, methods: out };
}
