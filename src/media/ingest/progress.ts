/** One block of ffmpeg `-progress` output (key=value lines ending with `progress=continue|end`). */
export interface Progress {
  frame: number;
  fps: number;
  outTimeUs: number;
  totalSize: number;
  bitrateKbps: number;
  end: boolean;
}

/** Incremental parser: feed stderr/stdout chunks, get a callback per complete progress block. */
export class ProgressParser {
  private buf = '';
  private cur: Record<string, string> = {};

  constructor(private readonly onProgress: (p: Progress) => void) {}

  push(chunk: string): void {
    this.buf += chunk;
    let nl = this.buf.indexOf('\n');
    while (nl >= 0) {
      this.line(this.buf.slice(0, nl).trim());
      this.buf = this.buf.slice(nl + 1);
      nl = this.buf.indexOf('\n');
    }
    if (this.buf.length > 64 * 1024) this.buf = ''; // a runaway line is not progress output
  }

  private line(line: string) {
    const eq = line.indexOf('=');
    if (eq <= 0) return;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    if (key !== 'progress') {
      this.cur[key] = value;
      return;
    }
    const c = this.cur;
    this.cur = {};
    const num = (s: string | undefined) => (s === undefined || s === 'N/A' ? 0 : Number.parseFloat(s) || 0);
    this.onProgress({
      frame: num(c.frame),
      fps: num(c.fps),
      outTimeUs: num(c.out_time_us ?? c.out_time_ms),
      totalSize: num(c.total_size),
      bitrateKbps: num(c.bitrate?.replace('kbits/s', '')),
      end: value === 'end',
    });
  }
}
