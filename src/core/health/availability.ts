// Availability per camera, sector and fleet per local day or month, mean time to repair, and the outages now.
// Exact to the millisecond against an injected clock: a period's observed time is the part of it that has passed
// since the camera was created; its down time the union of the camera's offline and tampered intervals within it.
import type { Clock } from '../ports/clock.js';
import type { HealthInterval, HealthRepo, HealthSpan } from '../ports/health.js';
import { type Period, type PeriodKind, periods } from './calendar.js';
import { coveredMs, type Span } from './intervals.js';
import { type Merged, merged, mergeUnions, SettledHistory } from './settled.js';

export interface HealthCamera {
  id: string;
  name: string;
  sectorId: string;
  /** ISO; time before it is not observed. */
  createdAt: string;
}

export interface Figures {
  /** (observed − down) / observed; null when nothing was observed (a future period, a camera not yet created). */
  availability: number | null;
  observedSeconds: number;
  downSeconds: number;
  /** Degraded (low fps or bitrate) but watching: reported, not counted as down. */
  degradedSeconds: number;
  /** Outages (offline or tampered, overlaps merged) that ended in the period, and their mean length. */
  repairs: number;
  mttrSeconds: number | null;
}

export interface Row extends Figures {
  periods: Array<Figures & { period: string }>;
}

export interface AvailabilityReport {
  timeZone: string;
  by: PeriodKind;
  from: string;
  to: string;
  generatedAt: string;
  periods: string[];
  fleet: Row;
  sectors: Array<Row & { sectorId: string }>;
  cameras: Array<Row & { cameraId: string; name: string; sectorId: string }>;
}

export interface CurrentOutage {
  cameraId: string;
  name: string;
  sectorId: string;
  state: HealthInterval['state'];
  detail: string | null;
  since: string;
  ageSeconds: number;
}

/** Raw sums, turned into Figures at the end (so sectors and the fleet weight each camera by its observed time). */
interface Sums {
  observedMs: number;
  downMs: number;
  degradedMs: number;
  repairs: number;
  repairMs: number;
}

const zero = (): Sums => ({ observedMs: 0, downMs: 0, degradedMs: 0, repairs: 0, repairMs: 0 });
const add = (a: Sums, b: Sums) => {
  a.observedMs += b.observedMs;
  a.downMs += b.downMs;
  a.degradedMs += b.degradedMs;
  a.repairs += b.repairs;
  a.repairMs += b.repairMs;
};
const figures = (s: Sums): Figures => ({
  availability: s.observedMs > 0 ? (s.observedMs - s.downMs) / s.observedMs : null,
  observedSeconds: s.observedMs / 1000,
  downSeconds: s.downMs / 1000,
  degradedSeconds: s.degradedMs / 1000,
  repairs: s.repairs,
  mttrSeconds: s.repairs > 0 ? s.repairMs / s.repairs / 1000 : null,
});

/** An interval still open when the report is made lasts "for ever" here, so it is never counted as repaired. */
const ONGOING = Number.MAX_SAFE_INTEGER;
/** The longest report: a year and a month of days, or 400 months. */
export const MAX_PERIODS = 400;

export class AvailabilityService {
  private readonly settled: SettledHistory;

