import { type FfmpegCall, ffmpegInput } from '../ffmpeg/secret-input.js';

export interface RecorderArgs {
  url: string;
  /** Directory where segments are written while open; a file is complete once listed. */
  incomingDir: string;
  cameraId: string;
  segmentSeconds: number;
  /** Socket timeout in seconds: a silent camera fails fast instead of hanging. */
  ioTimeoutSec: number;
  /** Distinguishes runs so a quick restart never reuses a file name. */
  runId: string;
}

/**
 * Recording by stream copy into fragmented-MP4 segments: no decode, no encode (≈ no CPU), and a segment cut short
 * by a crash stays readable up to its last fragment. Sound is never recorded (-an): video protection may not
 * record conversations.
 */
export function recorderArgs(a: RecorderArgs): FfmpegCall {
  const timeout = String(Math.round(a.ioTimeoutSec * 1e6));
  const input = ffmpegInput(
    a.url,
    a.url.startsWith('rtsp')
      ? [
          ['rtsp_transport', 'tcp'],
          ['timeout', timeout],
        ]
      : [['rw_timeout', timeout]],
  );
  const args = [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'warning',
    ...input.args,
    '-map',
    '0:v:0',
    '-an',
    '-c',
    'copy',
    '-f',
    'segment',
    '-segment_time',
    String(a.segmentSeconds),
    '-reset_timestamps',
    '1',
    '-segment_format',
    'mp4',
    '-segment_format_options',
    'movflags=+frag_keyframe+empty_moov+default_base_moof',
    '-strftime',
    '1',
    '-segment_list',
    'pipe:1',
    '-segment_list_type',
    'csv',
    `${a.incomingDir}/${a.cameraId}_%s_${a.runId}.mp4`,
    '-progress',
    'pipe:2',
    '-stats_period',
    '0.5',
  ];
  return { args, script: input.script };
}
