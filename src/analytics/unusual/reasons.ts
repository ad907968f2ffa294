// Short texts for an operator: what is unusual in a cell or about an object, in words, never who.
import type { ObjectFinding, ObjectRefs } from './object-model.js';
import type { References } from './references.js';

export type UnusualFeature = 'speed' | 'extent' | 'object-speed' | 'object-size' | 'class';

/** A cell is "rarely active" when learning saw motion there on fewer frames than this. */
const RARE_SAMPLES = 10;

/**
 * Every ratio here is a value over the USUAL HIGH (a high quantile of what learning saw), not over the mean: a cue can
 * fire at 1.02× it, and "1.0× faster" would read as no faster at all. So a factor is said only from 1.5×; from 1× the
 * words alone; under 1 (within the usual range, e.g. a finding kept for another reason) nothing is claimed past it.
 */
const FACTOR_FROM = 1.5;

function past(ratio: number, more: string): string {
  if (ratio >= FACTOR_FROM) return `${ratio.toFixed(1)}× ${more} than usual`;
  return ratio >= 1 ? `${more} than usual` : `no ${more} than usual`;
}

export function reasonText(feature: UnusualFeature, ratio: number, refs: References, index: number): string {
  if (refs.samples[index]! < RARE_SAMPLES) return 'motion where there is usually none';
  if (feature === 'speed') return `motion ${past(ratio, 'faster')} here`;
  if (ratio < 1) return 'moving object no larger than usual here';
  return ratio >= 1.3 ? 'moving object much larger than usual here' : 'moving object larger than usual here';
}

const a = (cls: string) => (/^[aeiou]/.test(cls) ? `an ${cls}` : `a ${cls}`);

/** e.g. "a bicycle where only people pass", "a person moving 3.1× faster than usual here". */
export function objectReason(f: ObjectFinding, refs: ObjectRefs): string {
  const cls = f.obs.cls;
  if (f.feature === 'class') {
    const usual = Object.entries(refs.counts).sort((p, q) => q[1] - p[1])[0]?.[0];
    if (!refs.counts[cls]) return usual ? `${a(cls)} where only ${plural(usual)} pass` : `${a(cls)}, never seen here`;
    return `${a(cls)}, rarely seen here`;
  }
  if (f.feature === 'speed') return `${a(cls)} moving ${past(f.ratio, 'faster')} here`;
  return `${a(cls)} ${past(f.ratio, 'larger')} here`;
}

function plural(cls: string): string {
  if (cls === 'person') return 'people';
  return cls.endsWith('s') ? cls : `${cls}s`;
}
