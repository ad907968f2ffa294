// A learned model as plain JSON (stored beside the camera's configuration; a few kilobytes).
import type { Calibration } from './calibrate.js';
import { cellCount, type Grid } from './cell-features.js';
import type { UsualOptions } from './options.js';
import type { References } from './references.js';

export interface UsualModelJson {
  kind: 'vigie.unusual';
  version: 1;
  cameraId: string;
  options: UsualOptions;
  grid: Grid;
  /** Per cell: usual speed (analysis px/s), then usual extent (share of moving pixels). */
  references: number[];
  samples: number[];
  calibration: Calibration;
}

export function toJsonParts(
  cameraId: string,
  options: UsualOptions,
  grid: Grid,
  refs: References,
  calibration: Calibration,
): UsualModelJson {
  return {
    kind: 'vigie.unusual',
    version: 1,
    cameraId,
    options,
    grid,
    // Four significant digits are plenty for a ratio threshold and keep the file small.
    references: Array.from(refs.value, (v) => Number(v.toPrecision(4))),
    samples: Array.from(refs.samples),
    calibration,
  };
}

export function fromJsonParts(json: UsualModelJson): {
  options: UsualOptions;
  grid: Grid;
  refs: References;
  calibration: Calibration;
} {
  if (json?.kind !== 'vigie.unusual' || json.version !== 1) throw new Error('unusual: not a version 1 model');
  const n = 2 * cellCount(json.grid);
  if (json.references.length !== n || json.samples.length !== n) throw new Error('unusual: model size mismatch');
  if (json.references.some((v) => !(v > 0))) throw new Error('unusual: references must be positive');
  return {
    options: json.options,
    grid: json.grid,
    refs: { value: Float32Array.from(json.references), samples: Uint32Array.from(json.samples) },
    calibration: json.calibration,
  };
}
