import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { type FfmpegCall, feedScript, ffmpegInput, redact, stdioFor } from '../ffmpeg/secret-input.js';
import { type Fmp4Part, Fmp4Splitter } from './fmp4.js';

/**
 * How ffmpeg cuts fragments: `frame` one per frame (lowest latency: the muxer holds a frame only until the next
 * one arrives), a number = at most that many µs per fragment, `gop` whole keyframe intervals (segment-style).
 */
export type FragmentMode = 'frame' | 'gop' | number;

/**
 * ffmpeg arguments: RTSP over TCP in, the first video stream as fMP4 on stdout — copied, never transcoded, unless the
 * camera has privacy masks (`maskPng`): then the mask picture is overlaid (scaled to the stream) and H.264 re-encoded.
 */
export function liveArgs(
  url: string,
  mode: FragmentMode = 'frame',
  fastProbe = true,
  ioTimeoutMs = 5000,
  maskPng?: string,
): FfmpegCall {
  const rtsp = url.startsWith('rtsp');
  // Cameras announce SPS/PPS in their SDP, so probing can stop at once (~2 s sooner to first frame); a stream that
  // failed that way is retried with ffmpeg's full probing. Demuxer-side buffering only delays; cameras send in real
  // time. Both apply to the nested demuxer too when the URL goes through a script (measured: 3.0 s to the first
  // frame without them there, 1.4-2.0 s with, as without a script).
  const input = ffmpegInput(
    url,
    rtsp
      ? [
          ['rtsp_transport', 'tcp'],
          ['timeout', String(ioTimeoutMs * 1000)],
        ]
      : [],
    [
      ['fflags', 'nobuffer'],
      ...(fastProbe
        ? ([
            ['analyzeduration', '0'],
            ['probesize', '32'],
          ] as const)
        : []),
    ],
  );
  const flags = ['empty_moov', 'default_base_moof', 'frag_keyframe'];
  if (mode === 'frame') flags.push('frag_every_frame');
  const frag = typeof mode === 'number' ? ['-frag_duration', String(Math.max(1, Math.round(mode)))] : [];
  const args = [
    ...['-nostdin', '-hide_banner', '-loglevel', 'error'],
    ...['-flags', 'low_delay'],
    ...input.args,
    ...(maskPng ? maskedVideo(maskPng) : ['-map', '0:v:0', '-c', 'copy']),
    ...['-f', 'mp4', '-movflags', flags.join('+'), ...frag],
    ...['-flush_packets', '1', 'pipe:1'],
  ];
  return { args, script: input.script };
}

// The mask picture looped as a second input, scaled to the camera's picture, overlaid; a low-latency encode.
function maskedVideo(maskPng: string): string[] {
  const graph = '[1:v][0:v:0]scale2ref[m][v];[v][m]overlay=shortest=1,format=yuv420p[o]';
  return [
    ...['-loop', '1', '-i', maskPng, '-filter_complex', graph, '-map', '[o]'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '25'],
  ];
}

/** Puts camera credentials into a stream URL (percent-encoded by URL itself); the result must never be logged. */
export function withCredentials(url: string, creds?: { username: string; password: string }): string {
  if (!creds) return url;
  const u = new URL(url);
  u.username = creds.username;
  u.password = creds.password;
  return u.toString();
}

export { redact };

const SETPRIV = '/usr/bin/setpriv';

export interface UpstreamEvents {
  part(part: Fmp4Part): void;
  /** The process is gone (exit, spawn error or bad output); `why` is already redacted. */
  exit(why: string): void;
}

/** One ffmpeg turning one camera stream into fMP4 parts. */
export class Upstream {
  private readonly child: ChildProcessByStdio<null, Readable, Readable>;
  private readonly splitter = new Fmp4Splitter();
  private stderrTail = '';
  private exited = false;
  private killTimer: NodeJS.Timeout | undefined;
  readonly startedAt = Date.now();
  /** When the last stdout bytes came (for the stall watchdog). */
  lastDataAt = Date.now();

  /** Whether it produced an init segment (a failure before that may be a probing problem). */
  gotInit = false;

  constructor(
    url: string,
    mode: FragmentMode,
    fastProbe: boolean,
    ffmpeg: string,
    events: UpstreamEvents,
    maskPng?: string,
  ) {
    // pdeathsig: an ffmpeg must never outlive the centre, even one killed with SIGKILL.
    const prefix = existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'KILL', '--'] : [];
    const call = liveArgs(url, mode, fastProbe, 5000, maskPng);
    const argv = [...prefix, ffmpeg, ...call.args];
    this.child = spawn(argv[0]!, argv.slice(1), {
      stdio: stdioFor(call, ['ignore', 'pipe', 'pipe'] as const),
    }) as ChildProcessByStdio<null, Readable, Readable>;
    feedScript(this.child, call);
    const finish = (why: string) => {
      if (this.exited) return;
      this.exited = true;
      clearTimeout(this.killTimer);
      events.exit(redact(why));
    };
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.lastDataAt = Date.now();
      let parts: Fmp4Part[];
      try {
        parts = this.splitter.push(chunk);
      } catch (e) {
        this.child.kill('SIGKILL');
        return finish(`bad fMP4 from ffmpeg: ${(e as Error).message}`);
      }
      for (const p of parts) {
        if (this.exited) break;
        if (p.kind === 'init') this.gotInit = true;
        events.part(p);
      }
    });
    this.child.stderr.setEncoding('utf8').on('data', (d: string) => {
      this.stderrTail = (this.stderrTail + d).slice(-2000);
    });
    this.child.on('error', (e) => finish(`ffmpeg failed to start: ${e.message}`));
    this.child.on('close', (code, signal) => {
      const tail = this.stderrTail.trim().split('\n').slice(-3).join(' | ');
      finish(`ffmpeg exited (${code ?? signal})${tail ? `: ${tail}` : ''}`);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** SIGTERM, then SIGKILL if it lingers; resolves once it is gone. */
  kill(graceMs = 2000): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('close', () => resolve());
      this.child.kill('SIGTERM');
      this.killTimer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    });
  }
}
