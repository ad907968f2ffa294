import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { redact } from '../ffmpeg/secret-input.js';
import { recorderArgs } from './ffmpeg-args.js';
import { type Progress, ProgressParser } from './progress.js';
import { parseSegmentListLine, WallClockAnchor } from './segment-list.js';
import { type RunExit, SupervisedProcess } from './supervised-process.js';

export type StreamState = 'starting' | 'online' | 'offline' | 'stopped';

export interface StreamHealth {
  cameraId: string;
  state: StreamState;
  since: number;
  fps: number;
  /** Frames received by the current run (ffmpeg's count): a watcher derives the recent frame rate from it. */
  frames?: number;
  bitrateKbps: number;
  lastFrameAt: number | null;
  restarts: number;
  lastError: string | null;
  segments: number;
}

export interface ClosedSegment {
  cameraId: string;
  file: string;
  startMs: number;
  endMs: number;
}

/** A failed run, before the next attempt: what the supervisor logs. */
export interface RecorderRetry {
  cameraId: string;
  /** Why the run ended: ffmpeg's last error line (credentials redacted), a stall, or the exit code. */
  reason: string;
  ranMs: number;
  /** Whether the run delivered media before it failed (a drop) or never did (a failed connection). */
  delivered: boolean;
  delayMs: number;
  restarts: number;
}

export interface CameraRecorderOptions {
  cameraId: string;
  url: string;
  incomingDir: string;
  segmentSeconds: number;
  ffmpegPath: string;
  stallMs: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** See SupervisedProcess.quickRetryMs. */
  quickRetryMs?: number;
  now?: () => number;
}

// Muxer warnings a healthy stream prints (a camera's first packets): not a reason for anything that went wrong.
const BENIGN = /Non-monotonous DTS|Timestamps are unset|deprecated/;

/** The lines of ffmpeg's stderr worth showing an operator, reduced to the reason (credentials hidden). */
function errorReason(line: string): string | undefined {
  const l = line.trim();
  if (!l || l.includes('=') || BENIGN.test(l)) return undefined;
  // `pipe:3` is the script naming a camera URL with credentials (secret-input.ts): the camera's stream to a reader.
  return redact(l.replace(/^\[[^\]]+\]\s*/, '').replace(/^pipe:3:/, 'camera stream:')).slice(0, 300);
}

/**
 * One camera's main stream recorded by copy: ffmpeg supervised with backoff and a stall watchdog; emits `segment`
 * for each closed segment (with wall-clock times) and `state` on every health state change.
 */
export class CameraRecorder extends EventEmitter {
  private readonly proc: SupervisedProcess;
  private readonly now: () => number;
  private anchor = new WallClockAnchor();
  private lastOutUs = -1;
  /** Stream time where this run's last listed segment ended: a leftover holds what came after. */
  private listedEndSec = 0;
  private listBuf = '';
  private runId = '';
  /** This run's last error line: the reason its exit is logged with (a silent exit is described by its code). */
  private runError: string | null = null;
  private lastExit: { reason: string; ranMs: number; delivered: boolean } | undefined;
  /** Files of the current run already handed over as segments. */
  private readonly listed = new Set<string>();
  private h: StreamHealth;

  constructor(private readonly o: CameraRecorderOptions) {
    super();
    if (!isAbsolute(o.incomingDir)) throw new Error('incomingDir must be absolute');
    this.now = o.now ?? Date.now;
    this.h = {
      cameraId: o.cameraId,
      state: 'stopped',
      since: this.now(),
      fps: 0,
      bitrateKbps: 0,
      lastFrameAt: null,
      restarts: 0,
      lastError: null,
      segments: 0,
    };
    this.proc = new SupervisedProcess({
      command: o.ffmpegPath,
      args: () => {
        this.anchor = new WallClockAnchor();
        this.lastOutUs = -1;
        this.listedEndSec = 0;
        mkdirSync(o.incomingDir, { recursive: true, mode: 0o700 });
        this.runId = randomBytes(3).toString('hex');
        this.runError = null;
        this.listed.clear();
        return recorderArgs({ ...o, ioTimeoutSec: Math.max(1, o.stallMs / 1000), runId: this.runId });
      },
      stallMs: o.stallMs,
      backoffInitialMs: o.backoffInitialMs,
      backoffMaxMs: o.backoffMaxMs,
      quickRetryMs: o.quickRetryMs,
      dieWithParent: true,
    });
    const progress = new ProgressParser((p) => this.onProgress(p));
    this.proc.on('stderr', (d: string) => {
      progress.push(d);
      for (const line of d.split('\n')) {
        const reason = errorReason(line);
        if (reason) this.h.lastError = this.runError = reason;
      }
    });
    this.proc.on('stdout', (d: string) => this.onList(d));
    this.proc.on('spawn-error', (e: Error) => (this.h.lastError = `cannot start ffmpeg: ${e.message}`));
    this.proc.on('exit', (e: RunExit) => {
      this.handOverLeftovers();
      const why =
        e.reason === 'stalled'
          ? `no data for ${o.stallMs / 1000} s (stalled)`
          : (this.runError ??
            (e.code === 0 ? 'the camera ended the stream' : `ffmpeg exited with ${e.code ?? e.signal}`));
      if (e.reason !== 'stopped') this.h.lastError = why;
      this.lastExit = { reason: why, ranMs: e.ranMs, delivered: e.live };
      this.setState(e.reason === 'stopped' ? 'stopped' : 'offline');
    });
    this.proc.on('backoff', (delayMs: number) => {
      this.h.restarts = this.proc.restarts;
      if (!this.lastExit) return;
      this.emit('retry', {
        cameraId: o.cameraId,
        ...this.lastExit,
        delayMs,
        restarts: this.h.restarts,
      } satisfies RecorderRetry);
    });
  }

