// ByteTrack-style multi-object tracker: Kalman prediction, two-stage IoU association (confident detections
// first, then weak ones to keep tracks alive through occlusion), tentative → confirmed, lost tracks kept a while.
import { boxIou, expandBox } from '../geometry/box.js';
import { appearanceDistance, blendAppearance, NO_OPINION } from './appearance.js';
import { BoxKalman, DEFAULT_KALMAN_NOISE } from './box-kalman.js';
import { groundMotion } from './ground-motion.js';
import { gatedAssignment } from './hungarian.js';
import type { Track, TrackerDetection, TrackerOptions } from './track-types.js';

export const DEFAULT_TRACKER_OPTIONS: TrackerOptions = {
  highScore: 0.5,
  lowScore: 0.1,
  newTrackScore: 0.6,
  matchIou: 0.2,
  lowScoreMatchIou: 0.5,
  lowScoreResumeMs: 1000,
  tentativeMatchIou: 0.3,
  confirmHits: 2,
  maxLostMs: 2000,
  reportLostMs: 300,
  minBoxHeight: 0,
  fuseScore: true,
  uncertaintyBuffer: 1,
  appearanceWeight: 0,
  appearanceRate: 0.1,
  noise: DEFAULT_KALMAN_NOISE,
};

/** One association stage: its IoU floor, score fusion, uncertainty buffer, and whether colour counts. */
interface MatchStage {
  minIou: number;
  fuse?: boolean;
  buffer?: number;
  colour?: boolean;
}

// A detection overlapping another this much shows parts of both: its colours are not the track's alone.
const CLEAR_VIEW_IOU = 0.1;

/** Whether detection `i` stands clear of every other one. */
function clear(dets: readonly TrackerDetection[], i: number): boolean {
  const b = dets[i]!.box;
  return dets.every((d, j) => j === i || boxIou(b, d.box) < CLEAR_VIEW_IOU);
}

// A tracked and a lost track overlapping this much describe one object: the shorter one is a duplicate (ByteTrack).
const DUPLICATE_IOU = 0.85;

interface TrackRecord {
  id: number; // 0 while tentative
  cls: string;
  kf: BoxKalman;
  state: 'tentative' | 'tracked' | 'lost';
  hits: number;
  ageFrames: number;
  firstSeenMs: number;
  lastSeenMs: number;
  score: number;
  /** Time-weighted recent mean of the matched detections' scores (what `shownScore` is compared with). */
  recentScore: number;
  /** Colour descriptor averaged over the track's clear sightings (see appearance.ts); absent until one. */
  appearance?: Float32Array;
}

export class Tracker {
  readonly options: TrackerOptions;
  private tracks: TrackRecord[] = [];
  private nextId = 1;
  private lastMs: number | undefined;
  /** This frame's detections that overlap no other one. */
  private clearViews = new Set<TrackerDetection>();

  constructor(opts: Partial<TrackerOptions> = {}) {
    this.options = { ...DEFAULT_TRACKER_OPTIONS, ...opts, noise: { ...DEFAULT_KALMAN_NOISE, ...opts.noise } };
    const o = this.options;
    if (o.minBoxHeight > 0 && !(o.frameHeight && o.frameHeight > 0)) {
      throw new Error('tracker: minBoxHeight needs frameHeight');
    }
    if (o.lowScore > o.highScore) throw new Error('tracker: lowScore must not exceed highScore');
    if (!(o.confirmHits >= 1)) throw new Error('tracker: confirmHits must be at least 1');
  }

  /** Feeds one frame's detections taken at time `tMs`; returns the confirmed tracks of that frame. */
  update(detections: readonly TrackerDetection[], tMs: number): Track[] {
    this.advance(tMs);
    const dets = this.usable(detections);
    this.clearViews = new Set(dets.filter((d, i) => d.appearance && clear(dets, i)));
    const classes = new Set([...dets.map((d) => d.cls), ...this.tracks.map((t) => t.cls)]);
    for (const cls of classes) {
      this.associate(
        cls,
        dets.filter((d) => d.cls === cls),
        tMs,
      );
    }
    const o = this.options;
    this.tracks = this.tracks.filter((t) => t.state !== 'lost' || tMs - t.lastSeenMs <= o.maxLostMs);
    this.removeDuplicates();
    return this.reported(tMs);
  }

  /**
   * Moves every track to time `tMs` without detections (a frame the detector skipped): boxes follow their motion
   * model, nothing is marked lost or confirmed. Returns the confirmed tracks, as update() does.
   */
  predict(tMs: number): Track[] {
    this.advance(tMs);
    return this.reported(tMs);
  }

