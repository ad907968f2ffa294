// SYNTHETIC flow fields for unit tests: constructed "people" (small rectangles) with chosen velocities, painted into
// a flow field and a pair of frames that differ where they are (no optical flow is computed).
import type { FlowField } from '../../../src/analytics/crowd/flow.js';

export interface Walker {
  x: number;
  y: number;
  /** Velocity, analysis px/s (y downwards). */
  vx: number;
  vy: number;
}

export const W = 160;
export const H = 120;
const PW = 5;
const PH = 10;

/** A field where each walker covers a 5x10 block moving at its velocity; elsewhere still and unchanged. */
export function fieldOf(walkers: readonly Walker[], dtMs = 143, width = W, height = H): FlowField {
  const flow = new Float32Array(width * height * 2);
  const ref = new Uint8Array(width * height).fill(100);
  const cur = new Uint8Array(width * height).fill(100);
  for (const w of walkers) {
    for (let y = Math.round(w.y); y < Math.round(w.y) + PH; y++) {
      for (let x = Math.round(w.x); x < Math.round(w.x) + PW; x++) {
        if (x < 0 || y < 0 || x >= width || y >= height) continue;
        const i = y * width + x;
        flow[2 * i] = (w.vx * dtMs) / 1000;
        flow[2 * i + 1] = (w.vy * dtMs) / 1000;
        cur[i] = 160;
      }
    }
  }
  return { width, height, flow, dtMs, ref, cur };
}

/** Deterministic pseudo-random numbers in [0, 1) (tests must not flake). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** `n` walkers spread over the picture, all heading `angle` (radians, screen y down) at about `speed` px/s. */
export function stream(n: number, speed: number, angle: number, r: () => number): Walker[] {
  return Array.from({ length: n }, () => {
    const s = speed * (0.8 + 0.4 * r());
    return { x: r() * (W - 5), y: r() * (H - 10), vx: s * Math.cos(angle), vy: s * Math.sin(angle) };
  });
}

/** Walkers on rings around (cx, cy), moving radially: outward when `speed` > 0, inward when < 0. */
export function radial(cx: number, cy: number, speed: number): Walker[] {
  const out: Walker[] = [];
  for (const rad of [12, 22]) {
    for (let k = 0; k < 12; k++) {
      const a = (2 * Math.PI * k) / 12;
      out.push({
        x: cx + rad * Math.cos(a) - 2,
        y: cy + rad * Math.sin(a) - 5,
        vx: speed * Math.cos(a),
        vy: speed * Math.sin(a),
      });
    }
  }
  return out;
}
