// Local midnights of a time zone, from Intl alone (no tz database of our own): the public statistics' months and the
// availability report's days start at the local midnight, 23 or 25 hours apart on the days the clocks change.

/** The instant local midnight starts a day (month and day may overflow: Date.UTC rolls them over). */
export function localStartMs(y: number, m: number, d: number, timeZone: string): number {
  const guess = Date.UTC(y, m - 1, d);
  let t = guess - offsetMs(guess, timeZone);
  // Near a clock change the offset at the guess may differ from the one at the answer: one correction is enough.
  const again = guess - offsetMs(t, timeZone);
  if (again !== t) t = again;
  return t;
}

/** Local time minus UTC at `ms`, in ms. */
function offsetMs(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(ms);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const local = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return local - Math.floor(ms / 1000) * 1000;
}
