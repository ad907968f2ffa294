// Crowd counting by detection on still images with annotated head counts (ShanghaiTech): one person per box.
// Detection counts what it can separate, so it undercounts dense crowds; the report says by how much.
import { join } from 'node:path';
import type { Detection } from '../../analytics/detect/nanodet-decoder.js';
import { squareInput } from '../../analytics/detect/preprocess.js';
import { nanodetFactory } from '../../analytics/pipeline/camera-pipeline.js';
import { DetectionCache, type FrameDetector } from '../../analytics/pipeline/detection-cache.js';
import type { PipelineSettings } from '../../analytics/pipeline/settings.js';
import { HogPeopleDetector } from '../baseline/hog-people.js';
import { countError } from '../metrics/counting.js';
import type { CountingMethod, CountingReport } from './report-types.js';

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

/** Summary of one counting method over images given as [name, true count, predicted count]. */
export function countingMethod(
  id: string,
  label: string,
  images: [string, number, number][],
  totalMs: number,
): CountingMethod {
  const truth = new Map(images.map(([, t], i) => [i, t]));
  const predicted = new Map(images.map(([, , p], i) => [i, p]));
  const n = Math.max(1, images.length);
  const meanTrue = images.reduce((s, r) => s + r[1], 0) / n;
  const meanPredicted = images.reduce((s, r) => s + r[2], 0) / n;
  return {
    id,
    label,
    images,
    error: countError(predicted, truth),
    meanTrue,
    meanPredicted,
    ratio: meanTrue > 0 ? meanPredicted / meanTrue : 1,
    msPerImage: totalMs / n,
  };
}

export interface CountingEvalOptions {
  dataset: string;
  settings: PipelineSettings;
  baseline: 'hog' | 'none';
  modelCacheDir: string;
  cacheDir?: string;
  log?: (message: string) => void;
}

/** Counts people on every image with Vigie's detector (full image, the pipeline's filters) and the HOG baseline. */
export async function evaluateCounting(
  images: AsyncIterable<CountImage>,
  o: CountingEvalOptions,
): Promise<CountingReport> {
  const s = o.settings;
  const cache = (id: string) => (o.cacheDir ? new DetectionCache(join(o.cacheDir, `counting-${id}.json`)) : undefined);
  const vigieCache = cache('vigie');
  const hogCache = cache('hog');
  const methods: { id: string; label: string; det: FrameDetector; count: (d: Detection[], h: number) => number }[] = [
    {
      id: 'vigie',
      label: `Vigie (NanoDet ${s.inputSize}, score ≥ ${s.scoreThreshold}, boxes ≥ ${s.minBoxHeightRatio} of the height)`,
      det: await nanodetFactory(s, o.modelCacheDir, vigieCache)(squareInput(s.inputSize)),
      count: (d, h) => countPersons(d, s.scoreThreshold, s.minBoxHeightRatio * h),
    },
  ];
  if (o.baseline === 'hog') {
    const hog = await HogPeopleDetector.create();
    const inner: FrameDetector = { detect: (f) => hog.detect(f, 'rgb24') };
    const det = hogCache ? hogCache.wrap('hog|default', inner) : inner;
    methods.push({ id: 'hog', label: 'Baseline (OpenCV HOG)', det, count: (d) => d.length });
  }
  const rows = methods.map(() => [] as [string, number, number][]);
  const ms = methods.map(() => 0);
  let n = 0;
  for await (const img of images) {
    n++;
    for (const [i, m] of methods.entries()) {
      const t0 = performance.now();
      const dets = await m.det.detect(img);
      ms[i]! += m.det.lastRunMs ?? performance.now() - t0;
      rows[i]!.push([img.name, img.count, m.count(dets, img.height)]);
    }
    o.log?.(
      `${o.dataset} image ${n} (${img.name}): ${img.count} annotated, ${methods.map((m, i) => `${m.id} ${rows[i]!.at(-1)![2]}`).join(', ')}`,
    );
  }
  for (const m of methods) await m.det.close?.();
  vigieCache?.save();
  hogCache?.save();
  return {
    dataset: o.dataset,
    images: n,
    methods: methods.map((m, i) => countingMethod(m.id, m.label, rows[i]!, ms[i]!)),
  };
}
