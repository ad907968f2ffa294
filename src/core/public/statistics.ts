// Monthly public statistics (law.md L9), aggregated so that no person can be singled out: a count below the
// threshold is published as "< N", a share computed from such a count is withheld, and when a single cell of a
// breakdown is hidden the next smallest is hidden too (otherwise total minus the others gives it back).

import type { AccessRequestFigures, PeriodFigures, PublicStatsQueries } from '../ports/public.js';
import { localStartMs } from '../shared/time-zone.js';
import { type MonthStatistics, type PublicCount, WITHHELD } from './register-schemas.js';

/** The instant a local calendar month starts in a time zone (month 1-12; 13 rolls over to next January). */
export function monthStartMs(year: number, month: number, timeZone: string): number {
  return localStartMs(year, month, 1, timeZone);
}

/** The local month (YYYY-MM) of an instant. */
export function monthOf(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(ms).slice(0, 7);
}

/** The `count` months ending with the one holding `nowMs`, oldest first. */
export function lastMonths(nowMs: number, timeZone: string, count: number): string[] {
  const [y, m] = monthOf(nowMs, timeZone).split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}

/** Publishes `n` or "< min". Zero is hidden too: "none" is also something one could single a person out with. */
export const shown = (n: number, min: number): PublicCount => (n >= min ? n : `< ${min}`);

/**
 * A breakdown's cells as published. One hidden cell beside a published total could be recomputed, so when exactly
 * one cell is below the threshold the smallest published one is withheld with it (published as "withheld": it is
 * not below the threshold, and saying "< N" of it would be untrue).
 */
export function suppress(cells: Array<[string, number]>, min: number): Array<[string, PublicCount]> {
  const small = new Set(cells.filter(([, n]) => n < min).map(([k]) => k));
  let second: string | undefined;
  if (small.size === 1) second = cells.filter(([k]) => !small.has(k)).sort((a, b) => a[1] - b[1])[0]?.[0];
  return cells.map(([k, n]) => [k, small.has(k) ? `< ${min}` : k === second ? WITHHELD : n]);
}

export const ACCESS_NOTE =
  'right-of-access requests (RGPD art. 15, CSI L253-5) from the centre’s register: received counts by the day received, answered (fully or in part) and refused by the day of the answer';
export const EXPORTS_NOTE =
  'exports are counted from the audit journal; their legal ground is free text in each manifest and not yet recorded as a category, so it is not broken down';
export const AVAILABILITY_METHOD =
  'share of camera-time not under a camera_offline alarm (from when the camera was reported offline until it came back), over the cameras in the fleet now (withheld ones included)';

export interface StatisticsOptions {
  timeZone: string;
  minCount: number;
}

/** One month's published statistics from the database's aggregates. */
export async function monthStatistics(
  q: PublicStatsQueries,
  month: string,
  nowMs: number,
  cameras: number,
  o: StatisticsOptions,
): Promise<MonthStatistics> {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = monthStartMs(y, m, o.timeZone);
  const end = monthStartMs(y, m + 1, o.timeZone);
  const to = Math.min(end, Math.max(from, nowMs));
  const f = await q.period(from, to);
  // Requests are dated in local days: the month's days, the first of the next month excluded.
  const next = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
  const a = await q.accessRequests(`${month}-01`, next);
  return present(month, from, to, to === end, { ...f, access: a }, cameras, o.minCount);
}

function present(
  month: string,
  from: number,
  to: number,
  complete: boolean,
  f: PeriodFigures & { access: AccessRequestFigures },
  cameras: number,
  min: number,
): MonthStatistics {
  const kinds = [...f.alarmsByKind.entries()].sort(([a], [b]) => a.localeCompare(b));
  const total = kinds.reduce((s, [, n]) => s + n, 0);
  const d = f.dispositions;
  const closed = d.confirmed + d.false_alarm + d.not_actionable;
  const cells = suppress(
    [
      ['confirmed', d.confirmed],
      ['false_alarm', d.false_alarm],
      ['not_actionable', d.not_actionable],
    ],
    min,
  );
  const disp = (k: 'confirmed' | 'false_alarm' | 'not_actionable') => {
    const count = cells.find(([c]) => c === k)![1];
    // A share is published only when both its count and the closed total are: otherwise it gives the count back.
    const share = typeof count === 'number' && closed >= min ? Math.round((count / closed) * 1000) / 1000 : null;
    return { count, share };
  };
  const span = (to - from) * cameras;
  return {
    month,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    complete,
    alarms: {
      total: shown(total, min),
      byKind: suppress(kinds, min).map(([kind, count]) => ({ kind, count })),
    },
    dispositions: {
      closed: shown(closed, min),
      confirmed: disp('confirmed'),
      false_alarm: disp('false_alarm'),
      not_actionable: disp('not_actionable'),
    },
    exports: { count: shown(f.exports, min), byLegalGround: null, note: EXPORTS_NOTE },
    evidenceHolds: shown(f.holds, min),
    accessRequests: {
      received: shown(f.access.received, min),
      answered: shown(f.access.answered, min),
      refused: shown(f.access.refused, min),
      note: ACCESS_NOTE,
    },
    availability: {
      share: span > 0 ? Math.round(Math.max(0, 1 - f.offlineMs / span) * 10_000) / 10_000 : null,
      method: AVAILABILITY_METHOD,
    },
  };
}
