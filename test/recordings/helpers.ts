import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Segment } from '../../src/core/ports/recordings.js';
import type { Store } from '../../src/core/ports/store.js';
import { segmentId, segmentRelPath } from '../../src/core/recordings/layout.js';

export const SEG_MS = 10_000;
/** Keyframe interval of the test footage (-g 25 at 25 fps). */
export const GOP_MS = 1000;

/** Real H.264 segments as the recorder makes them: 10 s each, fragmented MP4, cut by stream copy. */
export function makeSegments(count = 4): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-segs-'));
  execFileSync('ffmpeg', [
    ...[
      '-nostdin',
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x180:rate=25',
      '-t',
      String((count * SEG_MS) / 1000),
    ],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-bf', '0', '-f', 'segment', '-segment_time', '10'],
    ...['-reset_timestamps', '1', '-segment_format', 'mp4'],
    ...['-segment_format_options', 'movflags=+frag_keyframe+empty_moov+default_base_moof', join(dir, 'seg_%03d.mp4')],
  ]);
  return readdirSync(dir)
    .sort()
    .map((f) => join(dir, f));
}

/** Copies a file into the recordings layout and indexes it, as the recorder would. */
export async function placeSegment(
  store: Store,
  root: string,
  cameraId: string,
  startMs: number,
  src: string,
): Promise<Segment> {
  const rel = segmentRelPath(cameraId, startMs);
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  copyFileSync(src, join(root, rel));
  const seg = {
    id: segmentId(cameraId, startMs),
    cameraId,
    startMs,
    endMs: startMs + SEG_MS,
    path: rel,
    bytes: statSync(src).size,
    codec: 'h264',
  };
  await store.segments.add(seg);
  return seg;
}

export function probe(file: string): { durationS: number; codec: string; videoStreams: number } {
  const out = JSON.parse(
    execFileSync(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name,codec_type', '-of', 'json', file],
      { encoding: 'utf8' },
    ),
  );
  const video = out.streams.filter((s: { codec_type: string }) => s.codec_type === 'video');
  return { durationS: Number(out.format.duration), codec: video[0]?.codec_name, videoStreams: video.length };
}

export const iso = (ms: number) => new Date(ms).toISOString();