  constructor(
    private readonly repo: HealthRepo,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {
    this.settled = new SettledHistory(repo);
  }

  /** Reads the settled history now (the centre's start, in the background), so that the first report is warm. */
  async warm(): Promise<void> {
    await this.settled.upTo(this.clock.now());
  }

  /** `from`/`to`: local days (YYYY-MM-DD, inclusive); bad ones throw a RangeError with one line. */
  async report(cameras: HealthCamera[], q: { from: string; to: string; by: PeriodKind }): Promise<AvailabilityReport> {
    const now = this.clock.now();
    const ps = periods(q.from, q.to, q.by, this.timeZone, MAX_PERIODS);
    const start = ps[0]!.fromMs;
    const end = Math.min(ps[ps.length - 1]!.toMs, now);
    // Settled history from memory, the rest (open or ended since the settled line) from the store.
    const line = await this.settled.upTo(now);
    const recent = new Map<string, HealthSpan[]>(cameras.map((c) => [c.id, []]));
    if (end > start) for (const r of await this.repo.recentSpans(line)) recent.get(r.cameraId)?.push(r);
    const fleet = ps.map(zero);
    const sectors = new Map<string, Sums[]>();
    const out: AvailabilityReport['cameras'] = [];
    for (const c of [...cameras].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      const fresh = merged(recent.get(c.id) ?? [], ONGOING);
      const old = this.settled.get(c.id);
      const m = old
        ? { down: mergeUnions(old.down, fresh.down), degraded: mergeUnions(old.degraded, fresh.degraded) }
        : fresh;
      const sums = cameraSums(ps, m, Date.parse(c.createdAt), now);
      const sector = sectors.get(c.sectorId) ?? sectors.set(c.sectorId, ps.map(zero)).get(c.sectorId)!;
      sums.forEach((s, i) => {
        add(fleet[i]!, s);
        add(sector[i]!, s);
      });
      out.push({ cameraId: c.id, name: c.name, sectorId: c.sectorId, ...row(ps, sums) });
    }
    return {
      timeZone: this.timeZone,
      by: q.by,
      from: q.from,
      to: q.to,
      generatedAt: new Date(now).toISOString(),
      periods: ps.map((p) => p.label),
      fleet: row(ps, fleet),
      sectors: [...sectors].sort(([a], [b]) => (a < b ? -1 : 1)).map(([sectorId, s]) => ({ sectorId, ...row(ps, s) })),
      cameras: out,
    };
  }

  /** What is wrong now with these cameras, oldest first (degraded ones too, marked as such). */
  async outages(cameras: HealthCamera[]): Promise<CurrentOutage[]> {
    const now = this.clock.now();
    const known = new Map(cameras.map((c) => [c.id, c]));
    return (await this.repo.current()).flatMap((i) => {
      const c = known.get(i.cameraId);
      if (!c) return [];
      const since = new Date(i.fromMs).toISOString();
      const ageSeconds = Math.max(0, now - i.fromMs) / 1000;
      return [
        { cameraId: c.id, name: c.name, sectorId: c.sectorId, state: i.state, detail: i.detail, since, ageSeconds },
      ];
    });
  }

  /** One camera's intervals overlapping [fromMs, toMs), oldest first. */
  history(cameraId: string, fromMs: number, toMs: number): Promise<HealthInterval[]> {
    return this.repo.overlapping(fromMs, toMs, [cameraId]);
  }
}

function row(ps: Period[], sums: Sums[]): Row {
  const total = zero();
  for (const s of sums) add(total, s);
  return { ...figures(total), periods: sums.map((s, i) => ({ period: ps[i]!.label, ...figures(s) })) };
}

/** One camera's sums per period. */
function cameraSums(ps: Period[], { down, degraded }: Merged, createdMs: number, now: number): Sums[] {
  // What each period observed: from the camera's creation (if later) to now (if earlier).
  const windows: Span[] = ps.map((p) => ({
    fromMs: Math.max(p.fromMs, Number.isFinite(createdMs) ? createdMs : p.fromMs),
    toMs: Math.min(p.toMs, now),
  }));
  const clipped = windows.map((w) => (w.toMs > w.fromMs ? w : { fromMs: w.fromMs, toMs: w.fromMs }));
  const downMs = coveredMs(down, clipped);
  const degradedMs = coveredMs(degraded, clipped);
  const sums = ps.map((_, i) => ({
    ...zero(),
    observedMs: clipped[i]!.toMs - clipped[i]!.fromMs,
    downMs: downMs[i]!,
    degradedMs: degradedMs[i]!,
  }));
  // A repair is an outage that ended (not ONGOING) within a period, whatever it lasted before.
  let p = 0;
  for (const o of down) {
    if (o.toMs === ONGOING || o.toMs > now) continue;
    while (p < ps.length && ps[p]!.toMs <= o.toMs) p++;
    if (p === ps.length) break;
    if (o.toMs < ps[p]!.fromMs) continue;
    sums[p]!.repairs++;
    sums[p]!.repairMs += o.toMs - o.fromMs;
  }
  return sums;
}
