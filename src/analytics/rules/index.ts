// Scene rules: zone / line / calibration configuration, the rules engine, and how to judge it against the truth.
export * from './crowd-density.js';
export * from './intrusion-rule.js';
export * from './rule-schema.js';
export * from './rule-types.js';
export * from './scene-config.js';
export * from './scene-rules.js';
export * from './scene-schema.js';
export * from './situation-match.js';
export * from './situations.js';
export * from './track-id-map.js';
export * from './truth-events.js';
export * from './wrong-way-line.js';
export * from './wrong-way-zone.js';
export * from './zone-depth.js';
