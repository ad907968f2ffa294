// The pictures of a clip's parts, decoded in order, without encoding anything: the access copy's follow pass reads
// them to detect and track. Same decoder, crop and numbering as writeFilteredClip, so picture i here is picture i
// of the copy written later from the same parts.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeVideo } from '../ffmpeg/probe.js';
import { type Frame, frameBytes } from '../frames/frame.js';
import { type ClipInput, concatScript } from './clip.js';
import { decoderArgs, pictures, waitExit } from './filtered-clip.js';

export async function* clipFrames(
  parts: ClipInput[],
  o: { ffmpeg?: string; ffprobe?: string; cameraId?: string } = {},
): AsyncGenerator<Frame & { fps: number }> {
  if (parts.length === 0) throw new Error('a clip needs at least one input file');
  const probe = await probeVideo(parts[0]!.file, { ffprobe: o.ffprobe });
  const width = probe.width! - (probe.width! % 2);
  const height = probe.height! - (probe.height! % 2);
  const fps = probe.fps && probe.fps > 0 ? probe.fps : 25;
  const dir = await mkdtemp(join(tmpdir(), 'vigie-cframes-'));
  const list = join(dir, 'list.ffconcat');
  await writeFile(list, concatScript(parts));
  const decoder = spawn(o.ffmpeg ?? 'ffmpeg', decoderArgs(list, width, height), { stdio: ['ignore', 'pipe', 'pipe'] });
  const decoded = waitExit(decoder, 'decoding');
  let seq = 0;
  try {
    for await (const data of pictures(decoder.stdout, frameBytes(width, height, 'yuv420p'))) {
      yield {
        cameraId: o.cameraId ?? 'clip',
        seq,
        ptsMs: (seq * 1000) / fps,
        width,
        height,
        format: 'yuv420p',
        data,
        fps,
      };
      seq++;
    }
    await decoded;
  } finally {
    decoder.kill('SIGKILL');
    await decoded.catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
}
