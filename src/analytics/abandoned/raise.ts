// When a verified candidate becomes an abandoned object, and what the event says about it.
import type { AbandonedOptions } from './abandoned-options.js';
import type { LightVerdict } from './blob-checks.js';
import type { ObjectTrack, Raised } from './object-track.js';

/** Static long enough, not a person standing or sitting still, nobody on it or near it for a while. */
export function readyToRaise(k: ObjectTrack, t: number, o: AbandonedOptions): boolean {
  return (
    k.age >= o.staticSeconds &&
    !k.coveredNow &&
    (k.personShare ?? 1) <= o.maxPersonShare &&
    t - k.lastAttendedAt >= o.unattendedSeconds * 1000
  );
}

/** The raised state (less its pixels): score from contrast and own outline, discounted by any person share. */
export function raisedState(
  k: ObjectTrack,
  t: number,
  o: AbandonedOptions,
  edge: number,
  light: LightVerdict,
): Omit<Raised, 'pixels'> {
  const contrast = Math.min(1, light.contrast / (4 * o.minDiff));
  const outline = Math.min(1, edge / 2);
  const score = (0.5 * contrast + 0.5 * outline) * (1 - (k.personShare ?? 0));
  const r2 = (v: number) => Math.round(v * 100) / 100;
  return {
    at: t,
    startedAt: Math.round(t - k.age * 1000),
    box: [...k.box],
    score: r2(score),
    details: {
      staticSeconds: r2(k.age),
      areaPx: k.area,
      personShare: r2(k.personShare ?? 0),
      // Someone was near it while it stood there and has since gone: the owner walking away, most likely.
      ownerLeft: k.attendedEver,
      contrast: r2(light.contrast),
      edgeRatio: r2(edge),
      textureCorrelation: r2(light.correlation),
    },
  };
}
