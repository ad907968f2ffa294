// SYNTHETIC turbulent flames (RGBA overlays, made here frame by frame) for the fire evaluation and tests: no fire
// footage exists in the datasets. Unlike the first `flame` overlay they vary in what a detector could overfit to:
// several tongues whose heights follow broadband noise in continuous time (components from 0.4 to 11 Hz, so a 5 fps
// camera sees them aliased, as it would a real flame), heat advected upwards by 3-D value noise, palettes from deep
// red to yellow-white (saturated white cores are NOT flame-coloured, as in real footage), sizes up to 30 % of the
// view, present from the first frame or appearing mid-clip. Still a model: real fires need real footage.
import type { Overlay } from './overlays.js';

export type FlamePalette = 'deep-red' | 'orange' | 'yellow-white';

export interface FlameSpec {
  /** Seconds into the clip the flame appears (0: in view from the first frame). */
  t0: number;
  /** Base centre, fractions of the frame. */
  bx: number;
  by: number;
  /** Final flame height as a fraction of the frame height. */
  height: number;
  /** Width of the burning base relative to the height (a wide fire is a row of tongues). */
  aspect: number;
  /** Seconds to grow from 30 % to full size (0: full size at once). */
  growSeconds: number;
  palette: FlamePalette;
  seed: number;
}

function hash(x: number, y: number, z: number, s: number): number {
  let n = (x * 374761393 + y * 668265263 + z * 1274126177 + s * 2246822519) | 0;
  n = Math.imul(n ^ (n >>> 13), 1274126177);
  n = Math.imul(n ^ (n >>> 15), 668265263);
  return ((n ^ (n >>> 16)) >>> 0) / 4294967296;
}

const smooth = (f: number) => f * f * (3 - 2 * f);

/** Trilinear value noise in [0, 1] (z is continuous time scaled by a rate: smooth in time, turbulent in space). */
function noise3(x: number, y: number, z: number, s: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const z0 = Math.floor(z);
  const fx = smooth(x - x0);
  const fy = smooth(y - y0);
  const fz = smooth(z - z0);
  const l = (dz: number) => {
    const a = hash(x0, y0, z0 + dz, s) * (1 - fx) + hash(x0 + 1, y0, z0 + dz, s) * fx;
    const b = hash(x0, y0 + 1, z0 + dz, s) * (1 - fx) + hash(x0 + 1, y0 + 1, z0 + dz, s) * fx;
    return a * (1 - fy) + b * fy;
  };
  return l(0) * (1 - fz) + l(1) * fz;
}

/** 1-D broadband signal in [-1, 1]: value noise at rates 0.4..11 Hz with falling weights (no single frequency). */
function flickerSignal(t: number, s: number): number {
  let v = 0;
  let norm = 0;
  for (const [hz, w] of [
    [0.4, 1],
    [1.3, 0.8],
    [3.1, 0.7],
    [6.7, 0.5],
    [11, 0.4],
  ] as const) {
    v += w * (2 * noise3(hz * t, 0, 0, s + hz * 100) - 1);
    norm += w;
  }
  return v / norm;
}

const PALETTES: Record<FlamePalette, [number, number[]][]> = {
  // heat stops (0..1) and their colours: the hottest parts of bright flames clip to near white.
  'deep-red': [
    [0, [150, 25, 8]],
    [0.5, [215, 55, 12]],
    [1, [255, 110, 25]],
  ],
  orange: [
    [0, [200, 55, 8]],
    [0.5, [255, 140, 25]],
    [1, [255, 215, 110]],
  ],
  'yellow-white': [
    [0, [235, 110, 20]],
    [0.45, [255, 200, 70]],
    [0.8, [255, 240, 190]],
    [1, [255, 252, 240]],
  ],
};

function colour(p: FlamePalette, heat: number): number[] {
  const stops = PALETTES[p];
  const h = Math.min(1, Math.max(0, heat));
  for (let i = 1; i < stops.length; i++) {
    const [h1, c1] = stops[i]!;
    const [h0, c0] = stops[i - 1]!;
    if (h <= h1) return c0.map((c, k) => Math.round(c + ((c1[k]! - c) * (h - h0)) / (h1 - h0)));
  }
  return stops[stops.length - 1]![1];
}

/** A turbulent flame as an overlay (pixels outside it transparent). */
export function turbulentFlame(f: FlameSpec): Overlay {
  const tongues = Math.max(1, Math.round(f.aspect * 3));
  return (t, w, h, rgba) => {
    if (t < f.t0) return;
    const age = t - f.t0;
    const grow = f.growSeconds > 0 ? 0.3 + 0.7 * Math.min(1, age / f.growSeconds) : 1;
    const H = f.height * h * grow;
    const W = H * f.aspect;
    const cx = f.bx * w;
    const base = f.by * h;
    const px = Math.max(1, H / 14); // turbulence scale follows the flame size (same look at every size)
    // Each tongue's height and lean follow their own broadband signal.
    const tongue = Array.from({ length: tongues }, (_, i) => ({
      x: cx + W * ((i + 0.5) / tongues - 0.5),
      hgt: H * (0.75 + 0.35 * flickerSignal(t, f.seed * 31 + i)),
      lean: 0.25 * flickerSignal(t + 17, f.seed * 53 + i),
    }));
    const half = W / 2 / tongues + H * 0.25;
    const top = Math.max(0, Math.floor(base - H * 1.25));
    for (let y = top; y < Math.min(h, Math.ceil(base + px)); y++) {
      for (let x = Math.max(0, Math.floor(cx - W / 2 - half)); x < Math.min(w, Math.ceil(cx + W / 2 + half)); x++) {
        // Heat advected upwards: fine noise moving fast, coarse noise slower.
        const turb =
          0.6 * noise3(x / px, (y + age * H * 1.2) / px, age * 9, f.seed) +
          0.4 * noise3(x / (3 * px), (y + age * H * 0.6) / (3 * px), age * 2.5, f.seed + 7);
        let heat = 0;
        for (const g of tongue) {
          const v = (base - y) / g.hgt; // 0 at the base, 1 at this tongue's tip
          if (v < -0.08 || v > 1.3) continue;
          const sway = g.lean * v * g.hgt + (turb - 0.5) * px * 2 * v;
          const width = (W / tongues / 2 + H * 0.12) * Math.max(0, 1 - v) ** 0.6;
          const u = Math.abs(x - g.x - sway) / Math.max(1e-3, width);
          heat = Math.max(heat, 1 - 0.8 * v - 0.7 * u * u + (turb - 0.5) * 0.8);
        }
        if (heat < 0.12) continue;
        const c = colour(f.palette, heat);
        const i = (y * w + x) * 4;
        rgba[i] = c[0]!;
        rgba[i + 1] = c[1]!;
        rgba[i + 2] = c[2]!;
        rgba[i + 3] = heat < 0.22 ? 150 : 255; // a thin translucent fringe
      }
    }
  };
}
