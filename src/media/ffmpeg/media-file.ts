import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ProbeResult {
  durationSec: number;
  codec: string;
  width: number;
  height: number;
}

/** Reads a media file's duration and video codec; undefined when it has no readable video. */
export async function probeMedia(file: string, ffprobe = 'ffprobe'): Promise<ProbeResult | undefined> {
  try {
    const { stdout } = await run(
      ffprobe,
      [
        '-v',
        'error',
        '-select_streams',
        'v:0',
        '-show_entries',
        'stream=codec_name,width,height:format=duration',
        '-of',
        'json',
        file,
      ],
      { timeout: 30_000 },
    );
    const j = JSON.parse(stdout) as {
      streams?: { codec_name?: string; width?: number; height?: number }[];
      format?: { duration?: string };
    };
    const s = j.streams?.[0];
    const durationSec = Number(j.format?.duration);
    if (!s?.codec_name || !(durationSec > 0)) return undefined;
    return { durationSec, codec: s.codec_name, width: s.width ?? 0, height: s.height ?? 0 };
  } catch {
    return undefined;
  }
}

/**
 * Rewrites a file by stream copy, keeping what is readable: repairs a segment cut short by a crash. `maxSec`: copy
 * only that much media (a cut file's last sample is partial: copied, it would not decode).
 */
export async function remuxCopy(src: string, dst: string, ffmpeg = 'ffmpeg', maxSec?: number): Promise<boolean> {
  try {
    await run(
      ffmpeg,
      [
        '-nostdin',
        '-v',
        'error',
        '-y',
        ...(maxSec ? ['-t', String(maxSec)] : []),
        '-i',
        src,
        '-map',
        '0:v:0',
        '-c',
        'copy',
        '-movflags',
        '+faststart',
        '-f',
        'mp4',
        dst,
      ],
      {
        timeout: 60_000,
      },
    );
    return true;
  } catch {
    return false;
  }
}
