// Clothing colour of a tracked box (torso and legs, each a coarse luma × chroma histogram): lets the tracker keep
// two people who cross apart. Not biometric: no face, no body shape, kept only in memory for the track's life.
import type { Frame } from '../../media/frames/frame.js';
import type { Box } from '../geometry/box.js';

// Bins per part: luma in 4, each chroma axis in 5 (fine near grey, where most clothing under street light lies).
const YB = 4;
const C_EDGES = [116, 124, 132, 140];
const CB = C_EDGES.length + 1;
const PART_BINS = YB * CB * CB;
/** Torso then legs, as fractions of the box height; the middle 60 % of the width (less background at the sides). */
const PARTS: readonly (readonly [number, number])[] = [
  [0.15, 0.5],
  [0.5, 0.9],
];
const X0 = 0.2;
const X1 = 0.8;
export const APPEARANCE_LENGTH = PART_BINS * PARTS.length;

const Y_BIN = new Uint8Array(256).map((_, v) => Math.min(YB - 1, Math.max(0, Math.floor(((v - 16) * YB) / 220))));
const C_BIN = new Uint8Array(256).map((_, v) => C_EDGES.filter((e) => v >= e).length);

/** The box's colour descriptor (each part's histogram sums to 1; a part with no pixel stays zero). */
export function boxAppearance(frame: Frame, box: Readonly<Box>): Float32Array {
  const out = new Float32Array(APPEARANCE_LENGTH);
  const { width, height } = frame;
  const x0 = clamp(Math.round(box[0] + X0 * box[2]), width);
  const x1 = clamp(Math.round(box[0] + X1 * box[2]), width);
  for (const [pi, [a, b]] of PARTS.entries()) {
    const y0 = clamp(Math.round(box[1] + a * box[3]), height);
    const y1 = clamp(Math.round(box[1] + b * box[3]), height);
    const base = pi * PART_BINS;
    const part = frame.format === 'rgb24' ? rgbPart : yuvPart;
    const n = part(frame, out, base, x0, x1, y0, y1);
    if (n > 0) for (let i = base; i < base + PART_BINS; i++) out[i]! /= n;
  }
  return out;
}

function clamp(v: number, max: number): number {
  return Math.max(0, Math.min(v, max));
}

function yuvPart(f: Frame, out: Float32Array, base: number, x0: number, x1: number, y0: number, y1: number): number {
  const d = f.data;
  const cw = f.width >> 1;
  const uOff = f.width * f.height;
  const vOff = uOff + (uOff >> 2);
  for (let y = y0; y < y1; y++) {
    const row = y * f.width;
    const crow = (y >> 1) * cw;
    for (let x = x0; x < x1; x++) {
      const c = crow + (x >> 1);
      out[base + (Y_BIN[d[row + x]!]! * CB + C_BIN[d[uOff + c]!]!) * CB + C_BIN[d[vOff + c]!]!]!++;
    }
  }
  return Math.max(0, (x1 - x0) * (y1 - y0));
}

function rgbPart(f: Frame, out: Float32Array, base: number, x0: number, x1: number, y0: number, y1: number): number {
  const d = f.data;
  for (let y = y0; y < y1; y++) {
    for (let x = x0, p = (y * f.width + x0) * 3; x < x1; x++, p += 3) {
      const r = d[p]!;
      const g = d[p + 1]!;
      const b = d[p + 2]!;
      // BT.601 limited range, as the decoder's yuv420p would hold.
      const yy = (66 * r + 129 * g + 25 * b + 4224) >> 8;
      const u = (-38 * r - 74 * g + 112 * b + 32896) >> 8;
      const v = (112 * r - 94 * g - 18 * b + 32896) >> 8;
      out[base + (Y_BIN[yy]! * CB + C_BIN[u]!) * CB + C_BIN[v]!]!++;
    }
  }
  return Math.max(0, (x1 - x0) * (y1 - y0));
}

/** The distance that says nothing: halfway between same colours and none in common. */
export const NO_OPINION = 0.5;

/**
 * How unlike two descriptors are, 0 (same colours) to 1 (nothing in common): the Hellinger distance of each part's
 * histograms, averaged over the parts both have; 0.5 (no opinion) when they share none.
 */
export function appearanceDistance(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  let parts = 0;
  for (let base = 0; base < APPEARANCE_LENGTH; base += PART_BINS) {
    let bc = 0;
    let ma = 0;
    let mb = 0;
    for (let i = base; i < base + PART_BINS; i++) {
      bc += Math.sqrt(a[i]! * b[i]!);
      ma += a[i]!;
      mb += b[i]!;
    }
    if (ma === 0 || mb === 0) continue;
    sum += Math.sqrt(Math.max(0, 1 - bc / Math.sqrt(ma * mb)));
    parts++;
  }
  return parts === 0 ? NO_OPINION : sum / parts;
}

/** `into` moved towards `sample` by `rate` (an exponential average: a track's look drifts slowly). */
export function blendAppearance(into: Float32Array, sample: Float32Array, rate: number): void {
  for (let i = 0; i < into.length; i++) into[i] = into[i]! + rate * (sample[i]! - into[i]!);
}
