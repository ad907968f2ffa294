import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { maxKeyframeInterval, probeVideo } from '../ffmpeg/probe.js';
import { runToolOk } from '../ffmpeg/run.js';
import { type ClipOptions, cachedClip, cacheKey, h264Args, type Size, type StreamClip } from './clip-cache.js';

/**
 * Real footage as a looping clip. Without `size` the video is copied when it is already camera-like
 * (H.264, no B-frames, a keyframe at least every 2.5 s), else re-encoded; with `size` it is scaled.
 * The source is only read: the clip goes to the cache dir, never next to the footage.
 */
export async function footageClip(source: string, size?: Size, opts: ClipOptions = {}): Promise<StreamClip> {
  const ffprobe = opts.ffprobe ?? 'ffprobe';
  const v = await probeVideo(source, { ffprobe });
  const fps = Math.min(30, Math.round(v.fps ?? 25)) || 25;
  const out: Size = size ?? { width: v.width ?? 0, height: v.height ?? 0 };
  const copy = !size && v.codecName === 'h264' && !v.hasBFrames && (await maxKeyframeInterval(source, ffprobe)) <= 2.5;
  const st = statSync(source);
  const stem = basename(source).replace(/[^A-Za-z0-9_-]/g, '_');
  const name = `footage-${stem}-${out.width}x${out.height}-${cacheKey([source, st.size, st.mtimeMs, size, copy])}`;
  const scale = size ? ['-vf', `scale=${size.width}:${size.height},setsar=1`] : [];
  const codec = copy ? ['-c:v', 'copy'] : [...scale, '-r', String(fps), ...h264Args(fps)];
  return cachedClip(name, { ...out, fps }, opts, (o) =>
    runToolOk(
      opts.ffmpeg ?? 'ffmpeg',
      ['-nostdin', '-v', 'error', '-y', '-i', source, '-map', '0:v:0', '-an', ...codec, '-f', 'mpegts', o],
      { timeoutMs: 600_000 },
    ),
  );
}

/** Sub-stream size for footage: 640 wide, source aspect kept, even dimensions. */
export function subSizeFor(main: Size, width = 640): Size {
  return { width, height: Math.max(2, Math.round((main.height * width) / main.width / 2) * 2) };
}
