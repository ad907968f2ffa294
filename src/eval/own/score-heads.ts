// Head-point counts on a city's still images (ShanghaiTech format): each image, at the camera's decode width, goes
// through the camera's pipeline as one frame and is counted the way the camera counts (its `counting.method`):
// tracks: person detections at or above the operating score (the pipeline's size filter applied); tiles: the dense
// count a crowd-density zone over the whole picture gets (tiles, the counting score and size filter). Beside it the
// constant baseline: each image answered with the mean count of the other images (leave-one-out), what a counter
// must beat to tell anything about this scene.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { type CameraAnalyticsSpec, parseCameraSpec, pipelineSettingsOf } from '../../analytics/pipeline/camera-spec.js';
import { pipelineFromSpec } from '../../analytics/pipeline/from-spec.js';
import type { Frame } from '../../media/frames/frame.js';
import { type CountError, countError } from '../metrics/counting.js';
import { type OperatingRow, pr, round, thresholdGrid } from './operating-point.js';
import { readHeadsTruth, TruthFileError } from './truth-files.js';

export interface HeadsScore {
  /** How the images were counted: the camera spec's counting.method. */
  method: 'tracks' | 'tiles';
  images: { name: string; truth: number; counted: number; baseline: number }[];
  vigie: CountError;
  baseline: CountError;
  /** Rows: count error at each detector score; precision / recall of person boxes against head points. */
  rows: OperatingRow[];
}

const IMAGE = /\.(jpe?g|png)$/i;
/** The lowest score of the threshold table. */
const ROW_MIN = 0.2;

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
  const still = stillSpec(spec);
  const s = pipelineSettingsOf(spec);
  const tiles = s.counting.method === 'tiles';
  const threshold = round(tiles ? s.counting.scoreThreshold : s.scoreThreshold);
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
      if (tiles && !r.counted) throw new Error('counting.method tiles: the pipeline made no dense count');
      const people = tiles ? [...r.counted!] : r.detections.filter((d) => d.cls === 'person');
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
  const rows = thresholdGrid(ROW_MIN, 0.9, 0.1, threshold).map((t): OperatingRow => {
    const e = countError(new Map(countsAt(t).map((c, i) => [i, c])), truthMap);
    // With head points: a person box is right when an annotated head, not yet taken, lies in it.
    const kept = found.flat().filter((d) => d.score >= t);
    const tp = kept.filter((d) => d.head).length;
    const heads = found.length === pairs.length ? sum : 0;
    return { threshold: t, current: t === threshold, ...pr(tp, kept.length, heads), mae: e.mae, bias: e.bias };
  });
  return {
    method: s.counting.method,
    images: pairs.map((p, i) => ({ name: p.image, truth: truths[i]!, counted: counted[i]!, baseline: baseline[i]! })),
    vigie: countError(new Map(counted.map((c, i) => [i, c])), truthMap),
    baseline: countError(new Map(baseline.map((c, i) => [i, c])), truthMap),
    rows,
  };
}

/**
 * The spec a still image runs with. No motion for the gate to follow: the detector on the whole picture. Counting by
 * tiles: a crowd-density zone over the whole picture (the camera's scene is for video), so the pipeline makes its
 * dense count; its score floor is lowered to the lowest row of the threshold table, which leaves the count at the
 * camera's own score unchanged (a person counted there is at or above it either way).
 */
export function stillSpec(spec: CameraAnalyticsSpec): CameraAnalyticsSpec {
  const { masks: _m, fps: _f, ...s } = pipelineSettingsOf(spec);
  const pipeline = { ...s, gating: { ...s.gating, enabled: false } };
  if (s.counting.method !== 'tiles') return { ...spec, pipeline };
  const whole = [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
  ] as [number, number][];
  return parseCameraSpec({
    ...spec,
    pipeline: {
      ...pipeline,
      counting: { ...s.counting, scoreThreshold: Math.min(ROW_MIN, s.counting.scoreThreshold) },
    },
    scene: {
      zones: [{ id: 'image', name: 'image', polygon: whole }],
      rules: [{ kind: 'crowd_density', id: 'count', zoneId: 'image', maxPeople: 100_000, forSeconds: 0 }],
    },
  });
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
