// Summaries of a counting method over still images: the errors over all, per half of the split (settings are chosen
// on one half, the other is held out) and per crowd-size band, and the constant baseline ("always answer the mean").
import { countError } from '../metrics/counting.js';
import type { CountingBand, CountingMethod } from './report-types.js';

/** Half of an image in the split: images alternate by name order (IMG_1 → A, IMG_2 → B, IMG_3 → A, …). */
export const halfOf = (index: number): 'A' | 'B' => (index % 2 === 0 ? 'A' : 'B');

const BANDS: [string, number, number][] = [
  ['≤ 10', 0, 10],
  ['11-25', 11, 25],
  ['> 25', 26, Number.POSITIVE_INFINITY],
];

function errorOf(images: readonly [string, number, number][]) {
  const truth = new Map(images.map(([, t], i) => [i, t]));
  const predicted = new Map(images.map(([, , p], i) => [i, p]));
  return countError(predicted, truth);
}

function bandsOf(images: readonly [string, number, number][]): CountingBand[] {
  return BANDS.map(([band, lo, hi]) => {
    const e = errorOf(images.filter(([, t]) => t >= lo && t <= hi));
    return { band, images: e.frames, mae: e.mae, bias: e.bias };
  });
}

/** Summary of one counting method over images given as [name, true count, predicted count], in name order. */
export function countingMethod(
  id: string,
  label: string,
  images: [string, number, number][],
  totalMs: number,
): CountingMethod {
  const n = Math.max(1, images.length);
  const meanTrue = images.reduce((s, r) => s + r[1], 0) / n;
  const meanPredicted = images.reduce((s, r) => s + r[2], 0) / n;
  return {
    id,
    label,
    images,
    error: errorOf(images),
    halves: {
      A: errorOf(images.filter((_, i) => halfOf(i) === 'A')),
      B: errorOf(images.filter((_, i) => halfOf(i) === 'B')),
    },
    bands: bandsOf(images),
    meanTrue,
    meanPredicted,
    ratio: meanTrue > 0 ? meanPredicted / meanTrue : 1,
    msPerImage: totalMs / n,
  };
}

/**
 * The constant baseline: every image of one half gets the mean annotated count of the OTHER half (learnt there,
 * answered here), so each of its predictions is out of sample like a tuned method's held-out half.
 */
export function constantBaseline(truth: readonly [string, number][]): CountingMethod {
  const mean = (h: 'A' | 'B') => {
    const xs = truth.filter((_, i) => halfOf(i) === h).map(([, t]) => t);
    return xs.length ? xs.reduce((s, t) => s + t, 0) / xs.length : 0;
  };
  const m = { A: mean('A'), B: mean('B') };
  const images = truth.map(([name, t], i): [string, number, number] => [name, t, m[halfOf(i) === 'A' ? 'B' : 'A']]);
  return countingMethod(
    'constant',
    `Baseline: always the other half's mean count (${m.B.toFixed(1)} on A, ${m.A.toFixed(1)} on B)`,
    images,
    0,
  );
}
