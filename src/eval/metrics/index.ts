// Evaluation of the analytics: MOT files, CLEAR MOT and identity metrics, detection AP, counts, events, plots.
export * from './clear-mot.js';
export * from './counting.js';
export * from './detection-ap.js';
export * from './event-match.js';
export * from './identity.js';
export * from './ignore-regions.js';
export * from './mot-format.js';
export * from './svg-plot.js';
