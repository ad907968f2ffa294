// Person on the ground (a fall): pure analytics on tracker output.
export { GroundDetector, type GroundEvent } from './ground-detector.js';
export { type GroundOptions, type GroundOptionsInput, GroundOptionsSchema } from './ground-options.js';
