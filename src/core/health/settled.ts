// The settled part of the health history, kept merged in memory: intervals that ended more than SETTLE_MS ago no
// longer change (every message that could move them is dated within minutes of its event), so a report reads only
// the recent rows and the settled ones once per process, then each day's newly settled ones. Three years of a
// 230-camera fleet are ~190 000 intervals: a few MB as merged spans.
import type { HealthRepo, HealthSpan } from '../ports/health.js';
import { UNAVAILABLE_STATES } from '../ports/health.js';
import { type Span, union } from './intervals.js';

export const SETTLE_MS = 2 * 86_400_000;
const DAY = 86_400_000;

export interface Merged {
  down: Span[];
  degraded: Span[];
}

/** Merges two sorted disjoint span lists (each already a union) into one. */
export function mergeUnions(a: readonly Span[], b: readonly Span[]): Span[] {
  if (b.length === 0) return a as Span[];
  if (a.length === 0) return b as Span[];
  return union([...a, ...b], 0);
}

export class SettledHistory {
  private readonly cams = new Map<string, Merged>();
  private untilMs = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;

  constructor(private readonly repo: HealthRepo) {}

  /** Brings the cache up to the settled line for `nowMs` (a whole day at a time); returns that line. */
  async upTo(nowMs: number): Promise<number> {
    const line = Math.floor((nowMs - SETTLE_MS) / DAY) * DAY;
    while (this.untilMs < line) {
      this.loading ??= this.load(line).finally(() => {
        this.loading = undefined;
      });
      await this.loading;
    }
    return this.untilMs;
  }

  get(cameraId: string): Merged | undefined {
    return this.cams.get(cameraId);
  }

  private async load(line: number) {
    const from = this.untilMs;
    const rows = await this.repo.endedSpans(Number.isFinite(from) ? from : Number.MIN_SAFE_INTEGER, line);
    const by = new Map<string, HealthSpan[]>();
    for (const r of rows) (by.get(r.cameraId) ?? by.set(r.cameraId, []).get(r.cameraId)!).push(r);
    for (const [id, list] of by) {
      const m = merged(list, 0);
      const old = this.cams.get(id);
      this.cams.set(
        id,
        old ? { down: mergeUnions(old.down, m.down), degraded: mergeUnions(old.degraded, m.degraded) } : m,
      );
    }
    this.untilMs = line;
  }
}

/** A camera's intervals as two unions: unavailable (offline, tampered) and degraded; open ones end at `openEndMs`. */
export function merged(list: readonly HealthSpan[], openEndMs: number): Merged {
  return {
    down: union(
      list.filter((i) => UNAVAILABLE_STATES.includes(i.state)),
      openEndMs,
    ),
    degraded: union(
      list.filter((i) => i.state === 'degraded'),
      openEndMs,
    ),
  };
}
