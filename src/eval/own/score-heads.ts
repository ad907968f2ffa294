// Head-point counts on a city's still images (ShanghaiTech format): each image, at the camera's decode width, goes
// through the camera's pipeline as one frame; people counted = person detections at or above the operating score
// (the pipeline's size filter applied). Beside it the constant baseline: each image answered with the mean count of
// the other images (leave-one-out), what a counter must beat to tell anything about this scene.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { type CameraAnalyticsSpec, pipelineSettingsOf } from '../../analytics/pipeline/camera-spec.js';
import { pipelineFromSpec } from '../../analytics/pipeline/from-spec.js';
import type { Frame } from '../../media/frames/frame.js';
import { type CountError, countError } from '../metrics/counting.js';
import { type OperatingRow, pr, round, thresholdGrid } from './operating-point.js';
import { readHeadsTruth, TruthFileError } from './truth-files.js';

export interface HeadsScore {
  images: { name: string; truth: number; counted: number; baseline: number }[];
  vigie: CountError;
  baseline: CountError;
  /** Rows: count error at each detector score; precision / recall of person boxes against head points. */
  rows: OperatingRow[];
}

const IMAGE = /\.(jpe?g|png)$/i;

/** Images of a folder with a truth JSON beside each (IMG_1.jpg + IMG_1.json), in natural name order. */
export function imagesWithTruth(dir: string, limit = Number.POSITIVE_INFINITY): { image: string; truth: string }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw new TruthFileError(`--image-dir ${dir}: cannot be read (${(e as Error).message})`);
  }
  const json = new Set(names.filter((n) => n.endsWith('.json')));
  const pairs = names
    .filter((n) => IMAGE.test(n) && json.has(n.replace(IMAGE, '.json')))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .slice(0, limit)
    .map((n) => ({ image: join(dir, n), truth: join(dir, n.replace(IMAGE, '.json')) }));
  if (pairs.length < 2)
    throw new TruthFileError(`--image-dir ${dir}: needs 2 or more images each with its NAME.json truth beside it`);
  return pairs;
}

export async function scoreHeads(
  pairs: { image: string; truth: string }[],
  spec: CameraAnalyticsSpec,
  o: { modelCacheDir?: string; log?: (m: string) => void } = {},
): Promise<HeadsScore> {
  const annotated = pairs.map((p) => readHeadsTruth(p.truth));
  const truths = annotated.map((a) => a.count);
  const { masks: _m, fps: _f, ...s } = pipelineSettingsOf(spec);
  const threshold = round(s.scoreThreshold);
  // A still image has no motion for the gate to follow: the camera's detector on the whole picture.
  const still: CameraAnalyticsSpec = { ...spec, pipeline: { ...s, gating: { ...s.gating, enabled: false } } };
  const scores: number[][] = [];
  const found: { score: number; head: boolean }[][] = [];
  for (const [i, p] of pairs.entries()) {
    const meta = await sharp(p.image).metadata();
    const { data, info } = await sharp(p.image)
      .resize({ width: spec.width, withoutEnlargement: true })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const frame: Frame = {
      cameraId: 'own-eval',
      seq: 0,
      ptsMs: 0,
      width: info.width,
      height: info.height,
      format: 'rgb24',
      data: new Uint8Array(data),
    };
    // One pipeline per image: nothing (tracks, background) carries from one picture to the next.
    const pipeline = await pipelineFromSpec(still, {
      cameraId: 'own-eval',
      ...(o.modelCacheDir && { modelCacheDir: o.modelCacheDir }),
    });
    try {
      const r = await pipeline.process(frame);
      const people = r.detections.filter((d) => d.cls === 'person');
      scores.push(people.map((d) => d.score));
      const k = (meta.width ?? info.width) / info.width;
      const heads = annotated[i]!.heads;
      if (heads)
        found.push(
          headMatches(
            people.map((d) => ({ score: d.score, box: d.box.map((v) => v * k) })),
            heads,
          ),
        );
    } finally {
      await pipeline.close();
    }
    o.log?.(`${p.image}: ${truths[i]} annotated, ${scores[i]!.filter((v) => v >= threshold).length} counted`);
  }
  const sum = truths.reduce((a, b) => a + b, 0);
  const n = truths.length;
  const baseline = truths.map((t) => (sum - t) / (n - 1));
  const truthMap = new Map(truths.map((t, i) => [i, t]));
  const countsAt = (t: number) => scores.map((d) => d.filter((v) => v >= t).length);
  const counted = countsAt(threshold);
  const rows = thresholdGrid(0.2, 0.9, 0.1, threshold).map((t): OperatingRow => {
    const e = countError(new Map(countsAt(t).map((c, i) => [i, c])), truthMap);
    // With head points: a person box is right when an annotated head, not yet taken, lies in it.
    const kept = found.flat().filter((d) => d.score >= t);
    const tp = kept.filter((d) => d.head).length;
    const heads = found.length === pairs.length ? sum : 0;
    return { threshold: t, current: t === threshold, ...pr(tp, kept.length, heads), mae: e.mae, bias: e.bias };
  });
  return {
    images: pairs.map((p, i) => ({ name: p.image, truth: truths[i]!, counted: counted[i]!, baseline: baseline[i]! })),
    vigie: countError(new Map(counted.map((c, i) => [i, c])), truthMap),
    baseline: countError(new Map(baseline.map((c, i) => [i, c])), truthMap),
    rows,
  };
}

/** Each person box, strongest first, takes the first untaken head point inside it (one head, one person). */
export function headMatches(
  people: { score: number; box: number[] }[],
  heads: [number, number][],
): { score: number; head: boolean }[] {
  const taken = new Array<boolean>(heads.length).fill(false);
  return [...people]
    .sort((a, b) => b.score - a.score)
    .map((d) => {
      const [l, t, w, h] = d.box as [number, number, number, number];
      const j = heads.findIndex(([x, y], i) => !taken[i] && x >= l && x <= l + w && y >= t && y <= t + h);
      if (j >= 0) taken[j] = true;
      return { score: d.score, head: j >= 0 };
    });
}
