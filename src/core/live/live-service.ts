import type { AuditJournal } from '../audit/journal.js';
import { forbidden } from '../errors.js';
import type { FleetService } from '../fleet/fleet-service.js';
import type { Clock } from '../ports/clock.js';
import { can, type Principal, SYSTEM } from '../users/principal.js';
import type { LiveFeed, LiveFeedFactory, LiveStreamName, LiveViewer } from './live-port.js';
import type { PrivacyPolicy } from './privacy-policy.js';

/** A camera stream a principal was found allowed to watch. */
export interface LiveTarget {
  cameraId: string;
  cameraName: string;
  /** The stream served: `sub` falls back to `main` on cameras without one. */
  stream: LiveStreamName;
  /** blurred: people pixelated; clear: the user's reveal is in force; off: the camera is not blurred. */
  privacy: 'blurred' | 'clear' | 'off';
  /** When the reveal giving a clear view ends (epoch ms), else null. */
  revealUntil: number | null;
  revealId?: string;
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
    /** Whether this user gets this camera blurred now (none: every feed is clear, as before issue 21). */
    private readonly privacy?: Pick<PrivacyPolicy, 'blurredFor'>,
  ) {}

  /** Scope first (404 outside the caller's sectors, like a missing camera), then role (403). */
  async resolve(p: Principal, cameraId: string, stream: LiveStreamName): Promise<LiveTarget> {
    const cam = await this.fleet.get(p, cameraId);
    // Watching footage, live or recorded, is one right (auditors review the journal, not the streets).
    if (!can(p, 'recordings.view')) throw forbidden('watching video is not allowed for your role');
    const v = this.privacy ? await this.privacy.blurredFor(p, cam.id) : { blurred: false };
    return {
      cameraId: cam.id,
      cameraName: cam.name,
      stream: stream === 'sub' && cam.streams.sub ? 'sub' : 'main',
      privacy: v.blurred ? 'blurred' : v.revealId ? 'clear' : 'off',
      revealUntil: v.revealUntil ?? null,
      ...(v.revealId && { revealId: v.revealId }),
    };
  }

  /** Journals the start (so a crash cannot lose it), then attaches the viewer to the shared feed. */
  async watch(p: Principal, t: LiveTarget, ip: string, viewer: LiveViewer): Promise<LiveView> {
    if (this.closed) throw new Error('live service closed');
    const from = new Date(this.clock.now()).toISOString();
    const base = { actor: p.username, target: t.cameraId, ip };
    // Whether the view was clear (and under which reveal) is part of what is journaled.
    const seen = { stream: t.stream, privacy: t.privacy, ...(t.revealId && { revealId: t.revealId }) };
    await this.journal.record({ ...base, action: 'live.view_start', details: { from, ...seen } });
    const detach = this.feed(t).add(viewer);
    let ended: Promise<void> | undefined;
    return {
      end: () => {
        ended ??= this.track(
          (async () => {
            detach();
            const to = new Date(this.clock.now()).toISOString();
            await this.journal.record({ ...base, action: 'live.view', details: { from, to, ...seen } });
          })(),
        );
        return ended;
      },
    };
  }

  /** Viewers per camera stream that has a feed (for health and metrics). */
  viewers(): { cameraId: string; stream: LiveStreamName; privacy: 'blur' | 'clear'; viewers: number }[] {
    return [...this.feeds.entries()].map(([key, f]) => {
      const [cameraId, stream, privacy] = key.split('\n') as [string, LiveStreamName, 'blur' | 'clear'];
      return { cameraId, stream, privacy, viewers: f.viewerCount };
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
    // A blurred and a clear feed of one camera stream are two relays: the clear one runs only while someone has a
    // reveal (or the camera is not blurred), and no blurred viewer ever shares its bytes.
    const privacy = t.privacy === 'blurred' ? 'blur' : 'clear';
    const key = `${t.cameraId}\n${t.stream}\n${privacy}`;
    let f = this.feeds.get(key);
    if (!f) {
      f = this.makeFeed({
        cameraId: t.cameraId,
        stream: t.stream,
        privacy,
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
