// Warnings before an authorisation ends (legal.warnDays: 30, 7, 1 days): one centre-wide event per authorisation and
// level, remembered in the store so that a restart, or the next pass, never repeats it.

import { daysBetween, inForce } from './coverage.js';
import type { ExpiryDeps } from './expiry-watch.js';

/** Settings key of the levels already warned: `${id}:${endsOn}:${days}` each (a prolonged end warns again). */
export const WARNED_KEY = 'legal.expiryWarned';
/** Camera id of events about the whole centre (as storage's). */
const CENTRE_WIDE = '*';

export async function expiryWarnings(
  d: Omit<ExpiryDeps, 'bus'>,
): Promise<{ authorisationId: string; level: number }[]> {
  const { store, register, events } = d;
  const day = register.day();
  const raw = await store.settings.get(WARNED_KEY);
  const warned = new Set<string>(raw ? JSON.parse(raw) : []);
  const levels = [...new Set(d.warnDays)].sort((a, b) => b - a);
  const out: { authorisationId: string; level: number }[] = [];
  const live = new Set<string>();
  for (const a of await register.all()) {
    if (!inForce(a, day)) continue;
    const daysLeft = daysBetween(day, a.endsOn);
    const key = (n: number) => `${a.id}:${a.endsOn}:${n}`;
    for (const n of levels) live.add(key(n));
    const fresh = levels.filter((n) => daysLeft <= n && !warned.has(key(n)));
    if (!fresh.length) continue;
    // A centre down across two levels (or an authorisation recorded 5 days before its end) warns once, at the
    // tighter level: two notices of the same end at once would only be noise.
    const level = Math.min(...fresh);
    await events.emit({
      cameraId: CENTRE_WIDE,
      kind: 'legal_basis_expiring',
      authorisationId: a.id,
      details: {
        authorisationId: a.id,
        kind: a.kind,
        authority: a.authority,
        reference: a.reference,
        endsOn: a.endsOn,
        daysLeft,
        level,
        // Priority low a month before, medium from a week before (alarms lift to `severity`).
        severity: level <= 7 ? 'medium' : 'low',
        message: `${a.kind} authorisation ${a.reference} ends on ${a.endsOn} (${daysLeft} day(s) left)`,
      },
    });
    for (const n of fresh) warned.add(key(n));
    out.push({ authorisationId: a.id, level });
  }
  // Only what may still be warned is kept: the record does not grow with every authorisation that ever ended.
  const kept = [...warned].filter((k) => live.has(k));
  if (out.length || kept.length !== warned.size) await store.settings.set(WARNED_KEY, JSON.stringify(kept.sort()));
  return out;
}
