// What a found object looks like, kept from the moment it was verified: its box in the picture and, under it, the
// ground (the long-term background) as it was then. Each frame, the box is explained either by the object (still
// there), by the ground (picked up) or by neither (someone in front of it). This follows an object whose blob of
// static pixels thins out (low contrast, a colour close to the ground's, slow lighting drift): per-pixel tests
// flicker at its edges and the object would be lost before its timer ends.
import type { Box } from '../geometry/box.js';

export type Look = 'object' | 'ground' | 'unclear';

/** Ring of ground around the box, this many of the box's smaller side (at least 2 px): the local light meter. */
const RING = 0.5;

export class Appearance {
  /** The object's pixels, in the lighting of the moment it was found (divided by the local gain since). */
  private readonly obj: Float32Array;
  /** The ground under it, from the long-term background (in reference lighting), frozen. */
  private readonly ground: Float32Array;
  private readonly ring: number[] = [];
  /** The ring's pixels when the object was found. */
  private readonly ringRef: Float32Array;
  private readonly ratios: Float32Array;
  /** Mean |object − ground| over the box: how far apart the two explanations are (gray levels). */
  readonly contrast: number;

  constructor(
    readonly box: Box,
    gray: Uint8Array,
    long: Float32Array,
    gain: number,
    private readonly width: number,
    height: number,
  ) {
    const [x0, y0, w, h] = box;
    this.obj = new Float32Array(w * h);
    this.ground = new Float32Array(w * h);
    let c = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = (y0 + y) * width + x0 + x;
        this.obj[y * w + x] = gray[i]!;
        this.ground[y * w + x] = long[i]! * gain;
        c += Math.abs(gray[i]! - long[i]! * gain);
      }
    }
    this.contrast = c / (w * h);
    const r = Math.max(2, Math.round(RING * Math.min(w, h)));
    for (let y = Math.max(0, y0 - r); y < Math.min(height, y0 + h + r); y++) {
      for (let x = Math.max(0, x0 - r); x < Math.min(width, x0 + w + r); x++) {
        if (x < x0 || x >= x0 + w || y < y0 || y >= y0 + h) this.ring.push(y * width + x);
      }
    }
    this.ringRef = Float32Array.from(this.ring, (i) => Math.max(1, gray[i]!));
    this.ratios = new Float32Array(this.ring.length);
  }

  /**
   * Which explains the box now. Local lighting is measured on the ring of ground around it and divided out (a
   * cloud, a lamp warming up, a shadow creeping over the area). The box is the object when it is closer to the
   * object's look than to the ground's and within half their separation of it; the ground likewise; anything else
   * (a person in front of it, a passer-by) is unclear and decides nothing.
   */
  judge(gray: Uint8Array): { look: Look; dObject: number; dGround: number } {
    const g = Math.min(2, Math.max(0.5, this.localGain(gray)));
    const [x0, y0, w, h] = this.box;
    let dObj = 0;
    let dGround = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const p = gray[(y0 + y) * this.width + x0 + x]!;
        dObj += Math.abs(p - this.obj[y * w + x]! * g);
        dGround += Math.abs(p - this.ground[y * w + x]! * g);
      }
    }
    const n = w * h;
    const dObject = dObj / n;
    const dG = dGround / n;
    const half = 0.5 * this.contrast * g;
    const look: Look = dObject < dG && dObject <= half ? 'object' : dG < dObject && dG <= half ? 'ground' : 'unclear';
    return { look, dObject, dGround: dG };
  }

  /**
   * Median over the ring of each pixel's brightness now over then: the light on the ground around the object. The
   * median, because people walk and stand in the ring: a dark coat beside a bag must not read as the light dimming
   * (the ground, dimmed, would then look like a dark bag, and the bag would seem picked up).
   */
  private localGain(gray: Uint8Array): number {
    const r = this.ratios;
    if (r.length === 0) return 1;
    for (let k = 0; k < r.length; k++) r[k] = gray[this.ring[k]!]! / this.ringRef[k]!;
    r.sort();
    return r[r.length >> 1]!;
  }
}
