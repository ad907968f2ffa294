// Fire start: pure analytics on rgb24 frames.
export { FireDetector, type FireEvent } from './fire-detector.js';
export { type FireOptions, type FireOptionsInput, FireOptionsSchema } from './fire-options.js';
