// Checks on a candidate region of static foreground: is it a ghost (something removed), a light change, a person?
// All in analysis pixels; boxes are [left, top, width, height].
import type { Box } from '../geometry/box.js';

/** Indices of the mask's pixels inside the box. */
export function pixelsIn(mask: Uint8Array, width: number, box: Box): number[] {
  const out: number[] = [];
  for (let y = box[1]; y < box[1] + box[3]; y++) {
    for (let x = box[0]; x < box[0] + box[2]; x++) if (mask[y * width + x]) out.push(y * width + x);
  }
  return out;
}

/** |dx| + |dy| by central differences (0 on the picture's border). */
function grad(img: ArrayLike<number>, i: number, width: number, scale: number): number {
  return (Math.abs(img[i + 1]! - img[i - 1]!) + Math.abs(img[i + width]! - img[i - width]!)) * scale;
}

/**
 * Edge strength along the region's contour in the picture over that in the background. An object left on the
 * ground brings its outline (ratio ≳ 1); a ghost (the background model still holds something that has gone, e.g. a
 * person in the first frame) has its outline in the model and not in the picture (ratio < 1).
 */
export function contourEdgeRatio(
  gray: Uint8Array,
  long: Float32Array,
  gain: number,
  mask: Uint8Array,
  width: number,
  height: number,
  box: Box,
): number {
  let sp = 0;
  let sb = 0;
  const x0 = Math.max(1, box[0] - 1);
  const y0 = Math.max(1, box[1] - 1);
  const x1 = Math.min(width - 2, box[0] + box[2]);
  const y1 = Math.min(height - 2, box[1] + box[3]);
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const i = y * width + x;
      const m = mask[i]!;
      // Contour band: pixels whose 4-neighbourhood mixes region and outside, on both sides of the outline.
      if (m === mask[i - 1] && m === mask[i + 1] && m === mask[i - width] && m === mask[i + width]) continue;
      sp += grad(gray, i, width, 1);
      sb += grad(long, i, width, gain);
    }
  }
  return sp / Math.max(1, sb);
}

export interface LightVerdict {
  light: boolean;
  /** Correlation of picture and background over the region (texture kept: lighting). */
  correlation: number;
  /** Mean |picture − background| over the region, gray levels. */
  contrast: number;
}

/**
 * A shadow or a lamp changes the brightness of the ground but keeps its texture; an object hides it. Textureless
 * ground (std < 4 levels): a textureless change of moderate ratio (0.45..1.6) is taken as lighting.
 */
export function lightingCheck(
  gray: Uint8Array,
  long: Float32Array,
  gain: number,
  pixels: readonly number[],
  minCorrelation: number,
): LightVerdict {
  const n = Math.max(1, pixels.length);
  let sp = 0;
  let sb = 0;
  for (const i of pixels) {
    sp += gray[i]!;
    sb += long[i]! * gain;
  }
  const mp = sp / n;
  const mb = sb / n;
  let vp = 0;
  let vb = 0;
  let cov = 0;
  let diff = 0;
  for (const i of pixels) {
    const a = gray[i]! - mp;
    const b = long[i]! * gain - mb;
    vp += a * a;
    vb += b * b;
    cov += a * b;
    diff += Math.abs(gray[i]! - long[i]! * gain);
  }
  const stdP = Math.sqrt(vp / n);
  const stdB = Math.sqrt(vb / n);
  const correlation = stdP > 0 && stdB > 0 ? cov / Math.sqrt(vp * vb) : 0;
  const ratio = mp / Math.max(1, mb);
  const flat = stdB < 4 && stdP < 4 && ratio > 0.45 && ratio < 1.6;
  return { light: flat || (stdB >= 4 && correlation >= minCorrelation), correlation, contrast: diff / n };
}

/** Share of box `a` inside box `b`. */
export function coveredBy(a: Box, b: Box): number {
  const iw = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const ih = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  return iw > 0 && ih > 0 ? (iw * ih) / Math.max(1, a[2] * a[3]) : 0;
}

/**
 * Whether person box `now` is the same person as `before` who has not walked off: centres within 0.3 of the box
 * height (walking is ~0.8 heights per second, so 3 s apart a walker is several heights away), similar size.
 */
export function stayed(now: Box, before: Box): boolean {
  const h = Math.max(now[3], before[3]);
  const dx = now[0] + now[2] / 2 - (before[0] + before[2] / 2);
  const dy = now[1] + now[3] / 2 - (before[1] + before[3] / 2);
  return Math.hypot(dx, dy) <= 0.3 * h && Math.min(now[3], before[3]) >= 0.7 * h;
}

/** Whether the person (box) is close enough to the object to be attending it: distance in the person's heights. */
export function attends(object: Box, person: Box, ownerDistance: number): boolean {
  const dx = object[0] + object[2] / 2 - (person[0] + person[2] / 2);
  // The person's feet against the object's centre: an object is on the ground beside whoever brought it.
  const dy = object[1] + object[3] / 2 - (person[1] + person[3]);
  return Math.hypot(dx, dy) <= ownerDistance * person[3] || coveredBy(object, person) > 0;
}
