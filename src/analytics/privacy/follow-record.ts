// What the access copy's follow pass records per picture, and what writing the copy reports: shared by the engine
// (here), the copy service (core) and the evaluation.
export type Box = [number, number, number, number];

/** One box of one picture: `t` the track id (0: a detection no confirmed track holds), `c` its class. */
export interface FollowBox {
  t: number;
  c: string;
  b: Box;
}

/** One decoded picture: `o` its time in the clip (ms from the clip's first picture), its boxes. */
export interface FollowFrame {
  o: number;
  x: FollowBox[];
}

export interface CopyResult {
  bytes: number;
  sha256: string;
  frames: number;
  /** Pictures where the requester was kept clear. */
  keptFrames: number;
  /** Those pictures as inclusive runs of 0-based indexes into the file. */
  keptPictures: [number, number][];
  /** Boxes hidden, per class, over all pictures (vehicles: their plate band). */
  hidden: Record<string, number>;
  /** Mean share of each picture pixelated. */
  cellsShare: number;
  /** Side of the pixelation cells (px). */
  cellPx: number;
}
