// One candidate object followed over time: where it is, how old its pixels are, who was around it.
import type { Box } from '../geometry/box.js';
import type { Appearance } from './appearance.js';
import { attends, coveredBy, type LightVerdict } from './blob-checks.js';

export interface Raised {
  /** ptsMs when the event started (raised). */
  at: number;
  /** Estimated ptsMs when the object appeared (now − its static age at raise time). */
  startedAt: number;
  /** Event box, analysis pixels, frozen at raise time. */
  box: Box;
  /** The region's pixels at raise time: whether they still differ from the background says if it is still there. */
  pixels: number[];
  score: number;
  absentSince?: number;
  details: Record<string, number | string | boolean>;
}

export class ObjectTrack {
  box: Box;
  lastSeen: number;
  /** Median static age of its pixels, seconds. */
  age = 0;
  area = 0;
  /** Share of recent time a person box covered it (smoothed): high for people standing or sitting still. */
  personShare: number | undefined;
  coveredNow = false;
  lastAttendedAt = Number.NEGATIVE_INFINITY;
  attendedEver = false;
  verified = false;
  raised: Raised | undefined;
  /** Once verified (followLook): its look then, by which it is followed from then on instead of by its blob. */
  look: Appearance | undefined;
  /** With a look: estimated ptsMs it was put down; its age runs from then on its own clock. */
  since = 0;
  /** With a look: when it was last seen as itself (not hidden, not gone). */
  seenAt = 0;
  /** With a look: ms the ground has been seen in its box, nobody over it, since it was last seen as itself. */
  groundMs = 0;
  /** The checks that verified it (outline, lighting), for the event's score and details. */
  checks: { edge: number; light: LightVerdict } | undefined;

  constructor(
    readonly id: number,
    box: Box,
    t: number,
  ) {
    this.box = box;
    this.lastSeen = t;
  }

  /**
   * Blob seen again this frame: new geometry and age, and the people staying around it (`lingering`: those still
   * about where they were a few seconds ago; passers-by are left out).
   */
  observe(box: Box, area: number, age: number, t: number, dt: number, lingering: Box[], o: ObserveOptions): void {
    this.box = box;
    this.area = area;
    this.age = age;
    this.lastSeen = t;
    this.attend(t, dt, lingering, o);
  }

  /** The people staying around it this frame: covering it (a person standing still) or near it (its owner). */
  attend(t: number, dt: number, lingering: Box[], o: ObserveOptions): void {
    const box = this.look?.box ?? this.box;
    // Covered by someone staying there (a person standing or sitting still is the static region); a passer-by
    // walking over an object does not count, the object's age is held meanwhile.
    this.coveredNow = lingering.some((p) => coveredBy(box, p) >= o.personCoverShare);
    const c = this.coveredNow ? 1 : 0;
    // Smoothed over half the static time: a person detected on most frames stays "a person" through misses.
    const a = Math.min(1, dt / Math.max(1, o.staticSeconds / 2));
    this.personShare = this.personShare === undefined ? c : this.personShare + a * (c - this.personShare);
    if (lingering.some((p) => attends(box, p, o.ownerDistance))) {
      this.lastAttendedAt = t;
      this.attendedEver = true;
    }
  }
}

export interface ObserveOptions {
  personCoverShare: number;
  staticSeconds: number;
  ownerDistance: number;
}

/** Share of the smaller box that the two boxes have in common. */
export function overlap(a: Box, b: Box): number {
  const iw = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const ih = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  return iw > 0 && ih > 0 ? (iw * ih) / Math.max(1, Math.min(a[2] * a[3], b[2] * b[3])) : 0;
}

/** Median of the ages of the given pixels, seconds. */
export function medianAge(age: Float32Array, pixels: readonly number[]): number {
  if (pixels.length === 0) return 0;
  const v = Float32Array.from(pixels, (i) => age[i]!).sort();
  return v[v.length >> 1]!;
}
