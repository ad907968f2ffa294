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
  /**
   * An outage (failed runs since the last one that showed life) is retried every backoffInitialMs for this long, then
   * ever more slowly up to backoffMaxMs. Most drops are short (a reboot, a network blip): they are over within seconds
   * and a doubling delay would only add to the gap. Default 30 s.
   */
  quickRetryMs?: number;
  /** Ask the kernel to SIGTERM the child when this process dies, even by kill -9 (Linux, via python3). */
  dieWithParent?: boolean;
}

// prctl(PR_SET_PDEATHSIG, SIGTERM) then exec: an orphaned ffmpeg would otherwise keep writing after a crash. umask 077:
// the files it writes (footage) are the centre user's only from their first byte, whatever the centre's own umask.
const PDEATHSIG_EXEC =
  'import ctypes,os,sys\nctypes.CDLL(None).prctl(1,15)\nif os.getppid()==1: sys.exit(1)\nos.umask(0o077)\nos.execvp(sys.argv[1],sys.argv[1:])';
const PYTHON = '/usr/bin/python3';
const canWrap = process.platform === 'linux' && existsSync(PYTHON);

export type ExitReason = 'exited' | 'stalled' | 'stopped';

/** What `exit` reports: how a run ended, whether it showed life (`alive()` was called), how long it ran. */
export interface RunExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  reason: ExitReason;
  ranMs: number;
  live: boolean;
}

/**
 * Keeps one child process running: quick retries at the start of an outage then exponential backoff, a stall
 * watchdog, and a clean stop (SIGTERM, then SIGKILL) so that ffmpeg can close the file it is writing.
 */
export class SupervisedProcess extends EventEmitter {
  private child?: ChildProcess;
  private stopped = true;
  private delay: number;
  private stallTimer?: NodeJS.Timeout;
  private restartTimer?: NodeJS.Timeout;
  private startedAt = 0;
  /** Whether the current run showed life. */
  private live = false;
  /** When the current outage began (its first failed run ended); undefined while none. */
  private outageSince: number | undefined;
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
    this.live = true;
    if (this.stallTimer) this.stallTimer.refresh();
  }

  /** The wait before the next run, after a run that ended at `now` (see quickRetryMs). */
  private nextDelay(now: number, live: boolean): number {
    if (live || this.outageSince === undefined) {
      this.outageSince = now;
      this.delay = this.o.backoffInitialMs;
    }
    if (now - this.outageSince < (this.o.quickRetryMs ?? 30_000)) return this.o.backoffInitialMs;
    this.delay = Math.min(this.delay * 2, this.o.backoffMaxMs);
    return this.delay;
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
    this.live = false;
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
      const now = Date.now();
      const ranMs = now - this.startedAt;
      this.emit('exit', { code, signal, reason, ranMs, live: this.live } satisfies RunExit);
      if (this.stopped) return;
      const wait = this.nextDelay(now, this.live);
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
