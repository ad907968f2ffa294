// 8-connected components of a 0/1 mask (two passes with union-find): one box and pixel count per blob.
import type { Box } from '../geometry/box.js';

export interface Blob {
  /** [left, top, width, height] in mask pixels. */
  box: Box;
  /** Foreground pixels in the blob. */
  area: number;
}

/** `labels`: a buffer of the mask's length to use (and clear) instead of a new one. */
export function connectedComponents(
  mask: Uint8Array,
  width: number,
  height: number,
  minArea = 1,
  labels: Int32Array = new Int32Array(mask.length),
): Blob[] {
  if (labels.length !== mask.length) throw new Error('connectedComponents: labels must be as long as the mask');
  labels.fill(0);
  const parent: number[] = [0];
  const find = (a: number) => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]!]!;
      a = parent[a]!;
    }
    return a;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!mask[i]) continue;
      // Already-visited neighbours: W, NW, N, NE.
      const w = x > 0 ? labels[i - 1]! : 0;
      const nw = x > 0 && y > 0 ? labels[i - width - 1]! : 0;
      const n = y > 0 ? labels[i - width]! : 0;
      const ne = x + 1 < width && y > 0 ? labels[i - width + 1]! : 0;
      let l = w || nw || n || ne;
      if (!l) {
        l = parent.length;
        parent.push(l);
      } else {
        // Neighbour labels other than the one taken are merged into it (no array per pixel: this is the hot loop).
        if (nw && nw !== l) union(l, nw);
        if (n && n !== l) union(l, n);
        if (ne && ne !== l) union(l, ne);
      }
      labels[i] = l;
    }
  }
  // Per root label: bounds and area, in typed arrays; roots kept in the order their first pixel is met.
  const count = parent.length;
  const x0 = new Int32Array(count);
  const y0 = new Int32Array(count);
  const x1 = new Int32Array(count);
  const y1 = new Int32Array(count);
  const area = new Int32Array(count);
  const roots: number[] = [];
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const l = labels[row + x]!;
      if (!l) continue;
      const r = find(l);
      if (area[r] === 0) {
        roots.push(r);
        x0[r] = x1[r] = x;
        y0[r] = y1[r] = y;
        area[r] = 1;
        continue;
      }
      area[r]!++;
      if (x < x0[r]!) x0[r] = x;
      if (x > x1[r]!) x1[r] = x;
      y1[r] = y;
    }
  }
  const out: Blob[] = [];
  for (const r of roots) {
    if (area[r]! >= minArea)
      out.push({ box: [x0[r]!, y0[r]!, x1[r]! - x0[r]! + 1, y1[r]! - y0[r]! + 1], area: area[r]! });
  }
  return out.sort((a, b) => b.area - a.area);
}
