// The crowd patterns read from one frame's field statistics. Pure functions: the detector adds learning and time.
import { DIRECTIONS, type FieldStats } from './field-analysis.js';
import type { FadingHistogram } from './histogram.js';

export interface Pattern {
  /** 0..1 for surge and counter-flow; -1..1 for the radial score (outward positive). */
  score: number;
  cells: number[];
}

/** Surge: the share of the moving area that is fast against its cells' usual speed, and the cells holding it. */
export function surgePattern(s: FieldStats, cellMinPixels: number): Pattern {
  const cells = s.cells.flatMap((c, i) => (c.fast >= cellMinPixels ? [i] : []));
  return { score: s.moving > 0 ? s.fast / s.moving : 0, cells };
}

export interface RadialParams {
  cellMinPixels: number;
  minSupport: number;
  /** Moving share of the 3x3 neighbourhood's area: a crowd, not a few passers-by crossing. */
  minArea: number;
}

export interface RadialPattern extends Pattern {
  /** Neighbour cells moving along the score's sign (outward or inward) around the best centre. */
  support: number;
}

/**
 * Local divergence: around each cell, the mean velocity component of its 8 neighbours along their offset from it,
 * over their mean speed (+1: all move straight away from the centre; -1: straight towards it). A neighbour supports
 * the pattern when it moves mostly along the sign; supporters must surround the centre (a corridor's two people
 * passing each other sit on one line and do not count), in a neighbourhood crowded enough. Best centre wins.
 */
export function radialPattern(s: FieldStats, p: RadialParams): RadialPattern {
  let best: RadialPattern = { score: 0, cells: [], support: 0 };
  for (let cy = 1; cy + 1 < s.rows; cy++) {
    for (let cx = 1; cx + 1 < s.cols; cx++) {
      let num = 0;
      let den = 0;
      let moving = 0;
      let area = 0;
      const around: { i: number; ux: number; uy: number; rho: number }[] = [];
      for (let oy = -1; oy <= 1; oy++) {
        for (let ox = -1; ox <= 1; ox++) {
          const i = (cy + oy) * s.cols + cx + ox;
          const c = s.cells[i]!;
          moving += c.n;
          area += cellArea(s, i);
          if ((ox === 0 && oy === 0) || c.n < p.cellMinPixels) continue;
          const len = Math.hypot(ox, oy);
          const vx = c.sumVx / c.n;
          const vy = c.sumVy / c.n;
          const speed = Math.hypot(vx, vy) || 1;
          const rho = (ox * vx + oy * vy) / len;
          num += c.n * rho;
          den += c.n * speed;
          around.push({ i, ux: ox / len, uy: oy / len, rho: rho / speed });
        }
      }
      const score = den > 0 ? num / den : 0;
      const sup = around.filter((a) => a.rho * Math.sign(score) >= 0.5);
      // Surrounding: the supporters' unit offsets must not all point one way (resultant well below their count).
      const rx = sup.reduce((a, b) => a + b.ux, 0);
      const ry = sup.reduce((a, b) => a + b.uy, 0);
      if (sup.length < p.minSupport || Math.hypot(rx, ry) > 0.5 * sup.length || moving < p.minArea * area) continue;
      if (Math.abs(score) > Math.abs(best.score)) {
        best = { score, cells: [cy * s.cols + cx, ...around.map((a) => a.i)], support: sup.length };
      }
    }
  }
  return best;
}

export interface CounterFlowParams {
  cellMinPixels: number;
  minShare: number;
  unusualShare: number;
  /** The block's usual motion must go one way (±45°) this much: a counter-flow opposes an established stream. */
  streamShare: number;
  /** Each direction must cover this share of the block's area (several people, not one passer-by). */
  minArea: number;
  /** A block must have learned this much motion (pixel samples) before anything there is called unusual. */
  minLearned: number;
}

/** The 2x2-cell blocks of the grid (sliding), as lists of cell indices: the regions where counter-flow is sought. */
export function blocks(cols: number, rows: number): number[][] {
  const out: number[][] = [];
  for (let y = 0; y + 1 < rows; y++)
    for (let x = 0; x + 1 < cols; x++)
      out.push([y * cols + x, y * cols + x + 1, (y + 1) * cols + x, (y + 1) * cols + x + 1]);
  return out;
}

/** Moving pixels per direction of a block. */
export function blockDirs(s: FieldStats, block: readonly number[]): Float64Array {
  const d = new Float64Array(DIRECTIONS);
  for (const i of block) for (let k = 0; k < DIRECTIONS; k++) d[k]! += s.cells[i]!.dirs[k]!;
  return d;
}

const side = (d: Float64Array, k: number) => d[(k + 7) % 8]! + d[k]! + d[(k + 1) % 8]!;

/**
 * Counter-flow: in some block whose usual motion is a one-way stream (`learned[b]`, direction histograms), two
 * opposite directions (±45°) each hold minShare of the motion now, one of them rare there. Score: 2 × the smaller
 * side's share.
 */
export function counterFlowPattern(
  s: FieldStats,
  regions: readonly number[][],
  learned: readonly FadingHistogram[],
  p: CounterFlowParams,
): Pattern {
  let best: Pattern = { score: 0, cells: [] };
  regions.forEach((block, b) => {
    const d = blockDirs(s, block);
    const n = d.reduce((a, v) => a + v, 0);
    const area = block.reduce((a, i) => a + cellArea(s, i), 0);
    const h = learned[b];
    if (n < 4 * p.cellMinPixels || !h || h.total < p.minLearned) return;
    for (let k = 0; k < DIRECTIONS / 2; k++) {
      const a = side(d, k);
      const o = side(d, k + 4);
      if (Math.min(a, o) < p.minArea * area || Math.min(a, o) < p.minShare * n) continue;
      const usualA = h.weightBetween(k - 1, k + 1) / h.total;
      const usualO = h.weightBetween(k + 3, k + 5) / h.total;
      const opposed =
        (usualA >= p.streamShare && usualO < p.unusualShare) || (usualO >= p.streamShare && usualA < p.unusualShare);
      if (!opposed) continue;
      const score = Math.min(1, (2 * Math.min(a, o)) / n);
      if (score > best.score) best = { score, cells: [...block] };
    }
  });
  return best;
}

/** Analysis pixels of a cell (cells tile the picture with integer bounds). */
export function cellArea(s: FieldStats, i: number): number {
  const x = i % s.cols;
  const y = Math.floor(i / s.cols);
  const w = Math.floor(((x + 1) * s.width) / s.cols) - Math.floor((x * s.width) / s.cols);
  const h = Math.floor(((y + 1) * s.height) / s.rows) - Math.floor((y * s.height) / s.rows);
  return w * h;
}
