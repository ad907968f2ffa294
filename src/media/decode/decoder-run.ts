// One ffmpeg decoder run: spawns it, cuts its stdout into frames, watches for stalls, reports how it ended.
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { type FfmpegCall, feedScript, redact, stdioFor } from '../ffmpeg/secret-input.js';
import { FrameAssembler } from './frame-assembler.js';

export interface DecoderRunOptions {
  ffmpeg: string;
  args: FfmpegCall;
  frameBytes: number;
  onFrame: (data: Uint8Array) => void;
  /** Kill the run when no byte arrives for this long (a frozen camera); absent: no watchdog. */
  stallMs?: number;
}

export interface DecoderExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  reason: 'exited' | 'stalled' | 'killed' | 'spawn-error';
  /** Frames this run delivered. */
  frames: number;
  /** Bytes of a last, incomplete frame (torn by the exit), thrown away. */
  tornBytes: number;
  stderr: string;
  ranMs: number;
}

export class DecoderRun {
  private readonly child: ChildProcessByStdio<null, Readable, Readable>;
  private readonly assembler: FrameAssembler;
  private reason: DecoderExit['reason'] = 'exited';
  private stderr = '';
  readonly exited: Promise<DecoderExit>;

  constructor(o: DecoderRunOptions) {
    const t0 = Date.now();
    this.assembler = new FrameAssembler(o.frameBytes);
    this.child = spawn(o.ffmpeg, o.args.args, {
      stdio: stdioFor(o.args, ['ignore', 'pipe', 'pipe'] as const),
    }) as ChildProcessByStdio<null, Readable, Readable>;
    feedScript(this.child, o.args);
    const stall =
      o.stallMs === undefined
        ? undefined
        : setTimeout(() => {
            this.reason = 'stalled';
            this.child.kill('SIGKILL');
          }, o.stallMs);
    this.child.stdout.on('data', (chunk: Buffer) => {
      stall?.refresh();
      this.assembler.push(chunk, o.onFrame);
    });
    this.child.stderr.setEncoding('utf8').on('data', (d: string) => {
      this.stderr = (this.stderr + d).slice(-4000);
    });
    this.exited = new Promise((resolve) => {
      this.child.on('error', (err) => {
        this.reason = 'spawn-error';
        this.stderr += `\n${err.message}`;
      });
      this.child.on('close', (code, signal) => {
        clearTimeout(stall);
        resolve({
          code,
          signal,
          reason: this.reason,
          frames: this.assembler.frames,
          tornBytes: this.assembler.reset(),
          stderr: redact(this.stderr.trim()),
          ranMs: Date.now() - t0,
        });
      });
    });
  }

  /** Back-pressure for lossless reading: a paused pipe blocks ffmpeg's writes, so it decodes no further. */
  pause(): void {
    this.child.stdout.pause();
  }

  resume(): void {
    this.child.stdout.resume();
  }

  /** SIGTERM, then SIGKILL after graceMs; resolves when the process is gone. */
  async kill(graceMs = 2000): Promise<DecoderExit> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.reason = 'killed';
      const hard = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      this.child.kill('SIGTERM');
      // A paused pipe would keep ffmpeg blocked in write(), deaf to signals handled at frame boundaries.
      this.child.stdout.resume();
      const exit = await this.exited;
      clearTimeout(hard);
      return exit;
    }
    return this.exited;
  }
}
