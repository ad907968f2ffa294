// A decoded video source: a file (as fast as possible and lossless, or at real time) or a live URL (supervised,
// restarted with backoff), delivering Frame objects by push ('frame' events) or pull (lossless async iteration).
import { EventEmitter } from 'node:events';
import { probeVideo } from '../ffmpeg/probe.js';
import { redact } from '../ffmpeg/secret-input.js';
import type { Frame, PixelFormat } from '../frames/frame.js';
import { frameBytes } from '../frames/frame.js';
import { buildDecodeArgs, isNetworkInput, resolveOutputSize, type SizeRequest } from './decode-args.js';
import { type DecoderExit, DecoderRun } from './decoder-run.js';
import { KeptFrameIndex } from './frame-sampling.js';
import { LiveClock, nominalPeriodMs } from './live-clock.js';

export interface FrameSourceOptions extends SizeRequest {
  cameraId: string;
  /** A file path or a network URL (rtsp://...). */
  input: string;
  /** Default 'gray'. */
  format?: PixelFormat;
  /**
   * Keep the source frames of this rate (frame-sampling.ts: the same frames in every use, files and live); absent:
   * every frame. Either way a frame's seq is its index among the source's decoded frames.
   */
  fps?: number;
  /** Files: play at the native rate (-re) instead of as fast as possible. */
  realtime?: boolean;
  /** Files: loop forever. */
  loop?: boolean;
  /** Supervise and restart on exit/stall; default true for network inputs, false for files. */
  live?: boolean;
  /** Pull mode only: frames decoded ahead of the consumer before the pipe is paused. Default 4. */
  readAhead?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** A live run lasting this long resets the backoff. Default 30 s. */
  stableAfterMs?: number;
  /** Live: restart when no byte arrives for this long. Default 10 s. */
  stallMs?: number;
  ioTimeoutMs?: number;
  /**
   * Live RTSP: learn the stream in this long (probe and decoder, -analyzeduration) when it tells its size that fast;
   * one that does not (no parameter sets in its SDP, a long GOP) is probed again, and decoded, with ffmpeg's default.
   * Each takes ~3.3 s on a camera otherwise, twice at every camera start (a takeover's longest step).
   */
  quickProbeMs?: number;
  threads?: number;
  ffmpeg?: string;
  ffprobe?: string;
}

export interface FrameSourceStats {
  frames: number;
  restarts: number;
  tornBytes: number;
  width: number;
  height: number;
  /** The source's frame rate as probed (0: unknown); `fps` keeps frames by it. */
  sourceFps: number;
  lastExit?: DecoderExit;
}

/**
 * Events: 'frame' (Frame), 'end' (a file ran out), 'error' (Error: a file failed; live sources never give up),
 * 'restart' ({ delayMs, exit } or { delayMs, error } when the probe failed) before each live reconnection.
 */
export class FrameSource extends EventEmitter {
  private run: DecoderRun | undefined;
  private stopped = false;
  private started: Promise<void> | undefined;
  private booting: Promise<void> | undefined;
  private size = { width: 0, height: 0 };
  private srcFps = 0;
  /** The seq of the current run's first decoded frame: 0 for a file; a live reconnection continues the count. */
  private runBase = 0;
  /** The analysis time the decoder is given: quickProbeMs when the stream told its size within it. */
  private analyzeMs: number | undefined;
  private index = new KeptFrameIndex(0);
  private seq = 0;
  private clock = new LiveClock(undefined);
  private delay: number;
  private restartTimer: NodeJS.Timeout | undefined;
  /** Ends the wait between two probes of a camera that is down at once (stop() must not wait for it). */
  private wakeProbe: (() => void) | undefined;
  private pull: { buf: Frame[]; wake: (() => void) | undefined; done: boolean; error?: Error } | undefined;
  readonly stats: FrameSourceStats = { frames: 0, restarts: 0, tornBytes: 0, width: 0, height: 0, sourceFps: 0 };
  readonly live: boolean;

