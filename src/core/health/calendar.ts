// Local calendar periods of the centre's time zone (legal.timeZone): a day in Paris is 23 or 25 hours long on the
// days the clocks change, and an availability report counts the seconds each one really had.
import { localStartMs } from '../shared/time-zone.js';

export type PeriodKind = 'day' | 'month';

export interface Period {
  /** YYYY-MM-DD or YYYY-MM. */
  label: string;
  fromMs: number;
  toMs: number;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses YYYY-MM-DD; undefined when it is not a real date. */
export function parseDay(s: string): { y: number; m: number; d: number } | undefined {
  const x = DAY.exec(s);
  if (!x) return undefined;
  const [y, m, d] = [Number(x[1]), Number(x[2]), Number(x[3])];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d ? { y, m, d } : undefined;
}

/** The local day (YYYY-MM-DD) holding an instant. */
export function dayOf(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The days or months from the one holding `from` to the one holding `to` (both YYYY-MM-DD, inclusive), in order.
 * Throws a one-line error on a bad date or a range past `max` periods.
 */
export function periods(from: string, to: string, by: PeriodKind, timeZone: string, max: number): Period[] {
  const a = parseDay(from);
  const b = parseDay(to);
  if (!a) throw new RangeError(`from: '${from}' is not a date (YYYY-MM-DD)`);
  if (!b) throw new RangeError(`to: '${to}' is not a date (YYYY-MM-DD)`);
  if (to < from) throw new RangeError(`to (${to}) is before from (${from})`);
  const out: Period[] = [];
  let { y, m, d } = by === 'month' ? { ...a, d: 1 } : a;
  const endLabel = by === 'month' ? to.slice(0, 7) : to;
  for (;;) {
    const label = by === 'month' ? `${y}-${pad(m)}` : `${y}-${pad(m)}-${pad(d)}`;
    if (label > endLabel) break;
    if (out.length === max) throw new RangeError(`the range holds more than ${max} ${by}s: ask for a shorter one`);
    const fromMs = localStartMs(y, m, d, timeZone);
    const next = new Date(Date.UTC(y, m - 1 + (by === 'month' ? 1 : 0), d + (by === 'day' ? 1 : 0)));
    [y, m, d] = [next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()];
    out.push({ label, fromMs, toMs: localStartMs(y, m, d, timeZone) });
  }
  return out;
}
