// An object's speed from the optical flow inside its box: measured on the first frame it is seen, and whole even when
// the tracker loses a fast object from frame to frame (a cyclist at 5 fps moves by half its height between frames).
import type { Grid } from './cell-features.js';
import type { ObjectObs } from './objects.js';

/** Share of the box's pixels assumed to be the object: its speed is this upper quantile of the box's motion. */
const OBJECT_SHARE = 0.25;

/**
 * Sets `speed` (frame heights per second) of each observation from `flow` (dx, dy interleaved, analysis pixels per
 * frame, over `dtS` seconds): the box's 75th percentile of motion, so the background around a person weighs nothing.
 */
export function setFlowSpeeds(
  objs: ObjectObs[],
  flow: Float32Array,
  g: Grid,
  frameW: number,
  frameH: number,
  dtS: number,
) {
  const sx = g.width / frameW;
  const sy = g.height / frameH;
  for (const o of objs) {
    const [bx, by, bw, bh] = o.box;
    const x0 = Math.max(0, Math.floor(bx * sx));
    const y0 = Math.max(0, Math.floor(by * sy));
    const x1 = Math.min(g.width, Math.ceil((bx + bw) * sx));
    const y1 = Math.min(g.height, Math.ceil((by + bh) * sy));
    const m: number[] = [];
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const k = 2 * (y * g.width + x);
        m.push(Math.hypot(flow[k]!, flow[k + 1]!));
      }
    }
    if (m.length < 4) continue;
    m.sort((a, b) => a - b);
    const px = m[Math.floor((1 - OBJECT_SHARE) * m.length)]!;
    // Analysis pixels per frame to frame heights per second.
    o.speed = px / g.height / dtS;
  }
}
