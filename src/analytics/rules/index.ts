// Scene rules: zone / line / calibration configuration and the rules engine (judging it: src/eval/rules).
export * from './crowd-density.js';
export * from './intrusion-rule.js';
export * from './rule-schema.js';
export * from './rule-types.js';
export * from './scene-config.js';
export * from './scene-rules.js';
export * from './scene-schema.js';
export * from './situations.js';
export * from './wrong-way-line.js';
export * from './wrong-way-zone.js';
export * from './zone-depth.js';
