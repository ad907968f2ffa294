// How far one frame is from usual: per cell, the feature's value over the cell's usual high quantile.
import type { FeatureRow, References } from './references.js';

export interface RowScore {
  /** The frame's raw score: its most unusual cell. */
  raw: number;
  /** Per cell: the larger of the two ratios (speed, extent). */
  cell: Float32Array;
  /** Per cell: 0 when speed gave the cell's score, 1 when extent did. */
  feature: Uint8Array;
}

export function scoreRow(row: FeatureRow, refs: References, cells: number): RowScore {
  const cell = new Float32Array(cells);
  const feature = new Uint8Array(cells);
  let raw = 0;
  for (let c = 0; c < cells; c++) {
    const s = row[c]! / refs.value[c]!;
    const e = row[cells + c]! / refs.value[cells + c]!;
    cell[c] = Math.max(s, e);
    feature[c] = e > s ? 1 : 0;
    if (cell[c]! > raw) raw = cell[c]!;
  }
  return { raw, cell, feature };
}
