// MOTChallenge text format: `frame,id,left,top,width,height,score,x,y,z`, one box per line, frames 1-based.
import type { Box } from '../../analytics/geometry/box.js';

export interface MotRow {
  frame: number;
  id: number;
  box: Box;
  /** Column 7: detection/track score, or in ground truth the "consider" flag (0 = ignore). */
  score: number;
  /** Columns 8-10 (world coordinates in some ground truths; -1 when unused). */
  world?: [number, number, number];
}

/** Parses MOT text; commas or whitespace separate fields, blank lines and `#` comments are skipped. */
export function parseMot(text: string): MotRow[] {
  const rows: MotRow[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const s = line.trim();
    if (s === '' || s.startsWith('#')) return;
    const f = s.split(/[\s,]+/).map(Number);
    if (f.length < 6 || f.slice(0, 6).some((v) => !Number.isFinite(v))) {
      throw new Error(`MOT line ${i + 1}: expected at least 6 numeric fields, got "${s}"`);
    }
    const row: MotRow = { frame: f[0]!, id: f[1]!, box: [f[2]!, f[3]!, f[4]!, f[5]!], score: f[6] ?? 1 };
    if (f.length >= 10) row.world = [f[7]!, f[8]!, f[9]!];
    rows.push(row);
  });
  return rows;
}

// Enough decimals for sub-pixel boxes, without float noise like 12.000000000000002.
function num(v: number): string {
  return String(Math.round(v * 10000) / 10000);
}

/** Writes rows as MOT text, sorted by frame then id; columns 8-10 are -1 unless `world` is set. */
export function formatMot(rows: readonly MotRow[]): string {
  return [...rows]
    .sort((a, b) => a.frame - b.frame || a.id - b.id)
    .map((r) => [r.frame, r.id, ...r.box.map(num), num(r.score), ...(r.world ?? [-1, -1, -1]).map(num)].join(','))
    .map((l) => `${l}\n`)
    .join('');
}

/** Rows of each frame. */
export function groupByFrame<T extends { frame: number }>(rows: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const list = out.get(r.frame);
    if (list) list.push(r);
    else out.set(r.frame, [r]);
  }
  return out;
}

/** Tracker output of one frame as MOT rows. */
export function tracksToMotRows(frame: number, tracks: readonly { id: number; box: Box; score?: number }[]): MotRow[] {
  return tracks.map((t) => ({ frame, id: t.id, box: [t.box[0], t.box[1], t.box[2], t.box[3]], score: t.score ?? 1 }));
}

/**
 * MOT ground truth marks some boxes "not to consider" with 0 in column 7 (in PETS09-S2L1: people hidden behind
 * the signpost). `all-rows` scores them like any other box; `drop-zero-flagged` removes them, as TrackEval (the
 * official MOTChallenge kit, MOT15 included) does. Both are offered: say which one a figure uses.
 */
export type GtConvention = 'all-rows' | 'drop-zero-flagged';

export function considered(rows: readonly MotRow[], convention: GtConvention): MotRow[] {
  return convention === 'all-rows' ? [...rows] : rows.filter((r) => r.score !== 0);
}
