// Camera state changes into the health history, pushed by the bus (never polled): the recorders' camera_offline /
// camera_online events, the tamper analytic's camera_tamper events and their ends, and the degraded-stream
// messages of HEALTH_DEGRADED. One message at a time, in arrival order, so an end is always applied after its start.
import type { Bus } from '../ports/bus.js';
import type { HealthRepo } from '../ports/health.js';

/** Published (payload DegradedChange) when a camera's stream falls below, or comes back above, its floor. */
export const HEALTH_DEGRADED = 'health.degraded';
export const HEALTH_DEGRADED_ENDED = 'health.degraded.ended';

export interface DegradedChange {
  /** Same for the start and the end of one degradation. */
  id: string;
  cameraId: string;
  /** fps or bitrate. */
  detail: string;
  atMs: number;
}

interface EventLike {
  id: string;
  cameraId: string;
  kind: string;
  startedAt: number;
  endedAt?: number;
  details?: Record<string, unknown>;
}

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v.slice(0, 500) : null);

function asEvent(p: unknown): EventLike | undefined {
  const e = p as Partial<EventLike> | null;
  return e && typeof e.id === 'string' && typeof e.cameraId === 'string' && typeof e.startedAt === 'number'
    ? (e as EventLike)
    : undefined;
}

function asDegraded(p: unknown): DegradedChange | undefined {
  const d = p as Partial<DegradedChange> | null;
  return d && typeof d.id === 'string' && typeof d.cameraId === 'string' && typeof d.atMs === 'number'
    ? (d as DegradedChange)
    : undefined;
}

export class HealthHistory {
  private chain: Promise<void> = Promise.resolve();
  private readonly stops: Array<() => void | Promise<void>> = [];

  constructor(
    private readonly repo: HealthRepo,
    private readonly bus: Bus,
    private readonly onError: (err: unknown, topic: string) => void,
    /** Called after each change is stored (metrics re-read the open intervals). */
    private readonly onChange: () => void = () => {},
  ) {}

  /** The embedded centre: one process hears every message. */
  subscribe(): void {
    for (const t of ['events.*', 'health.*'])
      this.stops.push(this.bus.subscribe(t, (p, topic) => void this.enqueue(p, topic)));
  }

  /** A cluster: the api nodes share the work-once group `health-history`, each message applied once. */
  async consume(): Promise<void> {
    for (const t of ['events.*', 'health.*'])
      this.stops.push(await this.bus.consume(t, 'health-history', (p, topic) => this.enqueue(p, topic)));
  }

  /** Resolves once every message received so far is stored. */
  idle(): Promise<void> {
    return this.chain;
  }

  async stop(): Promise<void> {
    for (const s of this.stops.splice(0)) await s();
    await this.chain;
  }

  private enqueue(payload: unknown, topic: string): Promise<void> {
    this.chain = this.chain
      .then(() => this.apply(payload, topic))
      .then(
        (changed) => {
          if (changed) this.onChange();
        },
        (err) => this.onError(err, topic),
      );
    return this.chain;
  }

  /** Applies one message; true when the history changed. */
  async apply(payload: unknown, topic: string): Promise<boolean> {
    if (topic === HEALTH_DEGRADED || topic === HEALTH_DEGRADED_ENDED) {
      const d = asDegraded(payload);
      if (!d) return false;
      if (topic === HEALTH_DEGRADED_ENDED) return this.repo.closeById(d.id, d.atMs);
      const i = { id: d.id, cameraId: d.cameraId, state: 'degraded' as const, detail: str(d.detail) };
      return this.repo.open({ ...i, fromMs: d.atMs, toMs: null });
    }
    const e = asEvent(payload);
    if (!e) return false;
    switch (topic) {
      case 'events.camera_offline': {
        // The recorder says offline again at each failed retry: one outage until the camera is back.
        const open = await this.repo.current();
        if (open.some((i) => i.cameraId === e.cameraId && i.state === 'offline')) return false;
        const reason = str(e.details?.reason);
        return this.repo.open({
          id: e.id,
          cameraId: e.cameraId,
          state: 'offline',
          detail: reason,
          fromMs: e.startedAt,
          toMs: null,
        });
      }
      case 'events.camera_online':
        return (await this.repo.close(e.cameraId, 'offline', e.startedAt)) > 0;
      case 'events.camera_tamper': {
        const sub = str(e.details?.subKind);
        return this.repo.open({
          id: e.id,
          cameraId: e.cameraId,
          state: 'tampered',
          detail: sub,
          fromMs: e.startedAt,
          toMs: null,
        });
      }
      case 'events.camera_tamper.ended':
        return this.repo.closeById(e.id, e.endedAt ?? e.startedAt);
      default:
        return false;
    }
  }
}
