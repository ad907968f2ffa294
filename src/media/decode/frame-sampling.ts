// Which source frames an analysis at a lower rate keeps: one rule for files and live streams, for `vigie analyze`,
// `vigie eval`, `vigie learn` and the centre. ffmpeg applies it (a select filter ahead of scaling, so a frame left out
// costs no scaling or conversion) and FrameSource numbers the frames it keeps by the same rule, so a kept frame's
// number is its index among the decoded frames: MOT frame = seq + 1, as the ground truth counts.

/** Whether a rate asks for fewer frames than the source has (else every frame is kept; none is ever repeated). */
export function samples(sourceFps: number | undefined, fps: number | undefined): boolean {
  return fps !== undefined && sourceFps !== undefined && sourceFps > 0 && fps < sourceFps;
}

/**
 * Whether 0-based decoded frame `n` is kept at `fps` out of `sourceFps`: it is when it starts a new 1/fps interval,
 * so the kept frames are as even as whole frames allow (7 → 5 fps keeps 5 frames in every 7: 0, 2, 3, 5, 6, 7, …).
 * The arithmetic is the select filter's, in the same order on the same doubles, so both agree on every frame.
 */
export function keepsFrame(n: number, sourceFps: number, fps?: number): boolean {
  if (!samples(sourceFps, fps)) return true;
  return Math.floor((n * fps!) / sourceFps) > Math.floor(((n - 1) * fps!) / sourceFps);
}

/** The kept frames (0-based decoded indices) among the first `count`. */
export function keptFrames(count: number, sourceFps: number, fps?: number): number[] {
  const out: number[] = [];
  for (let n = 0; n < count; n++) if (keepsFrame(n, sourceFps, fps)) out.push(n);
  return out;
}

/**
 * The ffmpeg filter keeping the same frames, `n` being its count of decoded frames (it must come first in the chain).
 * Without a source rate to count by (live streams, whose declared rate is not trusted, or a stream that does not say
 * it) the rule runs on the frames' times: the first frame of each 1/fps interval, the intervals anchored on the first
 * frame and centred on its multiples, so a camera already sending at the analysis rate, its frames on those
 * multiples give or take jitter, keeps every frame (intervals starting at the multiples dropped one in six of them
 * live); the frames are then numbered as they come.
 */
export function selectFilter(sourceFps: number | undefined, fps: number | undefined): string | undefined {
  if (fps === undefined) return undefined;
  if (!(sourceFps! > 0)) {
    const tick = (t: string) => `floor((${t}-start_t)*${fps}+0.5)`;
    return `select='isnan(prev_t)+gt(${tick('t')},${tick('prev_t')})'`;
  }
  if (!samples(sourceFps, fps)) return undefined;
  return `select='gt(floor(n*${fps}/${sourceFps}),floor((n-1)*${fps}/${sourceFps}))'`;
}

/** Gives each frame of one decoder run its decoded index, from 0 (frames kept by `selectFilter(sourceFps, fps)`). */
export class KeptFrameIndex {
  private n = -1;

  constructor(
    private readonly sourceFps: number,
    private readonly fps?: number,
  ) {}

  next(): number {
    do this.n++;
    while (!keepsFrame(this.n, this.sourceFps, this.fps));
    return this.n;
  }
}
