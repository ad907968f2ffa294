// Synthetic tracks for rule tests: people given by their foot point, so that paths are easy to read.
import type { RuleEvent, RuleTrack } from '../../../src/analytics/rules/rule-types.js';
import type { SceneRules } from '../../../src/analytics/rules/scene-rules.js';

export const FRAME = { width: 1000, height: 1000 };

/** A person standing with their feet at (x, y) pixels, 100 px tall. */
export function person(id: number, x: number, y: number, extra: Partial<RuleTrack> = {}): RuleTrack {
  return { id, cls: 'person', box: [x - 20, y - 100, 40, 100], score: 0.8, ...extra };
}

/** Runs frames every `stepMs` from 0 to `untilMs` (inclusive); `at(t)` gives the tracks of each frame. */
export function play(rules: SceneRules, untilMs: number, at: (tMs: number) => RuleTrack[], stepMs = 100): RuleEvent[] {
  const events: RuleEvent[] = [];
  for (let t = 0; t <= untilMs; t += stepMs) events.push(...rules.update(at(t), t));
  return events;
}

/** `rule:phase:tracks` of each event; periodic `update`s are left out unless asked for. */
export function phases(events: readonly RuleEvent[], withUpdates = false): string[] {
  return events
    .filter((e) => withUpdates || e.phase !== 'update')
    .map((e) => `${e.ruleId}:${e.phase}:${e.trackIds.join('+')}`);
}

/** A square zone of normalised corners [x0, y0] .. [x1, y1]. */
export function square(id: string, x0: number, y0: number, x1: number, y1: number) {
  return {
    id,
    name: id,
    polygon: [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
    ] as [number, number][],
  };
}
