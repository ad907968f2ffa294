import { type AlarmState, type AlarmStatsRow, alarmStates, type Disposition, dispositions } from '../ports/alarms.js';
import type { EventKind } from '../ports/recordings.js';

interface Counts {
  total: number;
  open: number;
  closed: number;
  falseAlarms: number;
}

export interface AlarmStats extends Counts {
  byState: Record<AlarmState, number>;
  byDisposition: Record<Disposition, number>;
  /** falseAlarmRate: closed as false_alarm / closed (null while none is closed). */
  byKind: (Counts & { kind: EventKind; falseAlarmRate: number | null })[];
  byCamera: (Counts & { cameraId: string })[];
}

const zero = (): Counts => ({ total: 0, open: 0, closed: 0, falseAlarms: 0 });

function add(c: Counts, r: AlarmStatsRow) {
  c.total += r.count;
  if (r.state === 'closed') c.closed += r.count;
  else c.open += r.count;
  if (r.disposition === 'false_alarm') c.falseAlarms += r.count;
}

/** Folds the store's grouped counts into the figures the console and the public register show. */
export function aggregate(rows: AlarmStatsRow[]): AlarmStats {
  const all = zero();
  const byState = Object.fromEntries(alarmStates.map((s) => [s, 0])) as Record<AlarmState, number>;
  const byDisposition = Object.fromEntries(dispositions.map((d) => [d, 0])) as Record<Disposition, number>;
  const kinds = new Map<EventKind, Counts>();
  const cameras = new Map<string, Counts>();
  for (const r of rows) {
    add(all, r);
    byState[r.state] += r.count;
    if (r.disposition) byDisposition[r.disposition] += r.count;
    add(kinds.get(r.kind) ?? kinds.set(r.kind, zero()).get(r.kind)!, r);
    add(cameras.get(r.cameraId) ?? cameras.set(r.cameraId, zero()).get(r.cameraId)!, r);
  }
  return {
    ...all,
    byState,
    byDisposition,
    byKind: [...kinds]
      .map(([kind, c]) => ({ kind, ...c, falseAlarmRate: c.closed ? c.falseAlarms / c.closed : null }))
      .sort((a, b) => b.total - a.total || a.kind.localeCompare(b.kind)),
    byCamera: [...cameras]
      .map(([cameraId, c]) => ({ cameraId, ...c }))
      .sort((a, b) => b.total - a.total || a.cameraId.localeCompare(b.cameraId)),
  };
}
