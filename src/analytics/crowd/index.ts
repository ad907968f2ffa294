// Crowd movement detection (surge, dispersal, convergence, counter-flow) from dense optical flow.
export { CrowdMovementDetector } from './detector.js';
export { analyseField, type FieldParams, type FieldStats } from './field-analysis.js';
export { FlowEstimator, type FlowField } from './flow.js';
export { type CrowdMovementOptions, type CrowdMovementOptionsInput, CrowdMovementOptionsSchema } from './options.js';
export { counterFlowPattern, radialPattern, surgePattern } from './patterns.js';
export { CROWD_SUB_KINDS, type CrowdMovementEvent, type CrowdSubKind, type Region } from './types.js';
