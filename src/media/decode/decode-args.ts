// ffmpeg arguments that decode one video input into raw gray/rgb24/yuv420p frames on stdout, and the output size rules.
import { type FfmpegCall, ffmpegInput, type InputOptions } from '../ffmpeg/secret-input.js';
import type { PixelFormat } from '../frames/frame.js';
import { selectFilter } from './frame-sampling.js';

export interface DecodeArgs {
  input: string;
  /** Exact output size (see resolveOutputSize). */
  width: number;
  height: number;
  format: PixelFormat;
  /** Keep the source frames of this rate (see frame-sampling.ts); absent: every decoded frame. */
  fps?: number;
  /** The source's frame rate, which the kept frames are picked by; unknown: by their times. */
  sourceFps?: number;
  /** Files: read at the native rate (-re) like a camera would send them. */
  realtime?: boolean;
  /** Files: loop forever (a stand-in for a camera). */
  loop?: boolean;
  /** Network inputs: socket I/O timeout. */
  ioTimeoutMs?: number;
  /** RTSP: how long ffmpeg reads the stream to learn it before decoding (-analyzeduration); default ffmpeg's. */
  analyzeMs?: number;
  /** Decoder threads; default ffmpeg's choice. 1 gives the per-core figure. */
  threads?: number;
}

const NETWORK = /^(rtsps?|rtmp|srt|udp|tcp|https?):\/\//i;

export function isNetworkInput(input: string): boolean {
  return NETWORK.test(input);
}

/** The input options for a network URL (RTSP over TCP, socket timeout), none for a file. */
export function networkInputOptions(input: string, ioTimeoutMs = 5000, analyzeMs?: number): InputOptions {
  const us = String(ioTimeoutMs * 1000);
  // TCP interleaving: no UDP losses (torn pictures) and it crosses NAT/firewalls; -timeout is in µs (ffmpeg 5).
  if (/^rtsps?:/i.test(input))
    return [
      ['rtsp_transport', 'tcp'],
      ['timeout', us],
      ...(analyzeMs ? [['analyzeduration', String(analyzeMs * 1000)] as [string, string]] : []),
    ];
  return isNetworkInput(input) ? [['rw_timeout', us]] : [];
}

export function buildDecodeArgs(o: DecodeArgs): FfmpegCall {
  if (o.fps !== undefined && !(o.fps > 0)) throw new Error(`fps must be > 0, got ${o.fps}`);
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error'];
  if (!isNetworkInput(o.input)) {
    if (o.loop) args.push('-stream_loop', '-1');
    if (o.realtime) args.push('-re');
  }
  if (o.threads !== undefined) args.push('-threads', String(o.threads));
  const input = ffmpegInput(o.input, networkInputOptions(o.input, o.ioTimeoutMs, o.analyzeMs));
  args.push(...input.args, '-map', '0:v:0', '-an', '-sn', '-dn');
  args.push('-vf', decodeFilters(o), '-pix_fmt', o.format);
  // passthrough: the rawvideo muxer would otherwise duplicate/drop frames to a constant rate of its own.
  args.push('-fps_mode', 'passthrough', '-f', 'rawvideo', 'pipe:1');
  return { args, script: input.script };
}

/** The -vf chain: the frames kept, size (height -2: keep the aspect, even), pixel format. */
export function decodeFilters(o: Pick<DecodeArgs, 'fps' | 'sourceFps' | 'width' | 'height' | 'format'>): string {
  // Selection first so that frames to be thrown away are never scaled. For rgb24, scale in YUV then convert unscaled:
  // swscale's scale-and-convert pass is ≈ 0.4-0.8 ms a 416-wide frame slower than its two SIMD passes.
  return [
    selectFilter(o.sourceFps, o.fps) ?? '',
    `scale=${o.width}:${o.height}:flags=bilinear`,
    o.format === 'rgb24' ? 'format=yuv420p|yuvj420p' : '',
    `format=${o.format}`,
  ]
    .filter(Boolean)
    .join(',');
}

export interface SizeRequest {
  width?: number;
  height?: number;
  /** With both width and height: fit inside that box keeping the aspect ratio (default), or stretch to it. */
  keepAspect?: boolean;
}

/** The output size for a source size: keeps the aspect ratio (fitting inside the requested box) unless told not to. */
export function resolveOutputSize(
  src: { width: number; height: number },
  want: SizeRequest,
): { width: number; height: number } {
  const { width: sw, height: sh } = src;
  for (const [k, v] of Object.entries(want)) {
    if ((k === 'width' || k === 'height') && v !== undefined && !(Number.isInteger(v) && v >= 2)) {
      throw new Error(`${k} must be an integer >= 2, got ${v}`);
    }
  }
  const w = want.width;
  const h = want.height;
  if (w === undefined && h === undefined) return { width: sw, height: sh };
  if (w !== undefined && h !== undefined && want.keepAspect === false) return { width: w, height: h };
  const scale = Math.min(w !== undefined ? w / sw : Infinity, h !== undefined ? h / sh : Infinity);
  // Even sizes: what every encoder and most scalers prefer, and it keeps 4:2:0 sources free of half chroma pixels.
  const even = (x: number) => Math.max(2, 2 * Math.round(x / 2));
  return { width: even(sw * scale), height: even(sh * scale) };
}
