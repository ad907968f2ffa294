// Geometry for the analytics: boxes, zones and lines, and the image ↔ ground homography.
export * from './box.js';
export * from './homography.js';
export * from './linear-solve.js';
export * from './polygon.js';
export * from './segment.js';
