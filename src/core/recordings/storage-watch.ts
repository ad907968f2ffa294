import type { AlarmPriority } from '../ports/alarms.js';
import { ALL_CAMERAS } from './retention.js';
import { formatBytes, type StorageBudget, type StorageFigures } from './storage-budget.js';

type Measure = 'recordings' | 'holds' | 'exports' | 'floor';

/** Severity of each warning level: the storage alarm climbs with it (priorityFor lifts by details.severity). */
const SEVERITY: AlarmPriority[] = ['medium', 'high', 'critical'];
/** Back this far under a level's threshold before it may warn again (no alarm every pass around a threshold). */
const HYSTERESIS = 5;
const HELD_REFRESH_MS = 30_000;

export interface WatchOptions {
  highWaterPercent: number;
  /** Percent of the holds cap at which supervisors are warned. */
  holdsPercents?: number[];
  /** Percent of the export budget. */
  exportsPercents?: number[];
  /** Other impairments to report in health (e.g. the store's reserve in use). */
  moreProblems?: () => string[];
}

interface Reading {
  percent: number;
  used: number;
  limit: number;
}

/**
 * Warns supervisors at rising thresholds before anything is refused or stops: a `storage` event for the whole centre
 * (camera '*'), its severity climbing medium → high → critical, once per level reached (not every pass).
 */
export class StorageWatch {
  private readonly levels = new Map<Measure, number>();
  private readonly thresholds: Record<Measure, number[]>;
  private chain: Promise<void> = Promise.resolve();
  private last?: { f: StorageFigures; held: number };
  private heldAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly events: {
      emit(e: { cameraId: string; kind: 'storage'; details: Record<string, unknown> }): Promise<unknown>;
    },
    readonly budget: StorageBudget,
    private readonly o: WatchOptions,
  ) {
    // Retention keeps the recordings under high water: only footage it cannot free (held) pushes them above.
    const h = o.highWaterPercent;
    this.thresholds = {
      recordings: [h + (100 - h) * 0.5, h + (100 - h) * 0.8, 100],
      holds: o.holdsPercents ?? [50, 80, 95],
      exports: o.exportsPercents ?? [80, 90, 95],
      floor: [0],
    };
  }

  /**
   * Measures and warns; calls are serialised, a failure is the caller's to log. Held bytes (a query per hold) are
   * measured again when holds changed, else at most every HELD_REFRESH_MS (new footage inside a hold's span).
   */
  check(o: { holdsChanged?: boolean } = {}): Promise<void> {
    if (o.holdsChanged) this.heldAt = Number.NEGATIVE_INFINITY;
    const run = this.chain.then(() => this.measure());
    this.chain = run.catch(() => {});
    return run;
  }

  /** What impairs recording now, from the last check (empty: nothing). */
  problems(): string[] {
    const more = this.o.moreProblems?.() ?? [];
    if (!this.last) return more;
    const { f } = this.last;
    const out: string[] = [];
    if (f.freeBytes < f.floorBytes)
      out.push(
        `recordings volume under its free-space floor (${formatBytes(f.freeBytes)} free of ${formatBytes(f.floorBytes)} kept)`,
      );
    const r = this.readings(this.last).recordings;
    if (r.percent > 100 || (this.levels.get('recordings') ?? 0) > 0)
      out.push(
        `recordings at ${r.percent.toFixed(0)} % of their budget: retention cannot free enough (footage under hold, or other files on the volume)`,
      );
    return [...out, ...more];
  }

  private readings({ f, held }: { f: StorageFigures; held: number }): Record<Measure, Reading> {
    const pct = (used: number, limit: number) => ({ used, limit, percent: limit > 0 ? (used * 100) / limit : 100 });
    return {
      recordings: pct(f.recordingsBytes, f.recordingsLimit),
      holds: pct(held, f.holdsCap),
      exports: pct(f.exportsBytes, f.exportsLimit),
      floor: {
        used: f.floorBytes - f.freeBytes,
        limit: f.floorBytes,
        percent: f.freeBytes < f.floorBytes ? 100 : -100,
      },
    };
  }

  private async measure() {
    const fresh = performance.now() - this.heldAt > HELD_REFRESH_MS || !this.last;
    const [f, held] = await Promise.all([
      this.budget.figures(),
      fresh ? this.budget.heldBytes() : Promise.resolve(this.last!.held),
    ]);
    if (fresh) this.heldAt = performance.now();
    this.last = { f, held };
    const readings = this.readings(this.last);
    for (const m of Object.keys(readings) as Measure[]) await this.judge(m, readings[m]);
  }

  private async judge(m: Measure, r: Reading) {
    const th = this.thresholds[m];
    const level = th.filter((t) => r.percent >= t).length;
    const was = this.levels.get(m) ?? 0;
    if (level > was) {
      this.levels.set(m, level);
      const severity = m === 'floor' ? 'critical' : SEVERITY[Math.min(level, SEVERITY.length) - 1]!;
      await this.events.emit({
        cameraId: ALL_CAMERAS,
        kind: 'storage',
        details: {
          reason: 'warning',
          measure: m,
          percent: Math.round(r.percent * 10) / 10,
          threshold: th[level - 1],
          usedBytes: r.used,
          limitBytes: r.limit,
          severity,
          message: MESSAGES[m](r),
        },
      });
    } else if (level < was && r.percent < th[was - 1]! - HYSTERESIS) this.levels.set(m, level);
  }
}

const MESSAGES: Record<Measure, (r: Reading) => string> = {
  recordings: (r) =>
    `recordings at ${r.percent.toFixed(0)} % of their ${formatBytes(r.limit)} budget and retention cannot free more: footage under hold fills it; release holds before recording must stop`,
  holds: (r) =>
    `evidence holds keep ${formatBytes(r.used)}, ${r.percent.toFixed(0)} % of their ${formatBytes(r.limit)} cap: new holds are refused past it`,
  exports: (r) =>
    `exports use ${formatBytes(r.used)}, ${r.percent.toFixed(0)} % of their ${formatBytes(r.limit)} budget: new exports are refused past it`,
  floor: (r) =>
    `the recordings volume is ${formatBytes(r.used)} under its free-space floor: the oldest unheld footage is being deleted`,
};
