import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NormalisedPolygon, writeMaskPng } from '../export/mask-overlay.js';
import { FilteredUpstream, type FrameFilterFactory } from './filtered-upstream.js';
import type { Fmp4Part, InitSegment } from './fmp4.js';
import { type FragmentMode, Upstream } from './upstream.js';

/** What the relay needs of its upstream, copied (Upstream) or decoded, filtered and encoded (FilteredUpstream). */
type Source = Pick<Upstream, 'alive' | 'lastDataAt' | 'gotInit' | 'startedAt'> & {
  kill(graceMs?: number): Promise<void>;
};

export type RelayStatus = 'connecting' | 'live' | 'reconnecting';

/** One viewer of a relay (e.g. a WebSocket); the relay never waits on it. */
export interface LiveViewer {
  /** Bytes handed to this viewer and not yet written to the network. */
  buffered(): number;
  init(segment: InitSegment): void;
  fragment(data: Buffer): void;
  /** The relay let go of this viewer (too slow, or relay stopped): close it. */
  drop(reason: string): void;
  status?(status: RelayStatus, detail?: string): void;
}

export interface LiveRelayOptions {
  /** Resolved at each (re)start, so changed credentials are picked up; the URL is never logged. */
  url: () => Promise<string> | string;
  /** The camera's privacy masks, resolved at each (re)start: any → the stream is masked and re-encoded. */
  masks?: () => Promise<readonly NormalisedPolygon[]>;
  /**
   * Resolved at each (re)start: a filter → the pictures are decoded, filtered (people pixelated) and encoded again;
   * none → the stream is copied as the camera sends it (masked and re-encoded when it has privacy masks).
   */
  filter?: () => Promise<FrameFilterFactory | undefined> | FrameFilterFactory | undefined;
  ffmpeg?: string;
  fragment?: FragmentMode;
  /** Upstream kept this long after the last viewer leaves (a viewer coming back starts at once). */
  idleStopMs?: number;
  /** A viewer with more than this queued is dropped (it would only fall further behind). */
  maxViewerBufferBytes?: number;
  /** Cap on the fragments kept since the last keyframe (for instant start of new viewers). */
  maxGopCacheBytes?: number;
  /** No output for this long while viewers wait: the upstream is killed and restarted. */
  stallMs?: number;
  backoffMs?: { min: number; max: number };
  log?: (msg: string) => void;
}

/** One upstream ffmpeg per camera stream, fanned out to any number of viewers. */
export class LiveRelay {
  private upstream: Source | undefined;
  private starting = false;
  private init: InitSegment | undefined;
  private gop: Buffer[] = [];
  private gopBytes = 0;
  private readonly viewers = new Map<LiveViewer, { synced: boolean }>();
  private idleTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private backoff: number;
  private fastProbe = true;
  private stopped = false;
  readonly stats = { starts: 0, fragments: 0, bytes: 0, dropped: 0, lastError: '' };

  constructor(private readonly o: LiveRelayOptions) {
    this.backoff = o.backoffMs?.min ?? 500;
  }

  private maskFolder: string | undefined;

