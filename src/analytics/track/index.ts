// Multi-object tracking: ByteTrack-style tracker, its Kalman filter and the assignment solver.
export * from './box-kalman.js';
export * from './ground-motion.js';
export * from './hungarian.js';
export * from './track-types.js';
export * from './tracker.js';
