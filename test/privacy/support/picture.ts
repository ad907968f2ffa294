// Reading a wall tile's picture back in the page: the <video> drawn to a canvas at its own size, then, per 16 px cell,
// whether it is flat (luma max - min within a codec's noise over the cell's inner 10x10, as the blurred relay's test
// reads ffmpeg's output). Only the cells travel back to the test, not the pixels.

export interface Picture {
  w: number;
  h: number;
  cols: number;
  rows: number;
  /** One '1' (flat) or '0' per cell, row-major. */
  flat: string;
  /** The video's currentTime (a new view starts again from 0). */
  t: number;
  privacy: string;
  badge: string;
}

/** Page-side code as a string: the test runner's transpiler must not touch what runs in the browser. */
export const PICTURE = `(() => {
  const v = document.querySelector('#wall .tile video');
  if (!v || v.readyState < 2 || !v.videoWidth) return null;
  const w = v.videoWidth, h = v.videoHeight;
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(v, 0, 0, w, h);
  const d = ctx.getImageData(0, 0, w, h).data;
  const cols = Math.floor(w / 16), rows = Math.floor(h / 16);
  let flat = '';
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      let lo = 255, hi = 0;
      for (let y = r * 16 + 3; y < r * 16 + 13; y++)
        for (let x = c * 16 + 3; x < c * 16 + 13; x++) {
          const i = (y * w + x) * 4;
          const g = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
          if (g < lo) lo = g;
          if (g > hi) hi = g;
        }
      flat += hi - lo <= 6 ? '1' : '0';
    }
  const badge = v.closest('.tile').querySelector('.privacy-badge');
  return { w, h, cols, rows, flat, t: v.currentTime, privacy: badge?.dataset.privacy ?? '', badge: badge?.textContent ?? '' };
})()`;

/** Share of flat cells: the whole picture, a pixel rectangle (cells wholly inside), or a list of cell indexes. */
export function share(p: Picture, where?: { x0: number; y0: number; x1: number; y1: number } | number[]): number {
  let cells: number[];
  if (Array.isArray(where)) cells = where;
  else if (where) {
    cells = [];
    for (let r = Math.ceil(where.y0 / 16); (r + 1) * 16 <= where.y1 && r < p.rows; r++)
      for (let c = Math.ceil(where.x0 / 16); (c + 1) * 16 <= where.x1 && c < p.cols; c++) cells.push(r * p.cols + c);
  } else cells = Array.from({ length: p.flat.length }, (_, i) => i);
  if (!cells.length) return 0;
  return cells.filter((i) => p.flat[i] === '1').length / cells.length;
}