  /** The ffmpeg process id while it runs (for CPU accounting). */
  get pid(): number | undefined {
    return this.proc.pid;
  }

  health(): StreamHealth {
    return { ...this.h };
  }

  start() {
    this.setState('starting');
    this.proc.start();
  }

  stop() {
    return this.proc.stop();
  }

  /**
   * A run's files that ffmpeg never listed (cut at a stop or a crash): `leftover` (file, recordedMs), for repair or
   * removal; recordedMs is the media the run passed on after its last listed segment (progress reports: up to 0.5 s
   * short), given for the newest file only, so that a file holding less is known to be cut.
   */
  private handOverLeftovers() {
    const suffix = `_${this.runId}.mp4`;
    let names: string[] = [];
    try {
      names = readdirSync(this.o.incomingDir);
    } catch {
      return;
    }
    const left: string[] = [];
    for (const name of names) {
      if (name.endsWith(suffix) && !this.listed.has(name)) left.push(name);
    }
    // Named by their opening second: the newest is the one that was being written.
    const startSec = (n: string) => Number(/_(\d+)_[0-9a-f]+\.mp4$/.exec(n)?.[1] ?? 0);
    left.sort((a, b) => startSec(a) - startSec(b));
    const recordedMs = Math.max(0, Math.round(this.lastOutUs / 1000 - this.listedEndSec * 1000));
    left.forEach((name, i) => {
      const file = join(this.o.incomingDir, name);
      this.emit('leftover', file, i === left.length - 1 && this.lastOutUs > 0 ? recordedMs : undefined);
    });
  }

  private setState(state: StreamState) {
    if (this.h.state === state) return;
    this.h = { ...this.h, state, since: this.now() };
    if (state !== 'online') this.h.fps = 0;
    this.emit('state', this.health());
  }

  private onProgress(p: Progress) {
    if (p.outTimeUs > this.lastOutUs) {
      this.lastOutUs = p.outTimeUs;
      this.proc.alive();
      this.h.lastFrameAt = this.now();
      this.h.fps = p.fps;
      this.h.frames = p.frame;
      if (p.bitrateKbps > 0) this.h.bitrateKbps = p.bitrateKbps;
      if (this.h.state !== 'online') {
        this.h.lastError = null;
        this.setState('online');
      }
    }
  }

  private onList(chunk: string) {
    this.listBuf += chunk;
    let nl = this.listBuf.indexOf('\n');
    while (nl >= 0) {
      const seg = parseSegmentListLine(this.listBuf.slice(0, nl));
      this.listBuf = this.listBuf.slice(nl + 1);
      nl = this.listBuf.indexOf('\n');
      if (!seg) continue;
      if (seg.endSec <= seg.startSec) continue; // empty: left over, then discarded
      this.anchor.observe(this.now(), seg.endSec);
      this.listedEndSec = Math.max(this.listedEndSec, seg.endSec);
      const anchor = this.anchor.ms!;
      this.h.segments++;
      const file = isAbsolute(seg.file) ? seg.file : join(this.o.incomingDir, seg.file);
      this.listed.add(basename(file));
      // ffmpeg reports no bitrate for segmented output: measured on the closed segment instead.
      try {
        this.h.bitrateKbps = Math.round((statSync(file).size * 8) / (seg.endSec - seg.startSec) / 1000);
      } catch {
        // moved or gone already: keep the last figure
      }
      this.emit('segment', {
        cameraId: this.o.cameraId,
        file,
        startMs: Math.round(anchor + seg.startSec * 1000),
        endMs: Math.round(anchor + seg.endSec * 1000),
      } satisfies ClosedSegment);
    }
  }
}
