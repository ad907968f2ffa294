// Per-camera abandoned-object detector: static foreground of a dual background model, grouped into candidate
// objects, raised as `abandoned_object` once static for staticSeconds with nobody on it or near it, ended when the
// object is picked up (its pixels look like the background again) or has been there so long it becomes background.
import type { Frame } from '../../media/frames/frame.js';
import type { Box } from '../geometry/box.js';
import { connectedComponents } from '../motion/components.js';
import { analysisSize, frameGray, type GrayImage } from '../motion/downscale.js';
import { close } from '../motion/morphology.js';
import { type AbandonedOptions, type AbandonedOptionsInput, AbandonedOptionsSchema } from './abandoned-options.js';
import { Appearance } from './appearance.js';
import { contourEdgeRatio, coveredBy, lightingCheck, pixelsIn, stayed } from './blob-checks.js';
import { DualBackground } from './dual-background.js';
import { medianAge, ObjectTrack, overlap } from './object-track.js';
import { raisedState, readyToRaise } from './raise.js';

export interface PersonBox {
  cls?: string;
  /** [left, top, width, height] in frame pixels. */
  box: readonly number[];
}

export interface AbandonedEvent {
  kind: 'abandoned_object';
  phase: 'start' | 'end';
  cameraId: string;
  /** Same id on the start and end events of one object. */
  objectId: number;
  /** Estimated ptsMs when the object was put down (its static age subtracted from the moment it was raised). */
  startedAt: number;
  /** End events: ptsMs of the frame that ended it. */
  endedAt?: number;
  /** 0..1: how clearly an object (contrast, own outline) and how clearly nobody's (person share). */
  score: number;
  /** [left, top, width, height] in frame pixels. */
  box: Box;
  details: Record<string, number | string | boolean>;
}

export class AbandonedObjectDetector {
  readonly options: AbandonedOptions;
  private readonly bg: DualBackground;
  private tracks: ObjectTrack[] = [];
  private nextId = 1;
  private gray: GrayImage | undefined;
  private cameraId = '';
  private size = '';
  private lastT = 0;
  private scale = 1;
  /** Whether bg.hold marks anything (cleared only then: the blob-only method pays nothing for it). */
  private holding = false;
  /** Person boxes of the last 4 s (analysis pixels), to tell people staying from people passing. */
  private history: { t: number; boxes: Box[] }[] = [];

  constructor(opts: AbandonedOptionsInput = {}) {
    this.options = AbandonedOptionsSchema.parse(opts);
    this.bg = new DualBackground(this.options);
  }

  /** Open (raised, not ended) objects. */
  get active(): number {
    return this.tracks.filter((k) => k.raised).length;
  }

  /** `persons`: the people detected (or tracked) on this frame; other classes are ignored. */
  update(frame: Frame, persons: readonly PersonBox[] = []): AbandonedEvent[] {
    this.cameraId = frame.cameraId;
    const t = frame.ptsMs;
    const dt = Math.max(0, (t - this.lastT) / 1000);
    this.lastT = t;
    const size = `${frame.width}x${frame.height}`;
    const out: AbandonedEvent[] = [];
    if (size !== this.size) out.push(...this.endAll(t, 'resized'));
    this.size = size;
    const { width, height } = analysisSize(frame.width, frame.height, this.options.analysisWidth);
    this.scale = width / frame.width;
    this.gray = frameGray(frame, width, height, this.gray);
    if (this.bg.update(this.gray.data, t, width)) out.push(...this.endAll(t, 'reset'));
    if (this.bg.learning) return out;
    const people = persons.filter((p) => (p.cls ?? 'person') === 'person').map((p) => this.toAnalysis(p.box));
    const lingering = this.lingering(people, t);
    this.observe(width, height, t, dt, lingering);
    for (const k of [...this.tracks]) {
      out.push(...(k.look ? this.followLook(k, t, dt, lingering, people) : this.step(k, t, width, height)));
    }
    this.holdUnderLooks();
    return out;
  }

