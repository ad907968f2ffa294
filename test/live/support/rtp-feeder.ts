import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';

export interface FeederOptions {
  width?: number;
  height?: number;
  fps?: number;
  /** `testsrc`: ffmpeg's moving test pattern; `gray-stdin`: raw 8-bit gray frames written to `stdin`. */
  input?: 'testsrc' | 'gray-stdin';
}

/**
 * An ffmpeg encoding H.264 like a camera (no B-frames, 1 s GOP, SPS/PPS in the SDP and before each keyframe)
 * and sending RTP to a UDP port.
 */
export class RtpFeeder {
  private child: ChildProcess | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), 'vigie-feeder-'));

  constructor(private readonly o: FeederOptions = {}) {}

  get stdin(): Writable | null {
    return this.child?.stdin ?? null;
  }

  /** Starts sending to 127.0.0.1:rtpPort; resolves with the SDP once ffmpeg has written it. */
  async start(rtpPort: number, onStarted?: () => void): Promise<string> {
    const { width = 640, height = 360, fps = 25, input = 'testsrc' } = this.o;
    const sdpFile = join(this.dir, 'stream.sdp');
    const src =
      input === 'testsrc'
        ? ['-re', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}`]
        : ['-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${width}x${height}`, '-framerate', String(fps)];
    // Raw frames are stamped on arrival: frames the writer had to skip leave a gap, not a drift.
    const stdinArgs = input === 'gray-stdin' ? ['-use_wallclock_as_timestamps', '1', '-i', 'pipe:0'] : [];
    const args = [
      ...['-hide_banner', '-loglevel', 'error', ...(input === 'testsrc' ? ['-nostdin'] : [])],
      ...src,
      ...stdinArgs,
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', String(fps), '-bf', '0'],
      ...['-pix_fmt', 'yuv420p', '-flags', '+global_header', '-bsf:v', 'dump_extra'],
      ...(input === 'gray-stdin' ? ['-fps_mode', 'passthrough'] : []),
      ...['-f', 'rtp', '-payload_type', '96', '-sdp_file', sdpFile, `rtp://127.0.0.1:${rtpPort}?pkt_size=1200`],
    ];
    const prefix = existsSync('/usr/bin/setpriv') ? ['/usr/bin/setpriv', '--pdeathsig', 'KILL', '--'] : [];
    const argv = [...prefix, 'ffmpeg', ...args];
    const child = spawn(argv[0]!, argv.slice(1), {
      stdio: [input === 'gray-stdin' ? 'pipe' : 'ignore', 'ignore', 'pipe'],
    });
    this.child = child;
    let err = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      err = (err + d).slice(-1000);
    });
    onStarted?.();
    // ffmpeg writes the SDP once the first packet is encoded.
    for (let waited = 0; waited < 15_000; waited += 50) {
      if (existsSync(sdpFile)) {
        const sdp = readFileSync(sdpFile, 'utf8');
        if (sdp.includes('m=video')) return sdp;
      }
      if (child.exitCode !== null) throw new Error(`feeder ffmpeg exited: ${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`feeder wrote no SDP: ${err}`);
  }

  async stop(): Promise<void> {
    const c = this.child;
    if (c && c.exitCode === null && c.signalCode === null) {
      await new Promise<void>((resolve) => {
        c.once('close', () => resolve());
        c.kill('SIGKILL');
      });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
