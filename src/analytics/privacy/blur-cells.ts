// What gets pixelated, as cells of a CellGrid: boxes (people, the plate area of vehicles) and moving areas.
import type { CellGrid } from '../../media/frames/pixelate.js';
import type { Box } from '../geometry/box.js';

/** Marks every cell a box (left, top, width, height in pixels) touches, after widening it by `margin` of its size. */
export function markBox(g: CellGrid, box: Readonly<Box>, margin = 0): void {
  const [x, y, w, h] = box;
  const mx = w * margin;
  const my = h * margin;
  const c0 = Math.max(0, Math.floor((x - mx) / g.cellPx));
  const c1 = Math.min(g.cols - 1, Math.floor((x + w + mx) / g.cellPx));
  const r0 = Math.max(0, Math.floor((y - my) / g.cellPx));
  const r1 = Math.min(g.rows - 1, Math.floor((y + h + my) / g.cellPx));
  for (let r = r0; r <= r1; r++) g.cells.fill(1, r * g.cols + c0, r * g.cols + c1 + 1);
}

/**
 * Marks the cells holding any foreground pixel of a mask (row-major, mw x mh, scaled over the whole picture), each
 * widened by `grow` cells on every side (what moved between two model updates is still covered).
 */
export function markMask(g: CellGrid, mask: Uint8Array, mw: number, mh: number, grow = 0): void {
  const hit = new Uint8Array(g.cells.length);
  for (let my = 0; my < mh; my++) {
    const r = Math.min(g.rows - 1, Math.floor((my * g.rows) / mh));
    const r2 = Math.min(g.rows - 1, Math.floor(((my + 1) * g.rows - 1) / mh));
    for (let mx = 0; mx < mw; mx++) {
      if (!mask[my * mw + mx]) continue;
      const c = Math.min(g.cols - 1, Math.floor((mx * g.cols) / mw));
      const c2 = Math.min(g.cols - 1, Math.floor(((mx + 1) * g.cols - 1) / mw));
      for (let rr = r; rr <= r2; rr++) for (let cc = c; cc <= c2; cc++) hit[rr * g.cols + cc] = 1;
    }
  }
  for (let r = 0; r < g.rows; r++) {
    for (let c = 0; c < g.cols; c++) {
      if (!hit[r * g.cols + c]) continue;
      const r0 = Math.max(0, r - grow);
      const r1 = Math.min(g.rows - 1, r + grow);
      const c0 = Math.max(0, c - grow);
      const c1 = Math.min(g.cols - 1, c + grow);
      for (let rr = r0; rr <= r1; rr++) g.cells.fill(1, rr * g.cols + c0, rr * g.cols + c1 + 1);
    }
  }
}

/** Unmarks the cells lying at least `share` inside a box (the requester of an access copy, kept clear). */
export function clearCells(g: CellGrid, box: Readonly<Box>, share: number): void {
  const [x, y, w, h] = box;
  const area = g.cellPx * g.cellPx;
  for (let r = Math.max(0, Math.floor(y / g.cellPx)); r < g.rows && r * g.cellPx < y + h; r++) {
    const iy = Math.min(y + h, (r + 1) * g.cellPx) - Math.max(y, r * g.cellPx);
    for (let c = Math.max(0, Math.floor(x / g.cellPx)); c < g.cols && c * g.cellPx < x + w; c++) {
      const ix = Math.min(x + w, (c + 1) * g.cellPx) - Math.max(x, c * g.cellPx);
      if (ix > 0 && iy > 0 && ix * iy >= share * area) g.cells[r * g.cols + c] = 0;
    }
  }
}

/** Classes whose whole box is hidden; vehicles hide only the plate band (see plateBand). */
export const PERSON_LIKE = new Set(['person', 'bicycle', 'motorcycle']);

/**
 * The part of a vehicle box where plates are: the lower half, full width (front and rear plates sit there from any
 * street-camera angle; a plate detector would be one more model to review, and this covers every plate it would find).
 */
export function plateBand(box: Readonly<Box>): Box {
  const [x, y, w, h] = box;
  return [x, y + h / 2, w, h / 2];
}
