// One frame against the reference: which tamper condition it shows, if any (most blatant first), with a score.
import { compareBlocks } from './blocks.js';
import type { FrameFeatures } from './features.js';
import type { Reference } from './reference.js';
import { bestShift, nccAt } from './shift-search.js';
import type { TamperOptions } from './tamper-options.js';

export type TamperSubKind = 'covered' | 'blinded' | 'defocused' | 'moved';

export interface FrameVerdict {
  subKind: TamperSubKind | undefined;
  /** 0..1, how far past normal the frame is for that sub-kind. */
  score: number;
  /** Unshifted edge similarity to the reference (the adaptive reference learns it on normal frames). */
  similarity: number;
  details: Record<string, number>;
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
const round = (v: number) => Math.round(v * 1000) / 1000;

export function classifyFrame(f: FrameFeatures, ref: Reference, o: TamperOptions): FrameVerdict {
  const r = ref.stats;
  const similarity = nccAt(ref.edges, f.edges, ref.edgeWidth, ref.edgeHeight, 0, 0);
  const base = { mean: round(f.mean), std: round(f.std), similarity: round(similarity) };
  const verdict = (subKind: TamperSubKind, score: number, extra: Record<string, number> = {}): FrameVerdict => ({
    subKind,
    score: round(clamp01(score)),
    similarity,
    details: { ...base, ...extra },
  });

  const blocks = compareBlocks(f.blocks, ref.blocks, o.coveredStdRatio, o.coveredMaxStd);
  const flat = blocks.flatShare >= o.coveredShare;
  const dark = f.darkShare >= o.coveredDarkShare && r.darkShare < o.coveredDarkShare / 2;
  const saturated = f.brightShare >= o.blindedBrightShare && f.brightShare >= 2 * r.brightShare;
  const washed = f.mean >= o.blindedMinMean && f.std < 2 * o.coveredStdRatio * r.std;
  if ((saturated || washed) && f.mean >= 128) {
    return verdict('blinded', Math.max(f.brightShare, 1 - f.std / Math.max(r.std, 1)), {
      brightShare: round(f.brightShare),
    });
  }
  if (flat || dark) {
    const score = Math.max(blocks.flatShare, 1 - f.std / Math.max(r.std, 1));
    return verdict('covered', score, { darkShare: round(f.darkShare), flatShare: round(blocks.flatShare) });
  }

  // Median over the blocks still textured; the global measure only when too few are (a very plain scene).
  const sharpRatio = blocks.sharpRatio ?? f.sharpness / Math.max(r.sharpness, 1e-6);
  if (sharpRatio < o.defocusRatio) return verdict('defocused', 1 - sharpRatio, { sharpnessRatio: round(sharpRatio) });

  // The shift search only runs when the unshifted view already looks unlike the reference (most frames skip it).
  if (similarity < 0.85 * r.similarity) {
    const w = ref.edgeWidth;
    const h = ref.edgeHeight;
    const m = bestShift(ref.edges, f.edges, w, h, Math.round(o.movedMaxShift * w), Math.round(o.movedMaxShift * h));
    const shift = Math.hypot(m.dx, m.dy) / w;
    const gain = m.score - similarity;
    const shifted = shift >= o.movedMinShift && gain >= o.movedMinGain;
    const lost = similarity < o.movedLostRatio * r.similarity;
    if (shifted || lost) {
      const score = shifted ? gain / Math.max(r.similarity, 1e-6) : 1 - similarity / Math.max(r.similarity, 1e-6);
      return verdict('moved', score, { shiftX: round(m.dx / w), shiftY: round(m.dy / w), matched: round(m.score) });
    }
  }
  return { subKind: undefined, score: 0, similarity, details: base };
}
