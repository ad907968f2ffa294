// Where a dense count looks: the frame cut into overlapping square tiles, each letterboxed into the detector's input,
// so a far person a dozen pixels tall in a full-frame run is seen several times larger (what the detector was trained
// on). A person cut by one tile's side is whole in its neighbour as long as they are shorter than the overlap.
import type { Box } from '../geometry/box.js';

/** Evenly spread starts of `n` windows of `side` pixels over `length` pixels (first at 0, last at the end). */
function starts(length: number, side: number, n: number): number[] {
  if (n <= 1) return [0];
  return Array.from({ length: n }, (_, i) => Math.round((i * (length - side)) / (n - 1)));
}

/**
 * Square tiles, `across` of them over the width, neighbours sharing `overlap` of their side; as many rows as the
 * height needs at the same overlap (a frame no taller than one tile gets one row, clipped to the frame).
 * Tiles are integer [left, top, width, height] inside the frame.
 */
export function planTiles(width: number, height: number, across: number, overlap: number): Box[] {
  if (!(across >= 1) || !Number.isInteger(across)) throw new Error(`tiles across must be a positive integer`);
  if (!(overlap >= 0 && overlap < 1)) throw new Error(`tile overlap must be in [0, 1)`);
  // across tiles of side s with overlap o cover s·(across − (across − 1)·o) = width.
  const side = Math.min(Math.max(width, height), Math.ceil(width / (across - (across - 1) * overlap)));
  const w = Math.min(side, width);
  const h = Math.min(side, height);
  const step = side * (1 - overlap);
  const down = h >= height ? 1 : Math.ceil((height - h) / step) + 1;
  const xs = starts(width, w, across);
  const ys = starts(height, h, down);
  return ys.flatMap((y) => xs.map((x): Box => [x, y, w, h]));
}
