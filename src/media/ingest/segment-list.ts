/** A segment the ffmpeg segment muxer has closed, as listed on its `-segment_list` CSV output. */
export interface ListedSegment {
  file: string;
  startSec: number;
  endSec: number;
}

export function parseSegmentListLine(line: string): ListedSegment | undefined {
  const m = /^(.+),(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)$/.exec(line.trim());
  if (!m) return undefined;
  return { file: m[1]!, startSec: Number(m[2]), endSec: Number(m[3]) };
}

/**
 * Maps stream time to wall-clock time. Each listed segment closes when the first packet past its end arrives, so
 * `now - end` is the anchor plus a small processing delay: the minimum over recent segments is the best estimate,
 * and a sliding window follows slow drift between the camera's clock and ours.
 */
export class WallClockAnchor {
  private readonly samples: number[] = [];

  constructor(private readonly window = 30) {}

  observe(nowMs: number, streamSec: number): void {
    this.samples.push(nowMs - streamSec * 1000);
    if (this.samples.length > this.window) this.samples.shift();
  }

  get ms(): number | undefined {
    return this.samples.length ? Math.min(...this.samples) : undefined;
  }
}
