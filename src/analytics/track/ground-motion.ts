// A track's position and velocity on the ground (metres, m/s, heading) through a calibrated camera's homography.
import { type Box, boxFootPoint } from '../geometry/box.js';
import { type Homography, headingDeg } from '../geometry/homography.js';
import type { GroundMotion } from './track-types.js';

/**
 * Ground motion of the box's bottom-centre (where a person or vehicle touches the ground), moving at `footVelocity`
 * px/s; undefined when that point is on or above the calibration's horizon (it has no ground position).
 */
export function groundMotion(
  box: Box,
  footVelocity: readonly [number, number],
  homography: Homography,
): GroundMotion | undefined {
  const [fx, fy] = boxFootPoint(box);
  try {
    const [x, y] = homography.imageToGround(fx, fy);
    const [vx, vy] = homography.groundVelocity(fx, fy, footVelocity[0], footVelocity[1]);
    if (![x, y, vx, vy].every(Number.isFinite)) return undefined;
    return { x, y, vx, vy, speedMps: Math.hypot(vx, vy), headingDeg: headingDeg(vx, vy) };
  } catch {
    return undefined;
  }
}