  /** Every track's motion model moved on to `tMs`. */
  private advance(tMs: number): void {
    if (this.lastMs !== undefined && tMs < this.lastMs) {
      throw new Error(`tracker: time went backwards (${tMs} ms after ${this.lastMs} ms)`);
    }
    const dt = this.lastMs === undefined ? 0 : (tMs - this.lastMs) / 1000;
    this.lastMs = tMs;
    for (const t of this.tracks) {
      // An unseen box keeps moving but stops growing or shrinking (ByteTrack zeroes the height velocity too).
      if (t.state === 'lost') t.kf.stopSizeChange();
      t.kf.predict(dt);
      t.ageFrames++;
    }
  }

  /** The confirmed tracks, and lost ones for a short while (reportLostMs), as of `tMs`. */
  private reported(tMs: number): Track[] {
    const o = this.options;
    return this.tracks
      .filter((t) => t.id > 0 && (t.state === 'tracked' || tMs - t.lastSeenMs <= o.reportLostMs))
      .filter((t) => t.recentScore >= (o.shownScore ?? 0))
      .map((t) => this.toTrack(t, tMs));
  }

  /** Tracks seen but not yet confirmed (a newcomer, or noise): they need detections on consecutive frames. */
  get tentativeCount(): number {
    return this.tracks.filter((t) => t.state === 'tentative').length;
  }

  /** Forgets every track (ids keep counting up, so they stay unique). */
  reset(): void {
    this.tracks = [];
    this.lastMs = undefined;
  }

  private usable(detections: readonly TrackerDetection[]): TrackerDetection[] {
    const o = this.options;
    const minH = o.minBoxHeight > 0 ? o.minBoxHeight * o.frameHeight! : 0;
    return detections.filter(
      (d) =>
        d.score >= o.lowScore &&
        d.box[2] > 0 &&
        d.box[3] > 0 &&
        d.box[3] >= minH &&
        (!o.classes || o.classes.includes(d.cls)),
    );
  }

  private associate(cls: string, dets: TrackerDetection[], tMs: number): void {
    const o = this.options;
    const high = dets.filter((d) => d.score >= o.highScore);
    const low = dets.filter((d) => d.score < o.highScore);
    const mine = this.tracks.filter((t) => t.cls === cls);
    const pool = mine.filter((t) => t.state !== 'tentative');
    const tentative = mine.filter((t) => t.state === 'tentative');

    // Stage 1: confident detections against every confirmed track, lost ones included (they may come back).
    const left1 = this.match(pool, high, tMs, {
      minIou: o.matchIou,
      fuse: o.fuseScore,
      buffer: o.uncertaintyBuffer,
      colour: true,
    });
    // Stage 2: weak detections (often occluded people) only continue tracks seen very recently: in the previous
    // frame (ByteTrack, at 30 fps: 33 ms), or lost for at most lowScoreResumeMs, so that at 5 fps a person hidden
    // in one frame and half visible in the next resumes where the motion model predicts them (IoU ≥ 0.5).
    const left2 = this.match(
      left1.tracks.filter((t) => t.state === 'tracked' || tMs - t.lastSeenMs <= o.lowScoreResumeMs),
      low,
      tMs,
      { minIou: o.lowScoreMatchIou },
    );
    for (const t of left2.tracks) t.state = 'lost';
    // Stage 3: tentative tracks take what is left of the confident detections, or die.
    const left3 = this.match(tentative, left1.dets, tMs, { minIou: o.tentativeMatchIou, fuse: o.fuseScore });
    const dead = new Set(left3.tracks);
    this.tracks = this.tracks.filter((t) => !dead.has(t));
    for (const d of left3.dets) if (d.score >= o.newTrackScore) this.start(d, tMs);
  }

  /** Matches tracks to detections (updating the matched tracks); returns the unmatched ones of each side. */
  private match(
    tracks: TrackRecord[],
    dets: TrackerDetection[],
    tMs: number,
    { minIou, fuse = false, buffer = 0, colour = false }: MatchStage,
  ): { tracks: TrackRecord[]; dets: TrackerDetection[] } {
    if (tracks.length === 0 || dets.length === 0) return { tracks, dets };
    const o = this.options;
    const iou = tracks.map((t) => {
      const box = t.kf.box();
      if (buffer <= 0) return dets.map((d) => boxIou(box, d.box));
      // Both boxes grown by the prediction's uncertainty: the longer a track is unseen, the wider it may match.
      const [sx, sy] = t.kf.centerStd();
      const grown = expandBox(box, buffer * sx, buffer * sy);
      return dets.map((d) => boxIou(grown, expandBox(d.box, buffer * sx, buffer * sy)));
    });
    const cost = iou.map((row) => row.map((v, di) => 1 - v * (fuse ? dets[di]!.score : 1)));
    const weighed = colour && o.appearanceWeight > 0;
    const pairs = weighed
      ? gatedAssignment(this.withAppearance(cost, tracks, dets, 1 - minIou), 1 - minIou + o.appearanceWeight)
      : gatedAssignment(cost, 1 - minIou);
    const usedT = new Set<number>();
    const usedD = new Set<number>();
    for (const [ti, di] of pairs) {
      this.hit(tracks[ti]!, dets[di]!, tMs);
      usedT.add(ti);
      usedD.add(di);
    }
    return { tracks: tracks.filter((_, i) => !usedT.has(i)), dets: dets.filter((_, i) => !usedD.has(i)) };
  }

