import { cutToPlayable, readFmp4Timing } from './fmp4-timing.js';
import { probeMedia, remuxCopy } from './media-file.js';

/** Reads and repairs recorded files: what the segment index needs of the media tools (its MediaInspector port). */
export function fileInspector(ffmpeg = 'ffmpeg') {
  return {
    probe: (file: string) => probeMedia(file),
    timing: (file: string) => readFmp4Timing(file),
    // A stream copy keeps every complete frame; when it cannot be written (the full disk that cut the file) or ffmpeg
    // cannot read the file, the file is cut in place after its last whole sample.
    repair: async (src: string, dst: string) => {
      const t = await readFmp4Timing(src).catch(() => undefined);
      const upTo = t?.truncated && t.durationSec > 0 ? t.durationSec : undefined;
      return (await remuxCopy(src, dst, ffmpeg, upTo)) || cutToPlayable(src, dst);
    },
  };
}
