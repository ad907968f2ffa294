import type { ChildProcess, StdioPipe } from 'node:child_process';
import type { Writable } from 'node:stream';

/**
 * An ffmpeg/ffprobe command line, and what the child reads on file descriptor 3 (see `ffmpegInput`). Spawn it with
 * `stdioFor(call)` and hand the script over with `feedScript`.
 */
export interface FfmpegCall {
  args: string[];
  /** An ffconcat script naming the real input: written to fd 3, never on a command line nor on disk. */
  script?: string;
}

/** Input options as name/value pairs, without the leading dash: `['rtsp_transport', 'tcp']`. */
export type InputOptions = ReadonlyArray<readonly [string, string]>;

/** The fd ffmpeg reads the script from (`pipe:3`): after stdin, stdout and stderr. */
const SCRIPT_FD = 3;

// What a camera URL may need once the concat demuxer opens it (the nested open inherits this list).
const WHITELIST = 'pipe,rtsp,rtsps,rtp,srtp,tcp,udp,tls,http,https,httpproxy,crypto';

export function hasCredentials(url: string): boolean {
  try {
    const u = new URL(url);
    return u.username !== '' || u.password !== '';
  } catch {
    return false;
  }
}

/**
 * The arguments that open `url` with `options`. A URL carrying credentials would show them to any local user in
 * `ps` and /proc/PID/cmdline, and ffmpeg 5.1 has no option to read its input name from a file: it is opened through
 * the concat demuxer instead, from a one-entry ffconcat script read on a pipe, the options passed to the nested
 * open with `option` lines. Stream copy, timestamps and segmenting are unchanged (the demuxer only forwards packets).
 * `shared` options (probing, buffering) apply to both the outer and the nested demuxer.
 */
export function ffmpegInput(url: string, options: InputOptions, shared: InputOptions = []): FfmpegCall {
  const flags = (opts: InputOptions) => opts.flatMap(([k, v]) => [`-${k}`, v]);
  if (!hasCredentials(url)) return { args: [...flags(options), ...flags(shared), '-i', url] };
  const lines = ['ffconcat version 1.0', `file ${quote(url)}`];
  for (const [k, v] of [...options, ...shared]) lines.push(`option ${k} ${quote(v)}`);
  return {
    args: [
      ...['-f', 'concat', '-safe', '0', '-protocol_whitelist', WHITELIST],
      ...flags(shared),
      ...['-i', `pipe:${SCRIPT_FD}`],
    ],
    script: `${lines.join('\n')}\n`,
  };
}

// ffconcat tokens: inside single quotes everything is literal, a quote itself is closed, escaped, reopened.
function quote(s: string): string {
  if (/[\r\n]/.test(s)) throw new Error('an input name or option may not contain a line break');
  return `'${s.replace(/'/g, "'\\''")}'`;
}

/** The stdio of a child that may read a script: the usual three, plus a pipe on fd 3 when there is one. */
export function stdioFor<T extends readonly unknown[]>(call: FfmpegCall, base: T): [...T] | [...T, StdioPipe] {
  return call.script === undefined ? [...base] : [...base, 'pipe'];
}

/** Writes the script to the child's fd 3 and closes it (ffmpeg reads it to the end when it opens its input). */
export function feedScript(child: ChildProcess, call: FfmpegCall): void {
  if (call.script === undefined) return;
  const pipe = child.stdio[SCRIPT_FD] as Writable | null | undefined;
  if (!pipe) return;
  pipe.on('error', () => {}); // a child that died before reading: its exit is reported elsewhere
  pipe.end(call.script);
}

/** Hides any `user:pass@` in text (ffmpeg echoes its input URL in errors). */
export function redact(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1***@');
}
