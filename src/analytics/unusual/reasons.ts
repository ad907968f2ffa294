// Short texts for an operator: what is unusual in a cell, in words, never who.
import type { References } from './references.js';

export type UnusualFeature = 'speed' | 'extent';

/** A cell is "rarely active" when learning saw motion there on fewer frames than this. */
const RARE_SAMPLES = 10;

export function reasonText(feature: UnusualFeature, ratio: number, refs: References, index: number): string {
  if (refs.samples[index]! < RARE_SAMPLES) return 'motion where there is usually none';
  if (feature === 'speed') {
    return ratio >= 1.5 ? `motion ${ratio.toFixed(1)}× faster than usual here` : 'motion faster than usual here';
  }
  return ratio >= 1.3 ? 'moving object much larger than usual here' : 'moving object larger than usual here';
}
