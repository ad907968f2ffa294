import type { ClipPart, FileTimeline } from '../ports/clips.js';
import type { Segment } from '../ports/recordings.js';

export interface TimeRange {
  fromMs: number;
  toMs: number;
}

/** A stretch of wall-clock time present in a clip, and where it starts inside the clip. */
export interface CoveredRange extends TimeRange {
  offsetMs: number;
}

export interface ClipPlan {
  requested: TimeRange;
  parts: ClipPart[];
  /** What the clip actually shows: the start snaps back to a keyframe, gaps are left out. */
  covered: CoveredRange[];
  /** Parts of the requested range with no recording; the clip plays over them without a pause. */
  gaps: TimeRange[];
  segments: number;
  durationMs: number;
}

/** Holes shorter than this between segments are cut jitter, not missing footage. */
export const GAP_TOLERANCE_MS = 500;

interface Piece {
  seg: Segment;
  fromMs: number;
  toMs: number;
  part: ClipPart;
}

/** Last keyframe at or before an offset (seconds from the file start); the file start if none is earlier. */
function keyframeAtOrBefore(tl: FileTimeline, offsetS: number): number {
  let best = tl.startS;
  for (const k of tl.keyframesS) if (k - tl.startS <= offsetS + 0.0005) best = k;
  return best;
}

/**
 * Plans one clip of [from, to) from a camera's segments: whole files in between, the first cut at the keyframe at or
 * before `from` (a copy cannot start between keyframes), the last cut at `to`. Undefined when nothing overlaps.
 */
export async function planClip(
  segments: Segment[],
  requested: TimeRange,
  resolve: (rel: string) => string,
  timeline: (file: string) => Promise<FileTimeline>,
): Promise<ClipPlan | undefined> {
  const pieces: Piece[] = [];
  let reach = Number.NEGATIVE_INFINITY;
  for (const seg of [...segments].sort((a, b) => a.startMs - b.startMs)) {
    // A segment wholly inside one already taken (e.g. re-recorded after a restart) would only repeat footage.
    if (seg.startMs >= requested.toMs || seg.endMs <= requested.fromMs || seg.endMs <= reach) continue;
    reach = seg.endMs;
    pieces.push({
      seg,
      fromMs: Math.max(seg.startMs, requested.fromMs),
      toMs: Math.min(seg.endMs, requested.toMs),
      part: { file: resolve(seg.path) },
    });
  }
  const first = pieces[0];
  const last = pieces.at(-1);
  if (!first || !last) return undefined;
  const timelines = new Map<string, Promise<FileTimeline>>();
  const tl = (p: Piece) => {
    if (!timelines.has(p.part.file)) timelines.set(p.part.file, timeline(p.part.file));
    return timelines.get(p.part.file)!;
  };
  if (first.fromMs > first.seg.startMs) {
    const t = await tl(first);
    const kf = keyframeAtOrBefore(t, (first.fromMs - first.seg.startMs) / 1000);
    if (kf > t.startS + 0.0005) first.part.inpoint = kf;
    first.fromMs = first.seg.startMs + Math.round((kf - t.startS) * 1000);
  }
  if (last.toMs < last.seg.endMs) {
    const t = await tl(last);
    last.part.outpoint = t.startS + (last.toMs - last.seg.startMs) / 1000;
  }
  const covered: CoveredRange[] = [];
  let offsetMs = 0;
  for (const p of pieces) {
    const prev = covered.at(-1);
    if (prev && p.fromMs - prev.toMs <= GAP_TOLERANCE_MS) prev.toMs = Math.max(prev.toMs, p.toMs);
    else covered.push({ fromMs: p.fromMs, toMs: p.toMs, offsetMs });
    offsetMs += p.toMs - p.fromMs;
  }
  return {
    requested,
    parts: pieces.map((p) => p.part),
    covered,
    gaps: gapsOf(requested, covered),
    segments: pieces.length,
    durationMs: offsetMs,
  };
}

/** The stretches of a range that no covered range reaches (holes under the tolerance ignored). */
export function gapsOf(requested: TimeRange, covered: TimeRange[]): TimeRange[] {
  const gaps: TimeRange[] = [];
  let cursor = requested.fromMs;
  for (const c of covered) {
    if (c.fromMs - cursor > GAP_TOLERANCE_MS) gaps.push({ fromMs: cursor, toMs: Math.min(c.fromMs, requested.toMs) });
    cursor = Math.max(cursor, c.toMs);
  }
  if (requested.toMs - cursor > GAP_TOLERANCE_MS) gaps.push({ fromMs: cursor, toMs: requested.toMs });
  return gaps;
}
