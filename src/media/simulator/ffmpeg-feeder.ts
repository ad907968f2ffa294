import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { deathSignalPrefix } from './server-process.js';

export interface FeederOptions {
  file: string;
  udpPort: number;
  ffmpeg?: string;
  log?: (line: string) => void;
}

const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 8000;
// A run this long counts as healthy: the next crash restarts fast again.
const HEALTHY_MS = 10_000;

/**
 * One `ffmpeg -re -stream_loop -1 ... -c copy -f rtp` process pushing a clip to the RTSP server's UDP port,
 * restarted with backoff whenever it dies unasked.
 */
export class FfmpegFeeder {
  private child: ChildProcess | undefined;
  private timer: NodeJS.Timeout | undefined;
  private backoff = MIN_BACKOFF_MS;
  private wanted = false;
  /** Times the process was restarted after dying on its own. */
  restarts = 0;

  constructor(private opts: FeederOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get file(): string {
    return this.opts.file;
  }

  start(): void {
    this.wanted = true;
    if (!this.child) this.spawn();
  }

  /** Switches to another clip (e.g. a new resolution): the running process is replaced. */
  async setFile(file: string): Promise<void> {
    this.opts = { ...this.opts, file };
    const was = this.wanted;
    await this.stop();
    if (was) this.start();
  }

  async stop(): Promise<void> {
    this.wanted = false;
    clearTimeout(this.timer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(kill);
  }

  private spawn(): void {
    const { file, udpPort, ffmpeg = 'ffmpeg', log = () => {} } = this.opts;
    const [cmd, ...args] = [
      ...deathSignalPrefix('KILL'),
      ffmpeg,
      ...['-nostdin', '-hide_banner', '-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', file],
      ...['-map', '0:v:0', '-c', 'copy', '-f', 'rtp', `rtp://127.0.0.1:${udpPort}?pkt_size=1400`],
    ];
    // stdout ignored: the RTP muxer prints an SDP there that nobody needs.
    const child = spawn(cmd!, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const started = Date.now();
    this.child = child;
    createInterface({ input: child.stderr! }).on('line', (l) => log(`feeder :${udpPort}: ${l}`));
    child.on('error', (err) => log(`feeder :${udpPort}: ${err.message}`));
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      if (!this.wanted) return;
      if (Date.now() - started > HEALTHY_MS) this.backoff = MIN_BACKOFF_MS;
      log(`feeder :${udpPort} exited (${code ?? signal}), restarting in ${this.backoff} ms`);
      this.timer = setTimeout(() => {
        if (this.wanted && !this.child) {
          this.restarts++;
          this.spawn();
        }
      }, this.backoff);
      this.backoff = Math.min(MAX_BACKOFF_MS, this.backoff * 2);
    });
  }
}
