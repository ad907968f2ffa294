import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { type FfmpegCall, feedScript, stdioFor } from '../ffmpeg/secret-input.js';

export interface SupervisorOptions {
  command: string;
  /** Rebuilt at every (re)start, so each run can get fresh arguments (and a script for fd 3, see secret-input). */
  args: () => FfmpegCall;
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** No sign of life (see `alive()`) for this long: the process is killed and restarted. */
  stallMs: number;
  /** A run lasting this long resets the backoff to its initial delay. */
  stableAfterMs?: number;
  /** Ask the kernel to SIGTERM the child when this process dies, even by kill -9 (Linux, via python3). */
  dieWithParent?: boolean;
}

// prctl(PR_SET_PDEATHSIG, SIGTERM) then exec: an orphaned ffmpeg would otherwise keep writing after a crash.
const PDEATHSIG_EXEC =
  'import ctypes,os,sys\nctypes.CDLL(None).prctl(1,15)\nif os.getppid()==1: sys.exit(1)\nos.execvp(sys.argv[1],sys.argv[1:])';
const PYTHON = '/usr/bin/python3';
const canWrap = process.platform === 'linux' && existsSync(PYTHON);

export type ExitReason = 'exited' | 'stalled' | 'stopped';

/**
 * Keeps one child process running: exponential backoff between restarts, a stall watchdog, and a clean stop
 * (SIGTERM, then SIGKILL) so that ffmpeg can close the file it is writing.
 */
export class SupervisedProcess extends EventEmitter {
  private child?: ChildProcess;
  private stopped = true;
  private delay: number;
  private stallTimer?: NodeJS.Timeout;
  private restartTimer?: NodeJS.Timeout;
  private startedAt = 0;
  restarts = 0;

  constructor(private readonly o: SupervisorOptions) {
    super();
    this.delay = o.backoffInitialMs;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.spawnChild();
  }

  /** Call on every sign of progress; it re-arms the stall watchdog. */
  alive(): void {
    if (this.stallTimer) this.stallTimer.refresh();
  }

  private spawnChild() {
    const call = this.o.args();
    const [cmd, args] =
      this.o.dieWithParent && canWrap
        ? [PYTHON, ['-c', PDEATHSIG_EXEC, this.o.command, ...call.args]]
        : [this.o.command, call.args];
    // The wrapper's exec keeps fd 3 open: ffmpeg reads the script from it.
    const child = spawn(cmd, args, { stdio: stdioFor(call, ['ignore', 'pipe', 'pipe'] as const) });
    feedScript(child, call);
    this.child = child;
    this.startedAt = Date.now();
    let reason: ExitReason = 'exited';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => this.emit('stdout', d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => this.emit('stderr', d));
    child.on('error', (err) => this.emit('spawn-error', err));
    this.stallTimer = setTimeout(() => {
      reason = 'stalled';
      child.kill('SIGKILL');
    }, this.o.stallMs);
    child.on('close', (code, signal) => {
      clearTimeout(this.stallTimer);
      this.stallTimer = undefined;
      this.child = undefined;
      if (this.stopped) reason = 'stopped';
      const ranMs = Date.now() - this.startedAt;
      if (ranMs >= (this.o.stableAfterMs ?? 30_000)) this.delay = this.o.backoffInitialMs;
      this.emit('exit', { code, signal, reason, ranMs });
      if (this.stopped) return;
      const wait = this.delay;
      this.delay = Math.min(this.delay * 2, this.o.backoffMaxMs);
      this.restarts++;
      this.emit('backoff', wait);
      this.restartTimer = setTimeout(() => {
        if (!this.stopped) this.spawnChild();
      }, wait);
    });
    this.emit('spawn', child.pid);
  }

  /** Restarts now (e.g. after a configuration change), skipping the backoff. */
  restartNow(): void {
    clearTimeout(this.restartTimer);
    if (this.child) this.child.kill('SIGTERM');
    else if (!this.stopped) this.spawnChild();
  }

  async stop(graceMs = 5000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.once('close', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