  private async maskDir(): Promise<string> {
    this.maskFolder ??= await mkdtemp(join(tmpdir(), 'vigie-live-mask-'));
    return this.maskFolder;
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  get running(): boolean {
    return this.upstream?.alive ?? false;
  }

  get codec(): string | undefined {
    return this.init?.codec;
  }

  /** Adds a viewer: it gets the init segment, then the current GOP, then live fragments. Returns its detach. */
  add(viewer: LiveViewer): () => void {
    if (this.stopped) throw new Error('relay stopped');
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const state = { synced: false };
    this.viewers.set(viewer, state);
    if (this.init) {
      viewer.init(this.init);
      if (this.gop.length) {
        for (const f of this.gop) viewer.fragment(f);
        state.synced = true;
        viewer.status?.('live');
      }
    } else {
      viewer.status?.(this.stats.starts > 0 && !this.starting ? 'reconnecting' : 'connecting');
    }
    if (!this.upstream && !this.retryTimer) void this.start();
    return () => this.remove(viewer);
  }

  /** Stops now: the upstream is killed and every viewer dropped. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const v of [...this.viewers.keys()]) this.remove(v, 'relay stopped');
    await this.halt();
    if (this.maskFolder) await rm(this.maskFolder, { recursive: true, force: true });
  }

  private remove(viewer: LiveViewer, dropReason?: string) {
    if (!this.viewers.delete(viewer)) return;
    if (dropReason) viewer.drop(dropReason);
    if (this.viewers.size === 0 && !this.stopped) {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => void this.halt(), this.o.idleStopMs ?? 5000);
    }
  }

  private async halt() {
    clearTimeout(this.idleTimer);
    clearTimeout(this.retryTimer);
    clearInterval(this.watchdog);
    this.idleTimer = this.retryTimer = this.watchdog = undefined;
    const up = this.upstream;
    this.upstream = undefined;
    this.init = undefined;
    this.clearGop();
    await up?.kill();
  }

  private async start() {
    if (this.starting || this.stopped) return;
    this.starting = true;
    let url: string;
    let maskPng: string | undefined;
    let filter: FrameFilterFactory | undefined;
    try {
      url = await this.o.url();
      filter = await this.o.filter?.();
      const masks = (await this.o.masks?.()) ?? [];
      if (masks.length > 0) {
        // Any size: the picture is scaled to the stream by ffmpeg (the polygons are fractions of it).
        maskPng = join(await this.maskDir(), 'masks.png');
        await writeMaskPng(masks, 1024, 1024, maskPng);
      }
    } catch (e) {
      this.starting = false;
      return this.onExit(`cannot resolve stream URL: ${(e as Error).message}`);
    }
    this.starting = false;
    if (this.stopped || this.viewers.size === 0 || this.upstream) return;
    this.stats.starts++;
    const events = {
      part: (p: Fmp4Part) => this.onPart(p),
      exit: (why: string) => {
        if (this.upstream === up) this.onExit(why);
      },
    };
    const ffmpeg = this.o.ffmpeg ?? 'ffmpeg';
    const up: Source = filter
      ? new FilteredUpstream(url, ffmpeg, events, filter, maskPng)
      : new Upstream(url, this.o.fragment ?? 'frame', this.fastProbe, ffmpeg, events, maskPng);
    this.upstream = up;
    const stallMs = this.o.stallMs ?? 15_000;
    this.watchdog = setInterval(
      () => {
        if (up.alive && Date.now() - up.lastDataAt > stallMs) {
          this.o.log?.(`live upstream silent for ${stallMs} ms: restarting it`);
          void up.kill(500);
        }
      },
      Math.min(1000, stallMs),
    );
  }

  private onExit(why: string) {
    clearInterval(this.watchdog);
    const ranMs = this.upstream ? Date.now() - this.upstream.startedAt : 0;
    const delivered = this.upstream?.gotInit ?? false;
    // Failing before any init may mean the fast probe missed codec parameters: alternate the two ways.
    if (this.upstream && !this.upstream.gotInit) this.fastProbe = !this.fastProbe;
    this.upstream = undefined;
    this.init = undefined;
    this.clearGop();
    this.stats.lastError = why;
    if (this.stopped || this.viewers.size === 0) return;
    // A stream that delivered (a drop, not a failure to connect) deserves a quick retry, however short it ran; one that
    // keeps failing is retried ever more slowly.
    if (ranMs > 10_000 || delivered) this.backoff = this.o.backoffMs?.min ?? 500;
    const delay = this.backoff;
    this.backoff = Math.min(this.o.backoffMs?.max ?? 10_000, this.backoff * 2);
    this.o.log?.(`live upstream ended (${why}); retry in ${delay} ms`);
    for (const [v, s] of this.viewers) {
      s.synced = false;
      v.status?.('reconnecting', why);
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.start();
    }, delay);
  }

  private onPart(p: Fmp4Part) {
    if (p.kind === 'init') {
      this.init = p;
      this.clearGop();
      for (const [v, s] of this.viewers) {
        s.synced = false;
        if (this.fits(v)) v.init(p);
      }
      return;
    }
    this.stats.fragments++;
    this.stats.bytes += p.data.length;
    if (p.keyframe) this.clearGop();
    if (p.keyframe || this.gop.length) {
      this.gop.push(p.data);
      this.gopBytes += p.data.length;
      // An endless GOP would pin memory: give up the cache until the next keyframe.
      if (this.gopBytes > (this.o.maxGopCacheBytes ?? 3 * 1024 * 1024)) this.clearGop();
    }
    for (const [v, s] of this.viewers) {
      if (!s.synced && !p.keyframe) continue;
      if (!this.fits(v)) continue;
      v.fragment(p.data);
      if (!s.synced) {
        s.synced = true;
        v.status?.('live');
      }
    }
  }

  /** Drops a viewer whose queue is past the bound; says whether it may still be sent to. */
  private fits(v: LiveViewer): boolean {
    if (v.buffered() <= (this.o.maxViewerBufferBytes ?? 4 * 1024 * 1024)) return true;
    this.stats.dropped++;
    this.remove(v, 'viewer too slow: send buffer over the bound');
    return false;
  }

  private clearGop() {
    this.gop = [];
    this.gopBytes = 0;
  }
}