  constructor(private readonly o: FrameSourceOptions) {
    super();
    this.live = o.live ?? isNetworkInput(o.input);
    this.delay = o.backoffInitialMs ?? 500;
  }

  get format(): PixelFormat {
    return this.o.format ?? 'gray';
  }

  /**
   * Resolves the output size (probing the input when needed) and spawns the decoder. Files: resolves once decoding
   * has started, rejects if the file cannot be read. Live: resolves at once; a camera that is down is retried.
   */
  start(): Promise<void> {
    if (!this.started) {
      this.booting = this.boot();
      this.started = this.live ? Promise.resolve() : this.booting;
      if (this.live) this.booting.catch((err: Error) => this.emit('error', err));
    }
    return this.started;
  }

  private async boot(): Promise<void> {
    const { width, height, keepAspect } = this.o;
    // The kept frames are picked by the source's rate: a rate to sample at needs the probe too.
    const needProbe = !this.live || !(width && height && keepAspect === false) || this.o.fps !== undefined;
    const src = needProbe ? await this.probe() : undefined;
    if (this.stopped) return;
    if (src && (!src.width || !src.height)) throw new Error(`${redact(this.o.input)}: video size unknown`);
    this.size = src
      ? resolveOutputSize({ width: src.width!, height: src.height! }, this.o)
      : { width: width!, height: height! };
    this.srcFps = src?.fps ?? 0;
    Object.assign(this.stats, this.size, { sourceFps: this.srcFps });
    if (!this.stopped) this.spawnRun();
  }

  // A live camera may be down when we start: keep probing with the same backoff as reconnections.
  private async probe(): Promise<Awaited<ReturnType<typeof probeVideo>> | undefined> {
    const quick = this.live && /^rtsps?:/i.test(this.o.input) ? this.o.quickProbeMs : undefined;
    if (quick) {
      const o = { ffprobe: this.o.ffprobe, ioTimeoutMs: this.o.ioTimeoutMs, analyzeMs: quick };
      const v = await probeVideo(this.o.input, o).catch(() => undefined);
      if (v?.width && v.height) {
        this.analyzeMs = quick;
        return v;
      }
    }
    this.analyzeMs = undefined;
    for (;;) {
      try {
        return await probeVideo(this.o.input, { ffprobe: this.o.ffprobe, ioTimeoutMs: this.o.ioTimeoutMs });
      } catch (err) {
        if (!this.live || this.stopped) throw err;
        const delayMs = this.nextDelay(0);
        this.emit('restart', { delayMs, error: (err as Error).message });
        await new Promise<void>((r) => {
          this.wakeProbe = r;
          this.restartTimer = setTimeout(r, delayMs);
        });
        this.wakeProbe = undefined;
        if (this.stopped) return undefined;
      }
    }
  }

  private nextDelay(ranMs: number): number {
    if (ranMs >= (this.o.stableAfterMs ?? 30_000)) this.delay = this.o.backoffInitialMs ?? 500;
    const delayMs = this.delay;
    this.delay = Math.min(this.delay * 2, this.o.backoffMaxMs ?? 30_000);
    this.stats.restarts++;
    return delayMs;
  }

  private spawnRun(): void {
    const o = this.o;
    // Live: the same rule on the frames' times. A stream's declared rate cannot be trusted to count frames by (RTSP
    // sources report a timebase, a field rate or a guess), while its timestamps stay right.
    const byIndex = this.live ? 0 : this.srcFps;
    const analyze = this.analyzeMs !== undefined ? { analyzeMs: this.analyzeMs } : {};
    const args = buildDecodeArgs({ ...o, ...this.size, format: this.format, sourceFps: byIndex, ...analyze });
    this.runBase = this.seq;
    this.index = new KeptFrameIndex(byIndex, o.fps);
    // Each run (a reconnection) starts its own clock at its first frame.
    if (this.live) this.clock = new LiveClock(nominalPeriodMs(this.srcFps, o.fps));
    const run = new DecoderRun({
      ffmpeg: o.ffmpeg ?? 'ffmpeg',
      args,
      frameBytes: frameBytes(this.size.width, this.size.height, this.format),
      onFrame: (data) => this.deliver(data),
      stallMs: this.live ? (o.stallMs ?? 10_000) : undefined,
    });
    this.run = run;
    void run.exited.then((exit) => this.onExit(run, exit));
  }

