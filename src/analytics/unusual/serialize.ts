// A learned model as plain JSON (stored beside the camera's configuration; a few kilobytes).
import type { Calibration } from './calibrate.js';
import { cellCount, type Grid } from './cell-features.js';
import type { ObjectRefs } from './object-model.js';
import { DEFAULT_USUAL_OPTIONS, type UsualOptions } from './options.js';
import type { References } from './references.js';

export interface UsualModelJson {
  kind: 'vigie.unusual';
  /** 1: motion cells only; 2: with the object references (the tracker's classes, speeds and sizes). */
  version: 1 | 2;
  cameraId: string;
  options: UsualOptions;
  grid: Grid;
  /** Per cell: usual speed (analysis px/s), then usual extent (share of moving pixels). */
  references: number[];
  samples: number[];
  /** Version 2: what usually moves, from the tracker. */
  objects?: ObjectRefs;
  calibration: Calibration;
}

export function toJsonParts(
  cameraId: string,
  options: UsualOptions,
  grid: Grid,
  refs: References,
  calibration: Calibration,
  objects: ObjectRefs | undefined,
): UsualModelJson {
  return {
    kind: 'vigie.unusual',
    version: 2,
    cameraId,
    options,
    grid,
    // Four significant digits are plenty for a ratio threshold and keep the file small.
    references: Array.from(refs.value, (v) => Number(v.toPrecision(4))),
    samples: Array.from(refs.samples),
    ...(objects && { objects }),
    calibration,
  };
}

export function fromJsonParts(json: UsualModelJson): {
  options: UsualOptions;
  grid: Grid;
  refs: References;
  objectRefs: ObjectRefs | undefined;
  calibration: Calibration;
} {
  if (json?.kind !== 'vigie.unusual' || (json.version !== 1 && json.version !== 2)) {
    throw new Error('unusual: not a version 1 or 2 model');
  }
  const n = 2 * cellCount(json.grid);
  if (json.references.length !== n || json.samples.length !== n) throw new Error('unusual: model size mismatch');
  if (json.references.some((v) => !(v > 0))) throw new Error('unusual: references must be positive');
  const o = json.objects;
  if (o && (!(o.speed['*']! > 0) || !(o.size['*']! > 0))) throw new Error('unusual: object references incomplete');
  return {
    // A version 1 file predates the object settings: theirs are the defaults (unused without object references).
    options: { ...DEFAULT_USUAL_OPTIONS, ...json.options },
    grid: json.grid,
    refs: { value: Float32Array.from(json.references), samples: Uint32Array.from(json.samples) },
    objectRefs: o,
    // A version 1 threshold is on the flow cue's raw scale.
    calibration: json.version === 1 ? { ...json.calibration, flowNorm: 1 } : json.calibration,
  };
}
