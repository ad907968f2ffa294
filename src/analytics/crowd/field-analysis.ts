// Per-frame reduction of a flow field: which pixels really move, how fast against their cell's usual speed, and
// per grid cell the mean velocity and a histogram of directions (the inputs of every crowd pattern).
import type { Box } from '../geometry/box.js';
import type { FlowField } from './flow.js';

export const DIRECTIONS = 8;

export interface FieldParams {
  cols: number;
  rows: number;
  minFlowPx: number;
  minDiff: number;
  /** log(surgeRatio): a pixel is fast when log(speed) exceeds its cell's usual log speed by this. */
  fastLog: number;
}

export interface CellStats {
  /** Moving pixels, and sums of their positions (analysis px) and velocities (analysis px/s). */
  n: number;
  sumX: number;
  sumY: number;
  sumVx: number;
  sumVy: number;
  fast: number;
  /** Moving pixels per direction bin: 0 = rightwards, counter-clockwise on screen (2 = upwards). */
  dirs: Float64Array;
}

export interface FieldStats {
  width: number;
  height: number;
  cols: number;
  rows: number;
  moving: number;
  fast: number;
  cells: CellStats[];
  /** Of each moving pixel: its cell and log speed (analysis px/s), for learning. */
  movingCell: Int32Array;
  movingLog: Float32Array;
}

const newCell = (): CellStats => ({
  n: 0,
  sumX: 0,
  sumY: 0,
  sumVx: 0,
  sumVy: 0,
  fast: 0,
  dirs: new Float64Array(DIRECTIONS),
});

/** `usualLog[cell]`: the cell's learned median log speed (NaN: not learned yet, so nothing there counts as fast). */
export function analyseField(f: FlowField, p: FieldParams, usualLog?: ArrayLike<number>): FieldStats {
  const { width, height, flow, dtMs, ref, cur } = f;
  const cells = Array.from({ length: p.cols * p.rows }, newCell);
  const movingCell = new Int32Array(width * height);
  const movingLog = new Float32Array(width * height);
  const perSecond = 1000 / dtMs;
  const minFlow2 = p.minFlowPx * p.minFlowPx;
  let moving = 0;
  let fast = 0;
  for (let y = 0; y < height; y++) {
    const cy = Math.min(p.rows - 1, Math.floor((y * p.rows) / height));
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const dx = flow[2 * i]!;
      const dy = flow[2 * i + 1]!;
      const m2 = dx * dx + dy * dy;
      if (m2 <= minFlow2 || Math.abs(cur[i]! - ref[i]!) <= p.minDiff) continue;
      const ci = cy * p.cols + Math.min(p.cols - 1, Math.floor((x * p.cols) / width));
      const c = cells[ci]!;
      const logSpeed = Math.log(Math.sqrt(m2) * perSecond);
      c.n++;
      c.sumX += x;
      c.sumY += y;
      c.sumVx += dx * perSecond;
      c.sumVy += dy * perSecond;
      // Screen y points down: negate it so that bin 2 means upwards.
      const a = Math.atan2(-dy, dx);
      c.dirs[(Math.round((a * DIRECTIONS) / (2 * Math.PI)) + DIRECTIONS) % DIRECTIONS]!++;
      const usual = usualLog?.[ci];
      if (usual !== undefined && logSpeed - usual > p.fastLog) {
        c.fast++;
        fast++;
      }
      movingCell[moving] = ci;
      movingLog[moving++] = logSpeed;
    }
  }
  return {
    width,
    height,
    cols: p.cols,
    rows: p.rows,
    moving,
    fast,
    cells,
    movingCell: movingCell.subarray(0, moving),
    movingLog: movingLog.subarray(0, moving),
  };
}

/** [x, y, w, h] in analysis pixels of the union of the given cells. */
export function cellsBox(s: FieldStats, cellIdx: readonly number[]): Box {
  if (cellIdx.length === 0) return [0, 0, 0, 0];
  const cx = cellIdx.map((i) => i % s.cols);
  const cy = cellIdx.map((i) => Math.floor(i / s.cols));
  const x0 = Math.floor((Math.min(...cx) * s.width) / s.cols);
  const y0 = Math.floor((Math.min(...cy) * s.height) / s.rows);
  const x1 = Math.floor(((Math.max(...cx) + 1) * s.width) / s.cols);
  const y1 = Math.floor(((Math.max(...cy) + 1) * s.height) / s.rows);
  return [x0, y0, x1 - x0, y1 - y0];
}