  /** Candidate regions of this frame matched to the tracks (new tracks for new regions). */
  private observe(width: number, height: number, t: number, dt: number, lingering: Box[]): void {
    const o = this.options;
    const n = width * height;
    const candidate = new Uint8Array(n);
    const age = this.bg.age;
    for (let i = 0; i < n; i++) candidate[i] = age[i]! >= o.candidateSeconds ? 1 : 0;
    // Closing joins the parts of one object split by a stripe of its own texture matching the ground.
    const joined = close(candidate, width, height, 1);
    const minArea = Math.max(4, Math.round(o.minAreaShare * n));
    const free = new Set(this.tracks.filter((k) => k.lastSeen < t));
    for (const blob of connectedComponents(joined, width, height, minArea)) {
      const box = blob.box;
      const pixels = pixelsIn(candidate, width, box);
      if (pixels.length < o.minFill * box[2] * box[3]) continue;
      if (blob.area > o.maxAreaShare * n) {
        // Too large for an object: a light change is let into the background, anything else is left alone.
        const v = lightingCheck(this.gray!.data, this.bg.long, this.bg.gain, pixels, o.lightCorrelation);
        if (v.light) this.bg.absorb(pixels, this.gray!.data);
        continue;
      }
      // Left over from the learning phase (it has differed from the background ever since): learnt now.
      let early = 0;
      for (const i of pixels) early += this.bg.fromLearning[i]!;
      if (early >= 0.5 * pixels.length) {
        this.bg.absorb(pixels, this.gray!.data);
        continue;
      }
      // The blob of an object followed by its look (a part of it, or all of it again): that object, unchanged.
      const held = this.tracks.find((k) => k.look && overlap(k.look.box, box) >= 0.3);
      if (held) {
        held.lastSeen = t;
        continue;
      }
      let best: ObjectTrack | undefined;
      for (const k of free) if (overlap(k.box, box) >= 0.3 && (!best || k.raised)) best = k;
      if (best) free.delete(best);
      else {
        best = new ObjectTrack(this.nextId++, box, t);
        this.tracks.push(best);
      }
      best.observe(box, blob.area, medianAge(age, pixels), t, dt, lingering, o);
    }
  }

  /** Verifies, raises or ends one track. */
  private step(k: ObjectTrack, t: number, width: number, height: number): AbandonedEvent[] {
    const o = this.options;
    const gray = this.gray!.data;
    if (k.raised) return this.follow(k, t);
    if (k.lastSeen < t) {
      // Gone before it was raised (picked up, walked away): forget it after a short grace.
      if (t - k.lastSeen > 1000) this.drop(k);
      return [];
    }
    // Checked once early (ghosts and light patches leave at once) and again when it is about to be raised.
    const verify = !k.verified && k.age >= Math.min(o.staticSeconds, 2 * o.candidateSeconds + 2);
    const ready = readyToRaise(k, t, o);
    if (!verify && !ready) return [];
    const mask = this.candidateMask(k.box, width);
    const pixels = pixelsIn(mask, width, k.box);
    const edge = contourEdgeRatio(gray, this.bg.long, this.bg.gain, mask, width, height, k.box);
    const light = lightingCheck(gray, this.bg.long, this.bg.gain, pixels, o.lightCorrelation);
    if (edge < o.edgeRatio || light.light) {
      // A ghost or a light patch: the background learns it now, so it neither lingers nor comes back.
      this.bg.absorb(pixels, gray);
      this.drop(k);
      return [];
    }
    k.verified = true;
    k.checks = { edge, light };
    if (o.followLook) {
      // From now on the object is followed by its look, not by its blob: a blob that thins out cannot lose it.
      k.look = new Appearance([...k.box], gray, this.bg.long, this.bg.gain, width, height);
      k.since = t - k.age * 1000;
      k.seenAt = t;
    }
    if (!ready) return [];
    return this.raise(k, t, pixels);
  }

  private raise(k: ObjectTrack, t: number, pixels: number[]): AbandonedEvent[] {
    const { edge, light } = k.checks!;
    k.raised = { ...raisedState(k, t, this.options, edge, light), pixels };
    return [this.event('start', k, t)];
  }

  /**
   * An object followed by its look: its age runs on its own clock; it is raised when old enough, unattended and
   * seen as itself now; the ground seen again for endSeconds ends it (picked up), someone in front of it
   * (unclear) changes nothing.
   */
  private followLook(k: ObjectTrack, t: number, dt: number, lingering: Box[], people: Box[]): AbandonedEvent[] {
    const o = this.options;
    const look = k.look!;
    const { look: seen } = look.judge(this.gray!.data);
    k.age = (t - k.since) / 1000;
    k.attend(t, dt, lingering, o);
    if (seen === 'object') {
      k.seenAt = t;
      k.groundMs = 0;
    }
    // Not seen as itself for lostSeconds and never raised: it was not a lasting object (a person who has moved).
    if (!k.raised && t - k.seenAt >= o.lostSeconds * 1000) {
      this.drop(k);
      return [];
    }
    // Picked up: the ground seen for endSeconds with the object never seen meanwhile. Only the ground seen with
    // nobody over the box counts (a person standing at it can make the box look like the ground for a frame or
    // two); a frame hidden (unclear) neither counts nor starts over: people walk over the place where a bag was,
    // and restarting on each of them left a bag picked up on a busy road never ended.
    if (seen === 'ground' && !people.some((p) => coveredBy(look.box, p) > 0)) {
      k.groundMs += Math.round(dt * 1000);
      if (k.groundMs >= o.endSeconds * 1000) {
        if (k.raised) return this.end(k, t, 'removed');
        this.drop(k);
        return [];
      }
    }
    if (k.raised) {
      if (k.age < o.absorbSeconds) return [];
      this.bg.absorb(k.raised.pixels, this.gray!.data);
      return this.end(k, t, 'absorbed');
    }
    if (seen !== 'object' || !readyToRaise(k, t, o)) return [];
    const [x, y, w, h] = look.box;
    const width = this.gray!.width;
    const pixels = Array.from({ length: w * h }, (_, j) => (y + Math.floor(j / w)) * width + x + (j % w));
    return this.raise(k, t, pixels);
  }

