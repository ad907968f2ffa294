// SYNTHETIC overlays (RGBA, generated here, frame by frame) pasted by ffmpeg onto real footage: a procedural flame,
// an orange blinking beacon, orange and blue rotating beacons, a headlight pair crossing. No real fire exists in the
// datasets; these are constructed cases and are labelled as such in the tests.

export type Overlay = (t: number, w: number, h: number, rgba: Uint8Array) => void;

// Deterministic hash noise (same clip on every run).
function hash(x: number, y: number, z: number): number {
  let n = (x * 374761393 + y * 668265263 + z * 2147483647) | 0;
  n = Math.imul(n ^ (n >>> 13), 1274126177);
  return ((n ^ (n >>> 16)) >>> 0) / 4294967296;
}

/** Smooth value noise in [0, 1]: bilinear between lattice points `cell` apart, layer `z`. */
function noise(x: number, y: number, z: number, cell: number): number {
  const gx = x / cell;
  const gy = y / cell;
  const x0 = Math.floor(gx);
  const y0 = Math.floor(gy);
  const fx = gx - x0;
  const fy = gy - y0;
  const a = hash(x0, y0, z) * (1 - fx) + hash(x0 + 1, y0, z) * fx;
  const b = hash(x0, y0 + 1, z) * (1 - fx) + hash(x0 + 1, y0 + 1, z) * fx;
  return a * (1 - fy) + b * fy;
}

function put(rgba: Uint8Array, w: number, x: number, y: number, c: readonly number[], alpha = 1): void {
  const i = (y * w + x) * 4;
  rgba[i] = c[0]!;
  rgba[i + 1] = c[1]!;
  rgba[i + 2] = c[2]!;
  rgba[i + 3] = Math.round(255 * alpha);
}

function disc(rgba: Uint8Array, w: number, h: number, cx: number, cy: number, r: number, c: number[], alpha = 1) {
  for (let y = Math.max(0, Math.floor(cy - r)); y <= Math.min(h - 1, Math.ceil(cy + r)); y++) {
    for (let x = Math.max(0, Math.floor(cx - r)); x <= Math.min(w - 1, Math.ceil(cx + r)); x++) {
      if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) put(rgba, w, x, y, c, alpha);
    }
  }
}

/**
 * A flame from `t0`: its base at (bx, by) (fractions of the frame), growing from ~6 % to ~22 % of the frame height
 * over 12 s, its outline and heat made of rising noise re-drawn every frame (irregular flicker, no single frequency).
 */
export function flame(t0: number, bx: number, by: number): Overlay {
  return (t, w, h, rgba) => {
    if (t < t0) return;
    const frame = Math.round(t * 100);
    const grow = Math.min(1, (t - t0) / 12);
    const tall = h * (0.06 + 0.16 * grow) * (0.85 + 0.3 * hash(frame, 7, 3));
    const wide = tall * 0.7;
    const cx = bx * w;
    const base = by * h;
    for (let y = Math.max(0, Math.floor(base - tall * 1.3)); y < Math.min(h, base + 2); y++) {
      for (let x = Math.max(0, Math.floor(cx - wide)); x < Math.min(w, cx + wide); x++) {
        const v = (base - y) / tall; // 0 at the base, 1 at the nominal top
        const u = Math.abs(x - cx) / (wide * 0.5 * (1 - 0.6 * Math.min(1, Math.max(0, v))));
        const turb = noise(x, y + t * 40, frame, 4) * 0.6 + noise(x, y + t * 25, frame + 1, 9) * 0.4;
        const heat = 1 - v - u * u * 0.6 + (turb - 0.5) * 0.9;
        if (v < -0.05 || heat < 0.15) continue;
        const c =
          heat > 0.75
            ? [255, 235, 150]
            : heat > 0.45
              ? [255, 150 + 80 * (heat - 0.45), 30]
              : [230, 70 + 150 * heat, 10];
        put(rgba, w, x, y, c, heat < 0.25 ? 0.7 : 1);
      }
    }
  };
}

/** An orange disc on half of each period, at `hz` (a warning beacon seen as a blink). */
export const blinkingBeacon =
  (hz: number, bx: number, by: number): Overlay =>
  (t, w, h, rgba) => {
    if ((t * hz) % 1 < 0.5) disc(rgba, w, h, bx * w, by * h, h * 0.03, [255, 140, 0]);
  };

/** A rotating beacon: brightness swept smoothly by the turning mirror, a glow always left. */
export const rotatingBeacon =
  (hz: number, bx: number, by: number, colour: number[]): Overlay =>
  (t, w, h, rgba) => {
    const k = 0.35 + 0.65 * Math.cos(Math.PI * hz * t) ** 2;
    disc(
      rgba,
      w,
      h,
      bx * w,
      by * h,
      h * (0.025 + 0.015 * k),
      colour.map((c) => Math.round(c * k)),
    );
  };

/** A car's headlight pair (white cores, warm halo, dark body) crossing the frame every `every` seconds. */
export const headlights =
  (every: number, by: number): Overlay =>
  (t, w, h, rgba) => {
    const x = ((t % every) / every) * (w + 80) - 60;
    const y = by * h;
    for (let yy = Math.round(y - 10); yy < y + 8; yy++) {
      for (let xx = Math.max(0, Math.round(x)); xx < Math.min(w, x + 50); xx++) put(rgba, w, xx, yy, [40, 40, 45]);
    }
    for (const dx of [8, 42]) {
      disc(rgba, w, h, x + dx, y, 6, [255, 235, 190], 0.6);
      disc(rgba, w, h, x + dx, y, 3.5, [255, 255, 245]);
    }
  };

/**
 * A warm-white street lamp (a saturated white core in a warm halo, as a flame's core is in its colours), steady but
 * for the small frame-to-frame brightness beat of mains flicker sampled by the camera.
 */
export const streetLamp =
  (bx: number, by: number): Overlay =>
  (t, w, h, rgba) => {
    const k = 0.96 + 0.04 * Math.sin(2 * Math.PI * 7.3 * t) * Math.sin(2 * Math.PI * 2.9 * t);
    disc(
      rgba,
      w,
      h,
      bx * w,
      by * h,
      h * 0.045,
      [255, 185, 100].map((c) => Math.round(c * k)),
      0.7,
    );
    disc(rgba, w, h, bx * w, by * h, h * 0.025, [255, 250, 235]);
  };
