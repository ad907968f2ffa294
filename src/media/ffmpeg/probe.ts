import { runToolOk } from './run.js';
import { ffmpegInput, redact } from './secret-input.js';

export interface ProbedStream {
  index: number;
  codecType: string;
  codecName: string;
  profile?: string;
  width?: number;
  height?: number;
  /** Frames per second from r_frame_rate, when known. */
  fps?: number;
  hasBFrames?: number;
}

export interface ProbeOptions {
  ffprobe?: string;
  /** Hard limit for the whole probe (the process is killed). Default 10 s. */
  timeoutMs?: number;
  /** Socket I/O timeout for network inputs. Default 5 s. */
  ioTimeoutMs?: number;
  /** RTSP: read the live stream this long at most to learn it (-analyzeduration); default ffmpeg's (~3 s seen). */
  analyzeMs?: number;
}

/** ffprobe a file or an RTSP URL (RTSP over TCP, as cameras behind NAT/firewalls need). */
export async function probeStreams(input: string, opts: ProbeOptions = {}): Promise<ProbedStream[]> {
  // ffmpeg 5.x: "-timeout" is the RTSP socket I/O timeout, in microseconds.
  const rtsp: [string, string][] = [
    ['rtsp_transport', 'tcp'],
    ['timeout', String((opts.ioTimeoutMs ?? 5000) * 1000)],
    ...(opts.analyzeMs ? [['analyzeduration', String(opts.analyzeMs * 1000)] as [string, string]] : []),
  ];
  const { args: inputArgs, script } = ffmpegInput(input, /^rtsps?:\/\//.test(input) ? rtsp : []);
  const args = ['-v', 'error', '-of', 'json', '-show_streams', ...inputArgs];
  const out = await runToolOk(opts.ffprobe ?? 'ffprobe', args, { timeoutMs: opts.timeoutMs ?? 10_000, script });
  const parsed = JSON.parse(out) as { streams?: Record<string, unknown>[] };
  return (parsed.streams ?? []).map((s) => ({
    index: Number(s.index),
    codecType: String(s.codec_type ?? ''),
    codecName: String(s.codec_name ?? ''),
    profile: typeof s.profile === 'string' ? s.profile : undefined,
    width: typeof s.width === 'number' ? s.width : undefined,
    height: typeof s.height === 'number' ? s.height : undefined,
    fps: parseRate(s.r_frame_rate),
    hasBFrames: typeof s.has_b_frames === 'number' ? s.has_b_frames : undefined,
  }));
}

/** The first video stream, or an error saying there is none. */
export async function probeVideo(input: string, opts: ProbeOptions = {}): Promise<ProbedStream> {
  const v = (await probeStreams(input, opts)).find((s) => s.codecType === 'video');
  if (!v) throw new Error(`no video stream in ${redact(input)}`);
  return v;
}

function parseRate(rate: unknown): number | undefined {
  if (typeof rate !== 'string') return undefined;
  const [n, d] = rate.split('/').map(Number);
  return n && d ? n / d : undefined;
}

/** Longest gap between keyframes of a file's first video stream, in seconds (reads packet flags only). */
export async function maxKeyframeInterval(file: string, ffprobe = 'ffprobe'): Promise<number> {
  const out = await runToolOk(
    ffprobe,
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', file],
    { timeoutMs: 60_000, maxOutput: 50_000_000 },
  );
  let last: number | undefined;
  let max = 0;
  let end = 0;
  for (const line of out.split('\n')) {
    const [pts, flags] = line.split(',');
    const t = Number(pts);
    if (!pts || Number.isNaN(t)) continue;
    end = Math.max(end, t);
    if (flags?.includes('K')) {
      if (last !== undefined) max = Math.max(max, t - last);
      last = t;
    }
  }
  return last === undefined ? Number.POSITIVE_INFINITY : Math.max(max, end - last);
}
