// Which blocks of the current frame look like fire over the trailing window (flame colour above the background), and the region they form (the largest
// 8-connected group), with its box in frame pixels, flame area and mean flicker.
import type { Frame } from '../../media/frames/frame.js';
import type { Box } from '../geometry/box.js';
import type { BlockSeries } from './block-series.js';
import type { FireOptions } from './fire-options.js';
import type { BlockGrid } from './flame-blocks.js';

export interface FireRegion {
  box: Box;
  /** Flame-coloured share of the frame inside the region's blocks. */
  flameArea: number;
  flicker: number;
  periodicity: number;
  blocks: number;
  /** Every fire block of the frame (not only the region's). */
  mask: Uint8Array;
}

export function fireRegion(
  series: BlockSeries,
  share: Float32Array,
  g: BlockGrid,
  frame: Frame,
  o: FireOptions,
): FireRegion | undefined {
  const slots = series.window(o.windowSeconds * 1000);
  // Too short a history says nothing about flicker: wait for most of a window.
  if (series.span(slots) < 0.8 * o.windowSeconds * 1000) return undefined;
  const fire = new Uint8Array(g.cols * g.rows);
  const flicker = new Map<number, number>();
  for (let k = 0; k < fire.length; k++) {
    // Cheap gate first: only blocks holding flame now are measured over time.
    if (share[k]! < o.minBlockShare) continue;
    const f = series.features(k, slots, o.minBlockShare, o.flickerEnergyFloor);
    if (f.persistence < o.minPersistence || f.flicker < o.minFlicker) continue;
    fire[k] = 1;
    flicker.set(k, f.flicker);
  }
  let best: number[] = [];
  const seen = new Uint8Array(fire.length);
  for (let k = 0; k < fire.length; k++) {
    if (!fire[k] || seen[k]) continue;
    const comp: number[] = [];
    const stack = [k];
    seen[k] = 1;
    while (stack.length > 0) {
      const c = stack.pop()!;
      comp.push(c);
      const cx = c % g.cols;
      const cy = Math.floor(c / g.cols);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const x = cx + dx;
          const y = cy + dy;
          if (x < 0 || y < 0 || x >= g.cols || y >= g.rows) continue;
          const n = y * g.cols + x;
          if (fire[n] && !seen[n]) {
            seen[n] = 1;
            stack.push(n);
          }
        }
      }
    }
    if (comp.length > best.length) best = comp;
  }
  if (best.length < o.minBlocks) return undefined;
  // A beacon blinks or sweeps at one frequency: judged over a longer window than flicker (frequency resolution).
  const periodicity = series.periodicity(best, series.window(o.periodWindowSeconds * 1000));
  if (periodicity > o.maxPeriodicity) return undefined;
  const xs = best.map((c) => c % g.cols);
  const ys = best.map((c) => Math.floor(c / g.cols));
  const sx = frame.width / g.width;
  const sy = frame.height / g.height;
  const x0 = Math.min(...xs) * g.blockPx * sx;
  const y0 = Math.min(...ys) * g.blockPx * sy;
  const x1 = Math.min(frame.width, (Math.max(...xs) + 1) * g.blockPx * sx);
  const y1 = Math.min(frame.height, (Math.max(...ys) + 1) * g.blockPx * sy);
  const blockArea = (g.blockPx * g.blockPx) / (g.width * g.height);
  const mean = (f: (k: number) => number) => best.reduce((a, k) => a + f(k), 0) / best.length;
  return {
    box: [Math.round(x0), Math.round(y0), Math.round(x1 - x0), Math.round(y1 - y0)],
    flameArea: best.reduce((a, k) => a + share[k]! * blockArea, 0),
    flicker: mean((k) => flicker.get(k)!),
    periodicity,
    blocks: best.length,
    mask: fire,
  };
}
