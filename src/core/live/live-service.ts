import type { AuditJournal } from '../audit/journal.js';
import { forbidden } from '../errors.js';
import type { FleetService } from '../fleet/fleet-service.js';
import type { Clock } from '../ports/clock.js';
import { can, type Principal, SYSTEM } from '../users/principal.js';
import type { LiveFeed, LiveFeedFactory, LiveStreamName, LiveViewer } from './live-port.js';

/** A camera stream a principal was found allowed to watch. */
export interface LiveTarget {
  cameraId: string;
  cameraName: string;
  /** The stream served: `sub` falls back to `main` on cameras without one. */
  stream: LiveStreamName;
}

export interface LiveView {
  /** Detaches the viewer and journals the view with its start and end; safe to call twice. */
  end(): Promise<void>;
}

/** Live video: one feed per camera stream, scoped by sector, every view journaled (L7, L10). */
export class LiveService {
  private readonly feeds = new Map<string, LiveFeed>();
  private readonly pending = new Set<Promise<unknown>>();
  private closed = false;
  /** How often an open view re-checks its viewer's session and rights (a logout or lost sector ends it). */
  recheckMs = 30_000;

  constructor(
    private readonly fleet: FleetService,
    private readonly journal: AuditJournal,
    private readonly clock: Clock,
    private readonly makeFeed: LiveFeedFactory,
    /** The camera's privacy masks (live pictures of a masked camera are masked). */
    private readonly masksFor?: (cameraId: string) => Promise<Array<Array<[number, number]>>>,
  ) {}

  /** Scope first (404 outside the caller's sectors, like a missing camera), then role (403). */
  async resolve(p: Principal, cameraId: string, stream: LiveStreamName): Promise<LiveTarget> {
    const cam = await this.fleet.get(p, cameraId);
    // Watching footage, live or recorded, is one right (auditors review the journal, not the streets).
    if (!can(p, 'recordings.view')) throw forbidden('watching video is not allowed for your role');
    return { cameraId: cam.id, cameraName: cam.name, stream: stream === 'sub' && cam.streams.sub ? 'sub' : 'main' };
  }

  /** Journals the start (so a crash cannot lose it), then attaches the viewer to the shared feed. */
  async watch(p: Principal, t: LiveTarget, ip: string, viewer: LiveViewer): Promise<LiveView> {
    if (this.closed) throw new Error('live service closed');
    const from = new Date(this.clock.now()).toISOString();
    const base = { actor: p.username, target: t.cameraId, ip };
    await this.journal.record({ ...base, action: 'live.view_start', details: { from, stream: t.stream } });
    const detach = this.feed(t).add(viewer);
    let ended: Promise<void> | undefined;
    return {
      end: () => {
        ended ??= this.track(
          (async () => {
            detach();
            const to = new Date(this.clock.now()).toISOString();
            await this.journal.record({ ...base, action: 'live.view', details: { from, to, stream: t.stream } });
          })(),
        );
        return ended;
      },
    };
  }

  /** Viewers per camera stream that has a feed (for health and metrics). */
  viewers(): { cameraId: string; stream: LiveStreamName; viewers: number }[] {
    return [...this.feeds.entries()].map(([key, f]) => {
      const [cameraId, stream] = splitKey(key);
      return { cameraId, stream, viewers: f.viewerCount };
    });
  }

  /** Waits for view journaling in flight, then stops every feed (their viewers are dropped). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.feeds.values()].map((f) => f.stop()));
    this.feeds.clear();
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private feed(t: LiveTarget): LiveFeed {
    const key = `${t.cameraId}\n${t.stream}`;
    let f = this.feeds.get(key);
    if (!f) {
      f = this.makeFeed({
        cameraId: t.cameraId,
        stream: t.stream,
        // Read at each (re)connection: a changed URL or password applies from the next restart on.
        resolve: async () => {
          const cam = await this.fleet.get(SYSTEM, t.cameraId);
          const url = (t.stream === 'sub' && cam.streams.sub) || cam.streams.main;
          const credentials = await this.fleet.credentialsFor(t.cameraId);
          const masks = (await this.masksFor?.(t.cameraId)) ?? [];
          return { url, ...(credentials && { credentials }), ...(masks.length > 0 && { masks }) };
        },
      });
      this.feeds.set(key, f);
    }
    return f;
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p)).catch(() => {});
    return p;
  }
}

function splitKey(key: string): [string, LiveStreamName] {
  const i = key.lastIndexOf('\n');
  return [key.slice(0, i), key.slice(i + 1) as LiveStreamName];
}
