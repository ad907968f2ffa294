// What usually moves before this camera, from the tracker: the usual person height at each image row (a straight
// line over rows: a ground plane seen in perspective), speeds in those person heights per second and box sizes in
// their squares (both perspective-free, so one distribution serves the whole picture and places nobody crossed while
// learning), and how often each class is seen. Each track is then scored by how far it is past the usual.
import type { ObjectObs } from './objects.js';
import { quantile } from './references.js';

export interface ObjectOptions {
  /** Speeds and sizes are compared to this quantile of what learning saw (per class when it saw enough of it). */
  objectQuantile: number;
  /** Floor of the usual speed, person heights per second: a scene of people standing still must not make a stroll unusual. */
  minSpeedRef: number;
  /** Dirichlet prior per class (in track-frames): a class never seen is rare, not impossible. */
  classPrior: number;
}

export interface ObjectRefs {
  /** Usual person height (frame heights) at foot row y (frame heights): a + b·y. */
  a: number;
  b: number;
  /** Per class (and '*' for all): the usual high speed (person heights/s) and size (box area over person height²). */
  speed: Record<string, number>;
  size: Record<string, number>;
  /** Track-frames per class while learning. */
  counts: Record<string, number>;
}

export type ObjectFeature = 'speed' | 'size' | 'class';

export interface ObjectFinding {
  obs: ObjectObs;
  feature: ObjectFeature;
  /** Over 1: beyond the usual (for a class, rarer than the objectQuantile's tail). */
  ratio: number;
}

/** Samples for a class to have its own references (else every class's are used). */
const CLASS_MIN = 50;
/** A person's box is at least this tall (frame heights) wherever the line would fall lower. */
const MIN_HEIGHT = 0.02;

export function learnObjectRefs(
  frames: ObjectObs[][],
  o: ObjectOptions,
  use: (i: number) => boolean = () => true,
): ObjectRefs {
  const all = frames.filter((_, i) => use(i)).flat();
  const people = all.filter((x) => x.cls === 'person');
  const { a, b } = heightLine(people.length >= 30 ? people : all);
  const r: ObjectRefs = { a, b, speed: {}, size: {}, counts: {} };
  const by = new Map<string, { speed: number[]; size: number[] }>([['*', { speed: [], size: [] }]]);
  for (const x of all) {
    r.counts[x.cls] = (r.counts[x.cls] ?? 0) + 1;
    const H = expectedHeight(r, x.y);
    if (!by.has(x.cls)) by.set(x.cls, { speed: [], size: [] });
    for (const k of [x.cls, '*']) {
      const d = by.get(k)!;
      d.size.push((x.w * x.h) / H ** 2);
      if (x.speed !== undefined) d.speed.push(x.speed / H);
    }
  }
  for (const [k, d] of by) {
    if (d.speed.length >= CLASS_MIN || k === '*') {
      r.speed[k] = Math.max(o.minSpeedRef, quantile(Float64Array.from(d.speed).sort(), o.objectQuantile));
    }
    if (d.size.length >= CLASS_MIN || k === '*') {
      r.size[k] = Math.max(0.05, quantile(Float64Array.from(d.size).sort(), o.objectQuantile));
    }
  }
  return r;
}

export function expectedHeight(r: Pick<ObjectRefs, 'a' | 'b'>, y: number): number {
  return Math.max(MIN_HEIGHT, r.a + r.b * y);
}

/** Every finding of one frame's objects, most unusual first. */
export function scoreObjects(objs: ObjectObs[], r: ObjectRefs, o: ObjectOptions): ObjectFinding[] {
  const total = Object.values(r.counts).reduce((s, n) => s + n, 0);
  const kinds = Object.keys(r.counts).length + 1;
  const tail = Math.log(1 - o.objectQuantile);
  const out: ObjectFinding[] = [];
  for (const x of objs) {
    const H = expectedHeight(r, x.y);
    if (x.speed !== undefined) {
      out.push({ obs: x, feature: 'speed', ratio: x.speed / H / (r.speed[x.cls] ?? r.speed['*']!) });
    }
    out.push({ obs: x, feature: 'size', ratio: (x.w * x.h) / H ** 2 / (r.size[x.cls] ?? r.size['*']!) });
    // Surprise of the class in units of the quantile's tail: 1 when as rare as 1 - objectQuantile, 2 when its square.
    const p = ((r.counts[x.cls] ?? 0) + o.classPrior) / (total + o.classPrior * kinds);
    out.push({ obs: x, feature: 'class', ratio: Math.log(p) / tail });
  }
  return out.sort((p, q) => q.ratio - p.ratio);
}

// Least squares of box height on foot row, twice: the second pass without the worst residuals (boxes cut by the
// picture's edge, two people in one box). Flat (their median) with too few rows to fit a slope.
function heightLine(obs: ObjectObs[]): { a: number; b: number } {
  if (obs.length === 0) return { a: 0.15, b: 0 };
  let pts = obs.map((x) => ({ y: x.y, h: x.h }));
  let line = fit(pts);
  for (let pass = 0; pass < 2; pass++) {
    const res = pts.map((p) => Math.abs(p.h - (line.a + line.b * p.y))).sort((u, v) => u - v);
    const cut = 2.5 * Math.max(1e-4, res[res.length >> 1]!) * 1.4826;
    pts = pts.filter((p) => Math.abs(p.h - (line.a + line.b * p.y)) <= cut);
    line = fit(pts);
  }
  return line;
}

function fit(pts: { y: number; h: number }[]): { a: number; b: number } {
  const n = pts.length;
  const my = pts.reduce((s, p) => s + p.y, 0) / n;
  const mh = pts.reduce((s, p) => s + p.h, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of pts) {
    num += (p.y - my) * (p.h - mh);
    den += (p.y - my) ** 2;
  }
  // A slope needs rows spread over a tenth of the picture at least; else a flat height.
  if (n < 10 || den / n < 0.03 ** 2) {
    const hs = pts.map((p) => p.h).sort((u, v) => u - v);
    return { a: hs[n >> 1] ?? 0.15, b: 0 };
  }
  const b = num / den;
  return { a: mh - b * my, b };
}
