// Which blocks of the current frame look like fire over the trailing window, and the region they form (the largest
// 8-connected group), with its box in frame pixels, flame area and mean flicker. Fire blocks hold flame colour most
// of the time and flicker; with flicker evidence the steady flame-coloured blocks joined to them (a large fire's
// saturated body) belong to the region too, as long as enough of it flickers.
import type { Frame } from '../../media/frames/frame.js';
import type { Box } from '../geometry/box.js';
import { type BlockSeries, chancePeriodicity } from './block-series.js';
import type { FireOptions } from './fire-options.js';
import type { BlockGrid } from './flame-blocks.js';

export interface FireRegion {
  box: Box;
  /** Flame-coloured share of the frame inside the region's blocks. */
  flameArea: number;
  flicker: number;
  periodicity: number;
  blocks: number;
  /** Every block of the frame's fire regions (not only this one's), body included. */
  mask: Uint8Array;
}

export function fireRegion(
  series: BlockSeries,
  share: Float32Array,
  g: BlockGrid,
  frame: Frame,
  o: FireOptions,
  movers?: Uint8Array,
): FireRegion | undefined {
  const slots = series.window(o.windowSeconds * 1000);
  // With flicker evidence a block is judged on the window seen so far, or, when its flame began within the window, on
  // its recent part alone: what a block did before the flame reached it says nothing about the flame, so a fire coming
  // into view (or there when the stream starts) is judged on its own frames after minEvidenceSeconds.
  const shortMs = Math.min(o.minEvidenceSeconds, o.windowSeconds) * 1000;
  const recent = o.evidence === 'flicker' ? series.window(shortMs) : slots;
  // Too short a history says nothing about flicker. Flicker evidence: n frames stand for n frame intervals; the first
  // method (the baseline) waits for most of a window, as it did.
  const span = series.span(slots);
  const covered = o.evidence === 'flicker' ? (span * slots.length) / Math.max(1, slots.length - 1) : span;
  if (covered < (o.evidence === 'flicker' ? shortMs - 1 : 0.8 * o.windowSeconds * 1000)) return undefined;
  const fire = new Uint8Array(g.cols * g.rows);
  // flicker evidence: a fire's body (steady flame colour, often saturated) is joined to its flickering fringe.
  const body = new Uint8Array(g.cols * g.rows);
  const flicker = new Map<number, number>();
  for (let k = 0; k < fire.length; k++) {
    // Cheap gate first: only blocks holding flame now are measured over time.
    if (share[k]! < o.minBlockShare || movers?.[k]) continue;
    const fl = blockFlicker(series, k, slots, recent, o);
    if (fl === undefined) continue;
    if (fl >= (o.evidence === 'flicker' ? o.minPixelFlicker : o.minFlicker)) {
      fire[k] = 1;
      flicker.set(k, fl);
    } else if (o.evidence === 'flicker') body[k] = 1;
  }
  const mask = new Uint8Array(fire.length);
  let best: number[] = [];
  const seen = new Uint8Array(fire.length);
  for (let k = 0; k < fire.length; k++) {
    if (!fire[k] || seen[k]) continue;
    const comp = component(k, fire, body, seen, g);
    const flickering = comp.filter((c) => fire[c]);
    // A fire flickers along much of its outline; a steady orange expanse with one noisy block does not.
    if (flickering.length < o.minBlocks || flickering.length < o.minFlickerShare * comp.length) continue;
    for (const c of comp) mask[c] = 1;
    if (comp.length > best.length) best = comp;
  }
  if (best.length === 0) return undefined;
  const lively = best.filter((c) => fire[c]);
  // A beacon blinks or sweeps at one frequency: judged over a longer window than flicker (frequency resolution).
  const periodSlots = series.window(o.periodWindowSeconds * 1000);
  const periodicity = series.periodicity(lively, periodSlots);
  if (periodicity > o.maxPeriodicity + shortAllowance(series, periodSlots, o)) return undefined;
  const xs = best.map((c) => c % g.cols);
  const ys = best.map((c) => Math.floor(c / g.cols));
  const sx = frame.width / g.width;
  const sy = frame.height / g.height;
  const x0 = Math.min(...xs) * g.blockPx * sx;
  const y0 = Math.min(...ys) * g.blockPx * sy;
  const x1 = Math.min(frame.width, (Math.max(...xs) + 1) * g.blockPx * sx);
  const y1 = Math.min(frame.height, (Math.max(...ys) + 1) * g.blockPx * sy);
  const blockArea = (g.blockPx * g.blockPx) / (g.width * g.height);
  return {
    box: [Math.round(x0), Math.round(y0), Math.round(x1 - x0), Math.round(y1 - y0)],
    flameArea: best.reduce((a, k) => a + share[k]! * blockArea, 0),
    flicker: lively.reduce((a, k) => a + flicker.get(k)!, 0) / lively.length,
    periodicity,
    blocks: best.length,
    mask,
  };
}

