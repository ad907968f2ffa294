// The timeline's arithmetic, apart from the page: label steps for a zoom level, and event marks grouped when they
// would overlap at that zoom (a cluster shows its count; activating it zooms into it).
import { fmtDay, fmtShortTime, fmtTime } from './i18n.js';

const S = 1000;
const STEPS = [1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800].map((s) => s * S);
/** The narrowest and widest views: ten seconds to a week. */
export const MIN_SPAN = 10 * S;
export const MAX_SPAN = 7 * 86_400 * S;

/** The unit a step's labels are in, for tests and the screen reader: seconds, minutes, hours or days. */
export const stepUnit = (step) => (step < 60 * S ? 's' : step < 3600 * S ? 'min' : step < 86_400 * S ? 'h' : 'd');

/**
 * Round times across [from, to), about one per `minPx` pixels of `width` (at most eight), labelled in the user's
 * locale: with seconds below a minute's step, the day when the view spans midnight, the day alone for day steps.
 * Day steps fall on local midnights.
 */
export function timeLabels(from, to, width = 800, minPx = 110) {
  const most = Math.max(2, Math.min(8, Math.floor(width / minPx)));
  const step = STEPS.find((s) => (to - from) / s <= most) ?? STEPS.at(-1);
  const crossesDay = new Date(from).toDateString() !== new Date(to - 1).toDateString();
  const fmt =
    step >= 86_400 * S
      ? fmtDay
      : step < 60 * S
        ? fmtTime
        : crossesDay
          ? (t) => `${fmtDay(t)} ${fmtShortTime(t)}`
          : fmtShortTime;
  const out = [];
  // Local round times: a step of an hour or more starts on the local hour (or midnight), not on UTC's.
  const offset = step >= 3600 * S ? new Date(from).getTimezoneOffset() * 60 * S : 0;
  for (let t = Math.ceil((from - offset) / step) * step + offset; t < to; t += step) out.push([t, fmt(t)]);
  return { step, unit: stepUnit(step), labels: out };
}

/**
 * Event times (sorted) inside [from, to) grouped so that no two marks are closer than `minPx` on a `width`-pixel
 * timeline: [{ from, to, count, at }] where `at` is the first event's time (where a single mark sits).
 */
export function clusterMarks(times, from, to, width, minPx = 14) {
  const px = (t) => ((t - from) / (to - from)) * width;
  const groups = [];
  for (const t of times) {
    if (t < from || t >= to) continue;
    const g = groups.at(-1);
    if (g && px(t) - px(g.at) < minPx) {
      g.to = t;
      g.count++;
    } else groups.push({ at: t, from: t, to: t, count: 1 });
  }
  return groups;
}

/** Seconds into a played file that skips gaps, for a wall-clock time (inside or after the nearest covered range). */
export function fileOffset(covered, t) {
  let s = 0;
  for (const [a, b] of covered) {
    if (t < a) return s;
    if (t < b) return s + (t - a) / 1000;
    s += (b - a) / 1000;
  }
  return s;
}

/** The wall-clock time of a position (seconds) in such a file; undefined past its end. */
export function wallTimeOf(covered, seconds) {
  let s = seconds;
  for (const [a, b] of covered) {
    if (s <= (b - a) / 1000) return a + s * 1000;
    s -= (b - a) / 1000;
  }
  return undefined;
}
