// The situations the crowd-movement detector raises (attention signals for an operator, never identities).
import type { Box } from '../geometry/box.js';

export const CROWD_SUB_KINDS = ['surge', 'dispersal', 'convergence', 'counter_flow'] as const;
export type CrowdSubKind = (typeof CROWD_SUB_KINDS)[number];

/** [x, y, w, h] in frame pixels. */
export type Region = Box;

export interface CrowdMovementEvent {
  kind: 'crowd_movement';
  subKind: CrowdSubKind;
  phase: 'start' | 'end';
  cameraId: string;
  /** Stable across the start and end of one situation. */
  situationId: string;
  /** 0..1: how strong the change is (start: when confirmed; end: the strongest seen). */
  score: number;
  region: Region;
  /** ptsMs of the first frame showing the change (not of its confirmation, which comes persistMs later). */
  startedAt: number;
  /** ptsMs of the last frame showing it (end phase only). */
  endedAt?: number;
  /** ptsMs of the frame this event was emitted on. */
  atMs: number;
  details: Record<string, number>;
}
