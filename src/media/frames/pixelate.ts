// Irreversible pixelation of yuv420p pictures by cells: each marked cell becomes one flat colour (its mean), so
// nothing inside it (a face, a plate) can be recovered, unlike a light Gaussian blur that deconvolution undoes.

/** Cells over a picture, row-major; 1 = pixelate. */
export interface CellGrid {
  /** Cell side in pixels (even, so the half-size chroma cells line up). */
  cellPx: number;
  cols: number;
  rows: number;
  cells: Uint8Array;
}

/**
 * The default cell side for a picture: about 1/30 (`perSide`) of its smaller side, even, at least 8 px (480 lines → 16 px,
 * 1080 → 36 px: a face at the usual street distances is one or two flat cells).
 */
export function cellSizeFor(width: number, height: number, perSide = 30): number {
  const px = Math.round(Math.min(width, height) / perSide);
  return Math.max(8, px + (px % 2));
}

export function cellGrid(width: number, height: number, cellPx = cellSizeFor(width, height)): CellGrid {
  if (cellPx < 2 || cellPx % 2) throw new Error(`cell size must be even and ≥ 2, got ${cellPx}`);
  const cols = Math.ceil(width / cellPx);
  const rows = Math.ceil(height / cellPx);
  return { cellPx, cols, rows, cells: new Uint8Array(cols * rows) };
}

// Fills a w x h region of one plane (stride = plane width) with its mean.
function flatten(plane: Uint8Array, stride: number, x0: number, y0: number, w: number, h: number): void {
  let sum = 0;
  for (let y = y0; y < y0 + h; y++) {
    const row = y * stride;
    for (let x = x0; x < x0 + w; x++) sum += plane[row + x]!;
  }
  const mean = Math.round(sum / (w * h));
  for (let y = y0; y < y0 + h; y++) plane.fill(mean, y * stride + x0, y * stride + x0 + w);
}

/** Pixelates the marked cells of a yuv420p picture in place; returns how many cells were flattened. */
export function pixelateYuv420p(data: Uint8Array, width: number, height: number, g: CellGrid): number {
  if (width % 2 || height % 2) throw new Error(`yuv420p needs an even size, got ${width}x${height}`);
  const cw = width / 2;
  const ch = height / 2;
  const y = data.subarray(0, width * height);
  const u = data.subarray(width * height, width * height + cw * ch);
  const v = data.subarray(width * height + cw * ch, width * height + 2 * cw * ch);
  const half = g.cellPx / 2;
  let n = 0;
  for (let r = 0; r < g.rows; r++) {
    for (let c = 0; c < g.cols; c++) {
      if (!g.cells[r * g.cols + c]) continue;
      const x0 = c * g.cellPx;
      const y0 = r * g.cellPx;
      flatten(y, width, x0, y0, Math.min(g.cellPx, width - x0), Math.min(g.cellPx, height - y0));
      const cx = c * half;
      const cy = r * half;
      const w2 = Math.min(half, cw - cx);
      const h2 = Math.min(half, ch - cy);
      flatten(u, cw, cx, cy, w2, h2);
      flatten(v, cw, cx, cy, w2, h2);
      n++;
    }
  }
  return n;
}
