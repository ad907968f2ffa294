import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const SYSTEM_PYTHON = '/usr/bin/python3';
const SETPRIV = '/usr/bin/setpriv';

export interface ServerStream {
  udpPort: number;
  /** Clip looped by the server itself; absent when an external feeder (ffmpeg) pushes RTP to udpPort. */
  file?: string;
}

export interface ServerCamera {
  id: string;
  streams: { main: ServerStream; sub: ServerStream };
}

export interface ServerConfig {
  host: string;
  port: number;
  cameras: ServerCamera[];
  threads?: number;
}

export type ServerCommand = 'drop' | 'freeze' | 'garbage' | 'restore' | 'source' | 'ping';

/** Path of rtsp_server.py; built code (dist/) has no .py files, so it falls back to the source tree. */
export function rtspServerScript(): string {
  for (const rel of ['./rtsp_server.py', '../../../src/media/simulator/rtsp_server.py']) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new Error('rtsp_server.py not found next to the simulator nor under src/media/simulator');
}

/** Prefix that kills the child when we die, even by SIGKILL, so no server or feeder outlives the simulator. */
export function deathSignalPrefix(signal: 'TERM' | 'KILL'): string[] {
  return existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', signal, '--'] : [];
}

/** The python RTSP server as a child process, driven by JSON lines on stdin/stdout. */
export class RtspServerProcess {
  private child: ChildProcessWithoutNullStreams | undefined;
  private seq = 0;
  private readonly pending = new Map<
    number,
    { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }
  >();
  private stopping = false;
  /** Called when the process exits without stop() having been asked. */
  onCrash: ((why: string) => void) | undefined;

  constructor(
    private readonly python = SYSTEM_PYTHON,
    private readonly log: (line: string) => void = () => {},
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Spawns the server and resolves with the port it listens on once it prints its ready line. */
  start(cfg: ServerConfig, timeoutMs = 15_000): Promise<{ port: number; pid: number }> {
    const [cmd, ...args] = [...deathSignalPrefix('TERM'), this.python, rtspServerScript(), '--config', '-'];
    const child = spawn(cmd!, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    this.stopping = false;
    child.stdin.on('error', () => {}); // EPIPE when it died: reported through 'exit'
    child.stdin.write(`${JSON.stringify(cfg)}\n`);
    createInterface({ input: child.stderr }).on('line', (l) => this.log(l));
    const lines = createInterface({ input: child.stdout });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`RTSP server not ready after ${timeoutMs} ms`));
        child.kill('SIGKILL');
      }, timeoutMs);
      lines.on('line', (line) => {
        let msg: Record<string, unknown>;
        try {
          msg = JSON.parse(line) as Record<string, unknown>;
        } catch {
          this.log(`stdout: ${line}`);
          return;
        }
        if (msg.event === 'ready') {
          clearTimeout(timer);
          resolve({ port: Number(msg.port), pid: Number(msg.pid) });
        } else if (msg.event === 'error') {
          clearTimeout(timer);
          reject(new Error(`RTSP server: ${String(msg.error)}`));
        } else if (msg.event === 'ack') {
          const p = this.pending.get(Number(msg.seq));
          this.pending.delete(Number(msg.seq));
          if (msg.ok) p?.resolve(msg);
          else p?.reject(new Error(String(msg.error)));
        }
      });
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        const why = `RTSP server exited (${code ?? signal})`;
        reject(new Error(why));
        for (const p of this.pending.values()) p.reject(new Error(why));
        this.pending.clear();
        if (this.child === child) this.child = undefined;
        if (!this.stopping) this.onCrash?.(why);
      });
    });
  }

  /** Sends one control command and resolves with the server's acknowledgement. */
  command(cmd: ServerCommand, camera?: string, extra: Record<string, unknown> = {}, timeoutMs = 5000) {
    const child = this.child;
    if (!child) return Promise.reject(new Error('RTSP server is not running'));
    const seq = ++this.seq;
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        reject(new Error(`RTSP server did not answer ${cmd} in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(seq, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      child.stdin.write(`${JSON.stringify({ ...extra, seq, cmd, camera })}\n`);
    });
  }

  /** SIGTERM, then SIGKILL if it has not exited within graceMs. */
  async stop(graceMs = 3000): Promise<void> {
    const child = this.child;
    this.stopping = true;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