  /** The background is frozen under the objects followed by their look (see DualBackground.hold). */
  private holdUnderLooks(): void {
    const looks = this.tracks.filter((k) => k.look);
    if (looks.length === 0 && !this.holding) return;
    this.holding = looks.length > 0;
    const hold = this.bg.hold;
    hold.fill(0);
    const width = this.gray!.width;
    for (const k of looks) {
      const [x, y, w, h] = k.look!.box;
      for (let r = y; r < y + h; r++) hold.fill(1, r * width + x, r * width + x + w);
    }
  }

  /** A raised object: still there (its pixels differ from the background), picked up, or become background. */
  private follow(k: ObjectTrack, t: number): AbandonedEvent[] {
    const r = k.raised!;
    if (k.age >= this.options.absorbSeconds) {
      this.bg.absorb(r.pixels, this.gray!.data);
      return this.end(k, t, 'absorbed');
    }
    let present = 0;
    for (const i of r.pixels) present += this.bg.fgLong[i]!;
    if (present >= 0.3 * r.pixels.length) r.absentSince = undefined;
    else {
      r.absentSince ??= t;
      if (t - r.absentSince >= this.options.endSeconds * 1000) return this.end(k, t, 'removed');
    }
    return [];
  }

  private candidateMask(box: Box, width: number): Uint8Array {
    const m = new Uint8Array(this.bg.age.length);
    const min = this.options.candidateSeconds;
    for (let y = box[1]; y < box[1] + box[3]; y++) {
      for (let x = box[0]; x < box[0] + box[2]; x++) m[y * width + x] = this.bg.age[y * width + x]! >= min ? 1 : 0;
    }
    return m;
  }

  private end(k: ObjectTrack, t: number, reason: string): AbandonedEvent[] {
    this.drop(k);
    const e = this.event('end', k, t);
    return [{ ...e, endedAt: t, details: { ...e.details, reason, seenSeconds: (t - k.raised!.at) / 1000 } }];
  }

  private endAll(t: number, reason: string): AbandonedEvent[] {
    const out = this.tracks.filter((k) => k.raised).flatMap((k) => this.end(k, t, reason));
    this.tracks = [];
    this.history = [];
    return out;
  }

  private drop(k: ObjectTrack): void {
    this.tracks = this.tracks.filter((x) => x !== k);
  }

  private event(phase: 'start' | 'end', k: ObjectTrack, t: number): AbandonedEvent {
    const r = k.raised!;
    const s = this.scale;
    const box = r.box.map((v) => Math.round(v / s)) as AbandonedEvent['box'];
    return {
      kind: 'abandoned_object',
      phase,
      cameraId: this.cameraId,
      objectId: k.id,
      startedAt: r.startedAt,
      score: r.score,
      box,
      details: { ...r.details, raisedAt: r.at, ...(phase === 'start' ? {} : { lastFrameAt: t }) },
    };
  }

  /** The people still about where they were 3 s ago (standing, sitting, waiting); passers-by are left out. */
  private lingering(boxes: Box[], t: number): Box[] {
    this.history = this.history.filter((h) => t - h.t <= 4000);
    this.history.push({ t, boxes });
    // Every box of 3 to 4 s ago: one missed detection then must not make a still person a passer-by.
    const then = this.history.filter((h) => t - h.t >= 3000).flatMap((h) => h.boxes);
    return boxes.filter((b) => then.some((p) => stayed(b, p)));
  }

  private toAnalysis(b: readonly number[]): Box {
    const s = this.scale;
    return [b[0]! * s, b[1]! * s, b[2]! * s, b[3]! * s];
  }
}