/**
 * The block's flicker when it holds flame persistently, over the whole window or (flicker evidence) its recent part,
 * whichever flickers more; undefined when it does not hold flame persistently over either.
 */
function blockFlicker(
  series: BlockSeries,
  k: number,
  slots: number[],
  recent: number[],
  o: FireOptions,
): number | undefined {
  let best: number | undefined;
  for (const s of o.evidence === 'flicker' && isNew(series, k, slots, recent, o) ? [slots, recent] : [slots]) {
    const f = series.features(k, s, o.minBlockShare, o.flickerEnergyFloor);
    if (f.persistence < o.minPersistence) continue;
    // Flicker evidence: per-pixel change (turbulence does not cancel out); the first method: block-sum change.
    const fl = o.evidence === 'flicker' ? f.pixelFlicker : f.flicker;
    best = Math.max(best ?? 0, fl);
  }
  return best;
}

/**
 * Whether the block's flame began within the window: it did not hold flame persistently before the recent part (or
 * there is no before: the stream just started). A block that held flame colour all along (an orange cone, a sign) is
 * judged on the whole window only: a passer-by occluding it for a second changes it as much as a flame would over a
 * short part.
 */
function isNew(series: BlockSeries, k: number, slots: number[], recent: number[], o: FireOptions): boolean {
  const before = slots.slice(0, slots.length - recent.length);
  if (before.length === 0) return true;
  return series.features(k, before, o.minBlockShare, o.flickerEnergyFloor).persistence < o.minPersistence;
}

/**
 * Over a period window not yet full (a stream's first seconds) one sinusoid fits even a flame's flicker: the limit is
 * raised by what chance adds over that many frames beyond what it adds over a full window (0 once full). Without it a
 * fire in view when the stream starts was held back until ~6 s of frames existed.
 */
function shortAllowance(series: BlockSeries, slots: number[], o: FireOptions): number {
  const n = slots.length;
  const span = series.span(slots);
  if (o.evidence !== 'flicker' || n < 2 || span <= 0) return 0;
  const full = (o.periodWindowSeconds * 1000 * (n - 1)) / span + 1;
  return Math.max(0, chancePeriodicity(n) - chancePeriodicity(full));
}

/** The 8-connected group of `start` over blocks that flicker or are steady flame body. */
function component(start: number, fire: Uint8Array, body: Uint8Array, seen: Uint8Array, g: BlockGrid): number[] {
  const comp: number[] = [];
  const stack = [start];
  seen[start] = 1;
  while (stack.length > 0) {
    const c = stack.pop()!;
    comp.push(c);
    const cx = c % g.cols;
    const cy = Math.floor(c / g.cols);
    for (let y = Math.max(0, cy - 1); y <= Math.min(g.rows - 1, cy + 1); y++) {
      for (let x = Math.max(0, cx - 1); x <= Math.min(g.cols - 1, cx + 1); x++) {
        const n = y * g.cols + x;
        if ((fire[n] || body[n]) && !seen[n]) {
          seen[n] = 1;
          stack.push(n);
        }
      }
    }
  }
  return comp;
}
