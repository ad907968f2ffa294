// Unusual situations, learned per camera: public surface of the library.
export type { Calibration } from './calibrate.js';
export { type UnusualCell, UsualModel, type UsualScore } from './model.js';
export { DEFAULT_USUAL_OPTIONS, type UsualOptions } from './options.js';
export type { UnusualFeature } from './reasons.js';
export { operatingPoint, type RocPoint, rocAuc, rocCurve } from './roc.js';
export type { UsualModelJson } from './serialize.js';