  /**
   * Adds each pair's unlikeness of colour (weighted) to its IoU cost; pairs beyond the IoU limit stay forbidden. The caller raises the limit by the weight, so a pair's gain is its IoU gain plus its likeness.
   */
  private withAppearance(
    cost: number[][],
    tracks: readonly TrackRecord[],
    dets: readonly TrackerDetection[],
    limit: number,
  ): number[][] {
    const o = this.options;
    return cost.map((row, ti) =>
      row.map((c, di) => {
        if (!(c < limit)) return Number.POSITIVE_INFINITY;
        const a = tracks[ti]!.appearance;
        const b = dets[di]!.appearance;
        return c + o.appearanceWeight * (a && b ? appearanceDistance(a, b) : NO_OPINION);
      }),
    );
  }

  private hit(t: TrackRecord, d: TrackerDetection, tMs: number): void {
    t.kf.update(d.box);
    // Only an unobstructed view updates the track's colours (a box overlapping another mixes two people).
    if (d.appearance && this.clearViews.has(d)) {
      if (!t.appearance) t.appearance = Float32Array.from(d.appearance);
      else blendAppearance(t.appearance, d.appearance, this.options.appearanceRate);
    }
    t.hits++;
    const a = 1 - Math.exp(-(tMs - t.lastSeenMs) / (this.options.shownScoreTauMs ?? 2000));
    t.recentScore += a * (d.score - t.recentScore);
    t.lastSeenMs = tMs;
    t.score = d.score;
    if (t.state === 'lost') t.state = 'tracked';
    // Tentative tracks die on their first miss, so their hits are consecutive.
    if (t.state === 'tentative' && t.hits >= this.options.confirmHits) this.confirm(t);
  }

  private start(d: TrackerDetection, tMs: number): void {
    const t: TrackRecord = {
      id: 0,
      cls: d.cls,
      kf: new BoxKalman(d.box, { ...this.options.noise, ...this.options.classNoise?.[d.cls] }),
      state: 'tentative',
      hits: 1,
      ageFrames: 1,
      firstSeenMs: tMs,
      lastSeenMs: tMs,
      score: d.score,
      recentScore: d.score,
      ...(d.appearance && this.clearViews.has(d) && { appearance: Float32Array.from(d.appearance) }),
    };
    this.tracks.push(t);
    if (this.options.confirmHits <= 1) this.confirm(t);
  }

  private confirm(t: TrackRecord): void {
    t.state = 'tracked';
    t.id = this.nextId++;
  }

  private removeDuplicates(): void {
    const live = this.tracks.filter((t) => t.state === 'tracked');
    const lost = this.tracks.filter((t) => t.state === 'lost');
    const drop = new Set<TrackRecord>();
    for (const a of live) {
      for (const b of lost) {
        if (a.cls !== b.cls || boxIou(a.kf.box(), b.kf.box()) <= DUPLICATE_IOU) continue;
        // Keep the one followed for longer.
        drop.add(a.lastSeenMs - a.firstSeenMs >= b.lastSeenMs - b.firstSeenMs ? b : a);
      }
    }
    if (drop.size > 0) this.tracks = this.tracks.filter((t) => !drop.has(t));
  }

  private toTrack(t: TrackRecord, tMs: number): Track {
    const box = t.kf.box();
    const [vx, vy] = t.kf.centerVelocity();
    const track: Track = {
      id: t.id,
      cls: t.cls,
      box,
      score: t.score,
      velocity: { vx, vy },
      speedPxPerS: Math.hypot(vx, vy),
      ageFrames: t.ageFrames,
      hits: t.hits,
      timeSinceUpdateMs: tMs - t.lastSeenMs,
    };
    const h = this.options.homography;
    const ground = h && groundMotion(box, t.kf.footVelocity(), h);
    if (ground) track.ground = ground;
    return track;
  }
}