  private deliver(data: Uint8Array): void {
    if (this.stopped) return;
    // ffmpeg kept this frame by the rule KeptFrameIndex replays: the same index, without asking ffmpeg per frame.
    const seq = this.runBase + this.index.next();
    this.seq = seq + 1;
    // Files: time from the frame's position; live: the stream's period from the first arrival (live-clock.ts).
    const ptsMs = this.live || !this.srcFps ? this.clock.stamp(Date.now()) : (seq * 1000) / this.srcFps;
    const frame: Frame = { cameraId: this.o.cameraId, seq, ptsMs, ...this.size, format: this.format, data };
    this.stats.frames++;
    if (!this.pull) {
      this.emit('frame', frame);
      return;
    }
    this.pull.buf.push(frame);
    if (this.pull.buf.length >= (this.o.readAhead ?? 4)) this.run?.pause();
    this.wake();
  }

  private wake(): void {
    const w = this.pull?.wake;
    if (this.pull) this.pull.wake = undefined;
    w?.();
  }

  private onExit(run: DecoderRun, exit: DecoderExit): void {
    if (run !== this.run) return;
    this.run = undefined;
    this.stats.lastExit = exit;
    this.stats.tornBytes += exit.tornBytes;
    if (this.stopped) return;
    if (!this.live) {
      if (exit.code === 0) this.finish();
      else
        this.finish(
          new Error(
            `decoding ${redact(this.o.input)} failed (${exit.reason}, exit ${exit.code ?? exit.signal}): ${exit.stderr}`,
          ),
        );
      return;
    }
    const delayMs = this.nextDelay(exit.ranMs);
    this.emit('restart', { delayMs, exit });
    this.restartTimer = setTimeout(() => {
      if (!this.stopped) this.spawnRun();
    }, delayMs);
  }

  private finish(error?: Error): void {
    if (this.pull) {
      this.pull.done = true;
      this.pull.error = error;
      this.wake();
    }
    // With a pull consumer the error is thrown by the iterator; an 'error' event without listener would crash.
    if (error && !this.pull) this.emit('error', error);
    if (!error) this.emit('end');
  }

  /**
   * Lossless, in-order iteration (starts the source): the decoder is paused while `readAhead` frames wait, so a slow
   * consumer slows decoding instead of losing frames. For evaluation on files; live analytics want push + a drop queue.
   */
  async *frames(): AsyncGenerator<Frame> {
    if (this.pull) throw new Error('frames() can be iterated only once');
    const pull: NonNullable<FrameSource['pull']> = { buf: [], wake: undefined, done: false };
    this.pull = pull;
    try {
      await this.start();
      for (;;) {
        const f = pull.buf.shift();
        if (f) {
          if (pull.buf.length < (this.o.readAhead ?? 4)) this.run?.resume();
          yield f;
          continue;
        }
        if (pull.error) throw pull.error;
        if (pull.done || this.stopped) return;
        await new Promise<void>((r) => {
          pull.wake = r;
        });
      }
    } finally {
      await this.stop();
    }
  }

  /** Stops decoding (and any pending restart); frames decoded after this are discarded. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    // A camera down since the start waits between probes inside boot(), which stop() awaits: wake it to see `stopped`.
    this.wakeProbe?.();
    if (this.pull) {
      this.pull.done = true;
      this.wake();
    }
    await this.booting?.catch(() => undefined);
    const run = this.run;
    if (run) await run.kill();
  }
}
