// One shape for what the scene-level analytics raise (tamper, crowd movement, unusual, …): the centre stores them
// like rule events, as attention signals for an operator.
import type { Box } from '../geometry/box.js';

export const SITUATION_KINDS = [
  'camera_tamper',
  'crowd_movement',
  'unusual',
  'person_on_ground',
  'abandoned_object',
  'fire',
] as const;
export type SituationKind = (typeof SITUATION_KINDS)[number];

export interface SituationEvent {
  kind: SituationKind;
  /** e.g. covered / moved (tamper), surge / dispersal (crowd movement). */
  subKind?: string;
  /** Same for the start and the end of one situation. */
  situationId: string;
  phase: 'start' | 'end';
  /** 0..1. */
  score: number;
  /** [x, y, w, h] in frame pixels, when the situation has a place in the picture. */
  box?: Box;
  trackIds: number[];
  /** ms, in the frames' clock: first frame showing the situation. */
  startedAt: number;
  endedAt?: number;
  details: Record<string, unknown>;
}

/** What each scene analytic sees per frame: the masked frame and the tracker's output. */
export interface SituationInput {
  frame: import('../../media/frames/frame.js').Frame;
  tracks: ReadonlyArray<{ id: number; cls: string; box: Readonly<Box>; score: number }>;
  tMs: number;
}

export interface SituationAnalytic {
  readonly kind: SituationKind;
  update(input: SituationInput): SituationEvent[];
  /** Closes what is open (the stream ended). */
  flush(tMs: number): SituationEvent[];
  close?(): void;
}
