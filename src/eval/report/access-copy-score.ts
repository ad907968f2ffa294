// Scores an access copy file against its source video and ground truth (the test and `vigie eval` alike): both
// decoded to gray, copy pictures matched to source pictures by block means, then CopyScorer per picture.
import { spawn } from 'node:child_process';
import { copyCellSize } from '../../analytics/privacy/copy-blurrer.js';
import { pictures, waitExit } from '../../media/export/filtered-clip.js';
import { type AccessCopyFigures, blockMeans, CopyScorer, type GtBox, meanAbsDiff } from './access-copy-measure.js';

/** The banner's rows (drawn at the top, about h/28 high plus its box): left out of every measure. */
export const bannerRows = (h: number) => Math.ceil(8 + 6 + Math.max(12, h / 28) * 1.3 + 6);

function grayStream(file: string, w: number, h: number, fromS = 0) {
  const seek = fromS > 0 ? ['-ss', fromS.toFixed(4)] : [];
  const p = spawn(
    'ffmpeg',
    ['-nostdin', '-v', 'error', ...seek, '-i', file, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const done = waitExit(p, 'decoding');
  done.catch(() => {});
  return { it: pictures(p.stdout, w * h)[Symbol.asyncIterator](), kill: () => p.kill('SIGKILL'), done };
}

export interface ScoreInput {
  copyFile: string;
  sourceFile: string;
  width: number;
  height: number;
  fps: number;
  /** The source picture (0-based) the copy should start at; the match by block means looks 3 either side. */
  expectedStart: number;
  /** Ground truth by 1-based source picture (gt.txt's numbering). */
  gt: ReadonlyMap<number, GtBox[]>;
  requesterId: number;
  /** Copy pictures (0-based, inclusive runs) where the requester was kept clear (the manifest's keptPictures). */
  kept: ReadonlyArray<readonly [number, number]>;
  /** The copy's cell side (the manifest's blurred.cellPx). */
  cellPx?: number;
}

export async function scoreCopy(o: ScoreInput): Promise<AccessCopyFigures & { frames: number; offset: number }> {
  const { width: w, height: h } = o;
  const skipTop = bannerRows(h);
  const first = Math.max(0, o.expectedStart - 3);
  const src = grayStream(o.sourceFile, w, h, first / o.fps);
  const copy = grayStream(o.copyFile, w, h);
  const buf = new Map<number, { f: Uint8Array; m: Float32Array }>();
  let loaded = first;
  const srcAt = async (j: number) => {
    while (loaded <= j) {
      const n = await src.it.next();
      if (n.done) return undefined;
      buf.set(loaded++, { f: n.value, m: blockMeans(n.value, w, h, skipTop) });
    }
    return buf.get(j);
  };
  const scorer = new CopyScorer({
    width: w,
    height: h,
    cellPx: o.cellPx ?? copyCellSize(w, h),
    requesterId: o.requesterId,
    skipTop,
  });
  const keptAt = (i: number) => o.kept.some(([a, b]) => i >= a && i <= b);
  let i = 0;
  let offset: number | undefined;
  try {
    for (let n = await copy.it.next(); !n.done; n = await copy.it.next(), i++) {
      const cm = blockMeans(n.value, w, h, skipTop);
      if (offset === undefined) {
        // The first picture fixes the offset: the nearest of seven candidates by block means.
        let best = Number.POSITIVE_INFINITY;
        for (let j = first; j <= o.expectedStart + 3; j++) {
          const s = await srcAt(j);
          if (!s) break;
          const d = meanAbsDiff(cm, s.m);
          if (d < best) {
            best = d;
            offset = j;
          }
        }
        if (offset === undefined) throw new Error('no source picture to match the copy against');
      }
      const j = offset + i;
      const s = await srcAt(j);
      if (!s) break;
      buf.delete(j - 4);
      scorer.add(n.value, s.f, o.gt.get(j + 1) ?? [], keptAt(i), meanAbsDiff(cm, s.m));
    }
  } finally {
    src.kill();
    copy.kill();
  }
  return { ...scorer.figures(), frames: i, offset: offset ?? -1 };
}

/** gt.txt (MOT) as boxes per 1-based picture; rows flagged 0 ("do not consider") left out. */
export function gtByFrame(text: string): Map<number, GtBox[]> {
  const out = new Map<number, GtBox[]>();
  for (const line of text.split('\n')) {
    const v = line.split(',').map(Number);
    if (v.length < 6 || !Number.isFinite(v[0]) || v[6] === 0) continue;
    const list = out.get(v[0]!) ?? [];
    list.push({ id: v[1]!, box: [v[2]!, v[3]!, v[4]!, v[5]!] });
    out.set(v[0]!, list);
  }
  return out;
}
