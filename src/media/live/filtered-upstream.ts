// A live stream whose pictures are changed on the server before anyone sees them (people pixelated): the camera is
// decoded to raw pictures, each goes through a filter, what the filter hands back is encoded again as low-latency
// H.264 fMP4. A picture the filter drops or fails on is never sent: the viewer sees a held picture, not a clear one.
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { FrameSource } from '../decode/frame-source.js';
import type { Frame } from '../frames/frame.js';
import { cellGrid, pixelateYuv420p } from '../frames/pixelate.js';
import { type Fmp4Part, Fmp4Splitter } from './fmp4.js';
import type { UpstreamEvents } from './upstream.js';

/** Changes pictures in order; some may be dropped (the filter falls behind), none may come back unchanged by mistake. */
export interface FrameFilter {
  push(frame: Frame): void;
  close(): Promise<void>;
}

/** Opens a filter for one run of a stream; `out` receives the filtered pictures, in order. */
export type FrameFilterFactory = (out: (frame: Frame) => void) => Promise<FrameFilter>;

/** ffmpeg arguments of the encoder: raw yuv420p on stdin timed by arrival, an optional mask picture, fMP4 out. */
export function encoderArgs(width: number, height: number, fps: number, maskPng?: string): string[] {
  const input = [
    ...['-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${width}x${height}`],
    // Pictures are timed as they arrive: a dropped one leaves a gap instead of shifting the clock.
    ...['-use_wallclock_as_timestamps', '1', '-i', 'pipe:0'],
  ];
  const video = maskPng
    ? [
        ...['-loop', '1', '-i', maskPng],
        ...['-filter_complex', '[1:v][0:v]scale2ref[m][v];[v][m]overlay=shortest=1,format=yuv420p[o]', '-map', '[o]'],
      ]
    : ['-map', '0:v'];
  const gop = String(Math.max(1, Math.round(fps * 2)));
  return [
    ...['-nostdin', '-hide_banner', '-loglevel', 'error', ...input, ...video],
    ...['-fps_mode', 'passthrough', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency'],
    ...['-g', gop, '-pix_fmt', 'yuv420p'],
    ...['-f', 'mp4', '-movflags', 'empty_moov+default_base_moof+frag_keyframe+frag_every_frame'],
    ...['-flush_packets', '1', 'pipe:1'],
  ];
}

const SETPRIV = '/usr/bin/setpriv';
/** Pictures waiting for the encoder beyond this are dropped (a slow encoder must not pile up memory). */
const MAX_ENCODER_BACKLOG = 8 * 1024 * 1024;

/** Same contract as Upstream (events, kill, alive, lastDataAt, gotInit) for the relay. */
export class FilteredUpstream {
  private readonly source: FrameSource;
  private encoder: ChildProcessByStdio<Writable, Readable, Readable> | undefined;
  private filter: FrameFilter | undefined;
  private readonly splitter = new Fmp4Splitter();
  private size: { width: number; height: number } | undefined;
  private exited = false;
  private stderrTail = '';
  readonly startedAt = Date.now();
  lastDataAt = Date.now();
  gotInit = false;
  /** Pictures decoded, encoded, and dropped on the way (filter or encoder behind). */
  readonly counts = { decoded: 0, encoded: 0, dropped: 0 };

  constructor(
    url: string,
    private readonly ffmpeg: string,
    private readonly events: UpstreamEvents,
    filterFactory: FrameFilterFactory,
    private readonly maskPng?: string,
  ) {
    // The decoder restarts by itself after a camera drop (live FrameSource); the relay's watchdog covers the rest.
    // One decoder thread: frame threading holds each picture back a frame per extra thread (measured at 640x480 25 fps:
    // 164 → 86 ms added by the blur, docs/benchmarks.md), and one thread decodes even 1080p faster than real time.
    this.source = new FrameSource({
      cameraId: 'live',
      input: url,
      format: 'yuv420p',
      ffmpeg,
      live: true,
      threads: 1,
    });
    this.source.on('frame', (f: Frame) => this.onDecoded(f));
    this.source.on('error', (e: Error) => this.finish(`decoder: ${e.message}`));
    // Pictures flow at once: until the filter is open (a worker and a detector loading: seconds on a busy machine)
    // each is pixelated whole, so the viewer sees a mosaic of the scene at once, never the clear picture.
    void this.source.start();
    filterFactory((f) => this.encode(f)).then(
      (filter) => {
        if (this.exited) return void filter.close();
        this.filter = filter;
      },
      (e: Error) => this.finish(`filter failed to open: ${e.message}`),
    );
  }

  get pid(): number | undefined {
    return this.encoder?.pid;
  }

  get alive(): boolean {
    return !this.exited;
  }

  private onDecoded(f: Frame) {
    this.counts.decoded++;
    if (this.size && (this.size.width !== f.width || this.size.height !== f.height)) {
      return this.finish(`picture size changed to ${f.width}x${f.height}`);
    }
    if (this.filter) return this.filter.push(f);
    const all = cellGrid(f.width, f.height);
    all.cells.fill(1);
    pixelateYuv420p(f.data, f.width, f.height, all);
    this.encode(f);
  }

  private encode(f: Frame) {
    if (this.exited) return;
    const enc = this.encoder ?? this.startEncoder(f.width, f.height, this.source.stats.sourceFps || 25);
    if (enc.stdin.writableLength > MAX_ENCODER_BACKLOG) {
      this.counts.dropped++;
      return;
    }
    this.counts.encoded++;
    enc.stdin.write(f.data);
  }

  private startEncoder(width: number, height: number, fps: number) {
    this.size = { width, height };
    const prefix = existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'KILL', '--'] : [];
    const argv = [...prefix, this.ffmpeg, ...encoderArgs(width, height, fps, this.maskPng)];
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.encoder = child;
    child.stdin.on('error', () => {}); // the close handler says why
    child.stdout.on('data', (chunk: Buffer) => {
      this.lastDataAt = Date.now();
      let parts: Fmp4Part[];
      try {
        parts = this.splitter.push(chunk);
      } catch (e) {
        child.kill('SIGKILL');
        return this.finish(`bad fMP4 from the encoder: ${(e as Error).message}`);
      }
      for (const p of parts) {
        if (this.exited) break;
        if (p.kind === 'init') this.gotInit = true;
        this.events.part(p);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      this.stderrTail = (this.stderrTail + d).slice(-2000);
    });
    child.on('error', (e) => this.finish(`encoder failed to start: ${e.message}`));
    child.on('close', (code, signal) => {
      const tail = this.stderrTail.trim().split('\n').slice(-3).join(' | ');
      this.finish(`encoder exited (${code ?? signal})${tail ? `: ${tail}` : ''}`);
    });
    return child;
  }

  private finish(why: string) {
    if (this.exited) return;
    this.exited = true;
    void this.shutdown();
    this.events.exit(why);
  }

  private down: Promise<void> | undefined;

  private shutdown(): Promise<void> {
    this.down ??= this.release();
    return this.down;
  }

  private async release() {
    await this.source.stop().catch(() => undefined);
    await this.filter?.close().catch(() => undefined);
    const enc = this.encoder;
    if (enc && enc.exitCode === null && enc.signalCode === null) {
      enc.stdin.end();
      const t = setTimeout(() => enc.kill('SIGKILL'), 1000);
      await new Promise<void>((r) => enc.once('close', () => r()));
      clearTimeout(t);
    }
  }

  /**
   * Stops decoder, filter and encoder; resolves once they are gone. Says so (exit) like an Upstream whose ffmpeg is
   * killed: the relay's watchdog kills a stalled stream and restarts it on that exit (a filter slow to open, e.g. a
   * detector loading on a busy machine, would otherwise leave the relay waiting forever).
   */
  kill(): Promise<void> {
    this.finish('stopped');
    return this.shutdown();
  }
}
