// Public shapes of the tracker: what goes in (detections), what comes out (tracks), and its settings.
import type { Box } from '../geometry/box.js';
import type { Homography } from '../geometry/homography.js';
import type { BoxKalmanNoise } from './box-kalman.js';

/** A detection as the detector emits it: [left, top, width, height] in frame pixels. */
export interface TrackerDetection {
  cls: string;
  score: number;
  box: Readonly<Box>;
  /** Colour descriptor of the box (boxAppearance); when given, association also weighs colour. */
  appearance?: Float32Array;
}

/** Where a track is on the ground, when the camera is calibrated. */
export interface GroundMotion {
  /** Ground position (metres) of the box's bottom-centre point. */
  x: number;
  y: number;
  /** Ground velocity, m/s. */
  vx: number;
  vy: number;
  speedMps: number;
  /** Degrees counter-clockwise from the ground +X axis, [0, 360). */
  headingDeg: number;
}

export interface Track {
  /** Stable per tracker, 1, 2, 3… in order of confirmation. */
  id: number;
  cls: string;
  /** Filtered box [left, top, width, height] in frame pixels. */
  box: Box;
  /** Score of the last detection matched to the track. */
  score: number;
  /** Velocity of the box centre, px/s (the Kalman estimate: smoothed over several frames). */
  velocity: { vx: number; vy: number };
  speedPxPerS: number;
  /** Frames since the track was first seen (detected or not). */
  ageFrames: number;
  /** Frames in which a detection was matched to it. */
  hits: number;
  /** 0 when the track was matched in this frame; otherwise it is coasting on its prediction. */
  timeSinceUpdateMs: number;
  ground?: GroundMotion;
}

export interface TrackerOptions {
  /** Detections at or above this score take part in the first association and may start tracks. */
  highScore: number;
  /** Detections between this and `highScore` are only used to keep existing tracks going (ByteTrack's second stage). */
  lowScore: number;
  /** A new track needs at least this score (a little above `highScore` avoids tracks from one-frame noise). */
  newTrackScore: number;
  /** Minimum IoU (predicted box vs detection) to associate in the first stage. */
  matchIou: number;
  /** Minimum IoU for low-score detections (stricter: they are less trustworthy). */
  lowScoreMatchIou: number;
  /**
   * Low-score detections continue tracks matched in the previous frame and lost ones unseen for at most this long,
   * ms (0: the previous frame only, as ByteTrack). In time, not frames: one frame is 33 ms at 30 fps, 200 at 5.
   */
  lowScoreResumeMs: number;
  /** Minimum IoU to continue a tentative track. */
  tentativeMatchIou: number;
  /** Consecutive hits that make a tentative track confirmed (and given an id). */
  confirmHits: number;
  /** How long a track may go unmatched before it is dropped, in milliseconds (fps-independent). */
  maxLostMs: number;
  /** Also report confirmed tracks unmatched for up to this long, at their predicted box (0: matched tracks only). */
  /**
   * A confirmed track is reported only while the recent mean of its matched detections' scores (time-weighted,
   * `shownScoreTauMs`) is at least this; 0 reports every confirmed track. A track kept alive by weak detections
   * alone (a static object the detector half-believes, after the person who started it left) is hidden, not ended:
   * confident detections show it again.
   */
  shownScore?: number;
  /** Time constant of that recent mean, ms. */
  shownScoreTauMs?: number;
  reportLostMs: number;
  /** Ignore detections shorter than this fraction of `frameHeight` (tiny false positives). 0 disables. */
  minBoxHeight: number;
  /** Frame height in pixels; required when `minBoxHeight` > 0. */
  frameHeight?: number;
  /** Only track these classes (default: all). */
  classes?: readonly string[];
  /** Multiply IoU by the detection score in the first stage (favours confident detections in ties). */
  fuseScore: boolean;
  /**
   * Grow both boxes by this many standard deviations of the track's predicted centre before the first-stage IoU
   * (0: plain IoU). Tracks just seen barely change; tracks lost for a while get a wider, honest search area.
   */
  uncertaintyBuffer: number;
  /** Weight of colour unlikeness (0-1) next to the IoU cost in association; 0 ignores appearance. */
  appearanceWeight: number;
  /** How fast a track's colours follow its clear sightings (exponential average rate). */
  appearanceRate: number;
  /** Image → ground mapping; when given, tracks carry `ground` (m/s, heading). */
  homography?: Homography;
  /** Kalman filter noise levels, relative to box size (see BoxKalmanNoise). */
  noise: BoxKalmanNoise;
  /** Per-class changes to `noise` (e.g. vehicles accelerate harder, relative to their height, than people). */
  classNoise?: Readonly<Record<string, Partial<BoxKalmanNoise>>>;
}
