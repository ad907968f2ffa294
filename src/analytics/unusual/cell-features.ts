// Per-cell motion features of one flow field: how fast things move in each cell and how much of the area moves.

/** The grid laid over the analysis picture (edge cells may be smaller). */
export interface Grid {
  width: number;
  height: number;
  cell: number;
  cols: number;
  rows: number;
}

export function makeGrid(width: number, height: number, cell: number): Grid {
  return { width, height, cell, cols: Math.ceil(width / cell), rows: Math.ceil(height / cell) };
}

export const cellCount = (g: Grid) => g.cols * g.rows;

/** Features of one frame, one value per cell; 0 means "nothing measured here" (not learned as a sample). */
export interface CellFeatures {
  /** Mean speed of the moving pixels of the cell, analysis pixels per second (0 when under `minShare` moves). */
  speed: Float32Array;
  /** Share of moving pixels over the cell and its 8 neighbours: the extent of what moves there. */
  occupancy: Float32Array;
}

export interface FeatureOptions {
  /** A pixel moves above this speed (analysis pixels per second): under it, flow noise and swaying leaves. */
  movingPxPerS: number;
  /** A cell's speed is measured only when this share of it moves (a few stray pixels are no object). */
  minShare: number;
}

/** Features from a flow field (dx, dy interleaved, pixels per frame) measured over `dtS` seconds. */
export function cellFeatures(flow: Float32Array, dtS: number, g: Grid, o: FeatureOptions): CellFeatures {
  const n = cellCount(g);
  const moving = new Float32Array(n);
  const sum = new Float32Array(n);
  const area = new Float32Array(n);
  const thr = o.movingPxPerS * dtS;
  for (let y = 0; y < g.height; y++) {
    const rowCell = ((y / g.cell) | 0) * g.cols;
    for (let x = 0; x < g.width; x++) {
      const c = rowCell + ((x / g.cell) | 0);
      const k = 2 * (y * g.width + x);
      const m = Math.hypot(flow[k]!, flow[k + 1]!);
      area[c]!++;
      if (m > thr) {
        moving[c]!++;
        sum[c]! += m;
      }
    }
  }
  const speed = new Float32Array(n);
  const share = new Float32Array(n);
  for (let c = 0; c < n; c++) {
    share[c] = moving[c]! / area[c]!;
    if (share[c]! >= o.minShare) speed[c] = sum[c]! / moving[c]! / dtS;
  }
  return { speed, occupancy: neighbourhoodMean(share, g) };
}

// Averaged over 3x3 cells so that a large object (a cart) stands out from a person who fills one cell.
function neighbourhoodMean(v: Float32Array, g: Grid): Float32Array {
  const out = new Float32Array(v.length);
  for (let cy = 0; cy < g.rows; cy++) {
    for (let cx = 0; cx < g.cols; cx++) {
      let s = 0;
      let k = 0;
      for (let y = Math.max(0, cy - 1); y <= Math.min(g.rows - 1, cy + 1); y++) {
        for (let x = Math.max(0, cx - 1); x <= Math.min(g.cols - 1, cx + 1); x++) {
          s += v[y * g.cols + x]!;
          k++;
        }
      }
      out[cy * g.cols + cx] = s / k;
    }
  }
  return out;
}
