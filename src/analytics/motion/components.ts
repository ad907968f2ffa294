// 8-connected components of a 0/1 mask (two passes with union-find): one box and pixel count per blob.

export interface Blob {
  /** [left, top, width, height] in mask pixels. */
  box: [number, number, number, number];
  /** Foreground pixels in the blob. */
  area: number;
}

export function connectedComponents(mask: Uint8Array, width: number, height: number, minArea = 1): Blob[] {
  const labels = new Int32Array(mask.length);
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
        for (const k of [w, nw, n, ne]) if (k && k !== l) union(l, k);
      }
      labels[i] = l;
    }
  }
  const boxes = new Map<number, { x0: number; y0: number; x1: number; y1: number; area: number }>();
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const l = labels[y * width + x]!;
      if (!l) continue;
      const r = find(l);
      const b = boxes.get(r);
      if (!b) boxes.set(r, { x0: x, y0: y, x1: x, y1: y, area: 1 });
      else {
        b.area++;
        if (x < b.x0) b.x0 = x;
        if (x > b.x1) b.x1 = x;
        if (y > b.y1) b.y1 = y;
      }
    }
  }
  const out: Blob[] = [];
  for (const b of boxes.values()) {
    if (b.area >= minArea) out.push({ box: [b.x0, b.y0, b.x1 - b.x0 + 1, b.y1 - b.y0 + 1], area: b.area });
  }
  return out.sort((a, b) => b.area - a.area);
}
