// The cameras of the live scene-analytics test: what each plays, which analytic it runs (options set through the
// API), when its situation is on screen, and what the event must say.
import assert from 'node:assert/strict';
import { iouXywh } from '../analytics/helpers/models.js';
import * as clips from './scene-clips.js';

export interface SceneCamera {
  id: string;
  kind: 'crowd_movement' | 'unusual' | 'camera_tamper' | 'fire' | 'abandoned_object';
  make: (dir: string) => Promise<string>;
  /** When the situation is on screen in the looped clip (ms). */
  at: { fromMs: number; toMs: number; loopMs: number };
  situations: Record<string, Record<string, unknown>>;
  check(e: { details: Record<string, any>; box?: number[] }): void;
  /** Events of its own kind tolerated off screen: at most `count`, each under `maxRatio` times its threshold. */
  strays?: { count: number; maxRatio: number; why: string };
}

/** The event says what its camera's check asks. */
export function passes(c: SceneCamera, e: { details: Record<string, any>; box?: number[] }): boolean {
  try {
    c.check(e);
    return true;
  } catch {
    return false;
  }
}

export const sceneCameras = (usualModel: string): SceneCamera[] => [
  {
    id: 'SC-CROWD',
    kind: 'crowd_movement',
    make: clips.crowdClip,
    at: clips.CROWD,
    situations: { crowd: {} },
    check: (e) => assert.equal(e.details.subKind, 'surge'),
  },
  {
    id: 'SC-UNUSUAL',
    kind: 'unusual',
    make: clips.unusualClip,
    at: clips.UNUSUAL,
    situations: { unusual: { modelFile: usualModel } },
    // Cells above their usual: an alarm started by a mistimed frame pair alone names none.
    check: (e) => assert.ok(e.details.reasons.length > 0, 'the event says why'),
    strays: {
      count: 1,
      maxRatio: 10,
      why:
        "unusual's residual false alarms on normal Ped2 (issue 22's subject): one, at 1.09-1.9x its threshold, in " +
        '4 of 6 live runs; before live frames were timed on the stream period: 3 in 70 s at 14-17x; on 2026-12-05 ' +
        'one at 6.9-8.6x in 2 of 3 full runs, 19.9 s after the situation (Test002 frame ~67 played backward: a ' +
        'group of walkers merging reads as one "larger than usual" object), left for issue 22',
    },
  },
  {
    id: 'SC-TAMPER',
    kind: 'camera_tamper',
    make: clips.tamperClip,
    at: clips.TAMPER,
    situations: { tamper: {} },
    check: (e) => assert.equal(e.details.subKind, 'defocused'),
  },
  {
    id: 'SC-FIRE',
    kind: 'fire',
    make: clips.fireClip,
    at: clips.FIRE,
    situations: { fire: {} },
    check: ({ box: [x, y, w, h] = [] }) => {
      const [bx, by] = clips.FIRE.base;
      // As its library test: the box holds the flame's base and reaches 10 % of the frame above it.
      assert.ok(x! <= bx! && x! + w! >= bx! && y! <= by! && y! + h! >= by! - 24, `box ${[x, y, w, h]} on the flame`);
    },
  },
  {
    id: 'SC-ABANDONED',
    kind: 'abandoned_object',
    make: clips.abandonedClip,
    at: clips.ABANDONED,
    // T shortened to 15 s (default 30) as in its library test, to keep the test short.
    situations: { abandoned: { staticSeconds: 15 } },
    check: (e) => assert.ok(iouXywh(e.box!, clips.ABANDONED.box) >= 0.5, `box ${e.box} on the object`),
  },
];
