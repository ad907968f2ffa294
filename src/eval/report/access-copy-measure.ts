// Measuring an access copy against ground truth: which cells of each copy picture are pixelated, read from the
// pictures themselves (the copy file, not the code that made it), then the share of each ground-truth box that is
// clear or hidden. A pixelated cell is flat at its source cell's mean; a clear one follows the source's detail:
// each cell is classed by which of the two the copy is nearer to, and left out when its source is itself so flat
// that the two cannot be told apart. Copy pictures are matched to source pictures by 16 px block means (pixelation
// keeps each cell's mean), the banner's rows left out.

export type GtBox = { id: number; box: [number, number, number, number] };

/** 1: pixelated, 0: clear, -1: cannot tell (a flat source cell). */
export function cellStates(copy: Uint8Array, src: Uint8Array, w: number, h: number, cellPx: number): Int8Array {
  const cols = Math.ceil(w / cellPx);
  const rows = Math.ceil(h / cellPx);
  const out = new Int8Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x0 = c * cellPx;
      const y0 = r * cellPx;
      const x1 = Math.min(w, x0 + cellPx);
      const y1 = Math.min(h, y0 + cellPx);
      let sum = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += src[y * w + x]!;
      const mean = sum / ((x1 - x0) * (y1 - y0));
      let dFlat = 0;
      let dSrc = 0;
      let detail = 0;
      for (let y = y0; y < y1; y++)
        for (let x = x0; x < x1; x++) {
          const v = copy[y * w + x]!;
          const s = src[y * w + x]!;
          dFlat += Math.abs(v - mean);
          dSrc += Math.abs(v - s);
          detail += Math.abs(s - mean);
        }
      const n = (x1 - x0) * (y1 - y0);
      // Less than 2 gray levels of detail on average: the codec's noise says more than the picture.
      out[r * cols + c] = detail / n < 2 ? -1 : dFlat < dSrc ? 1 : 0;
    }
  }
  return out;
}

/** Share of a box (pixels, rows from `skipTop` down) in cells of `state`, among the cells that can be told; NaN if none. */
export function boxShare(
  states: Int8Array,
  w: number,
  h: number,
  cellPx: number,
  box: readonly number[],
  state: 0 | 1,
  skipTop = 0,
): number {
  const cols = Math.ceil(w / cellPx);
  const bx0 = Math.max(0, box[0]!);
  const by0 = Math.max(skipTop, box[1]!);
  const bx1 = Math.min(w, box[0]! + box[2]!);
  const by1 = Math.min(h, box[1]! + box[3]!);
  let hit = 0;
  let all = 0;
  for (let r = Math.floor(by0 / cellPx); r * cellPx < by1; r++) {
    for (let c = Math.floor(bx0 / cellPx); c * cellPx < bx1; c++) {
      const s = states[r * cols + c];
      if (s === undefined || s < 0) continue;
      const ix = Math.min(bx1, (c + 1) * cellPx) - Math.max(bx0, c * cellPx);
      const iy = Math.min(by1, (r + 1) * cellPx) - Math.max(by0, r * cellPx);
      if (ix <= 0 || iy <= 0) continue;
      all += ix * iy;
      if (s === state) hit += ix * iy;
    }
  }
  return all > 0 ? hit / all : Number.NaN;
}

/** 16 px block means of a gray picture, rows from `skipTop` down. */
export function blockMeans(f: Uint8Array, w: number, h: number, skipTop: number): Float32Array {
  const cols = Math.floor(w / 16);
  const r0 = Math.ceil(skipTop / 16);
  const rows = Math.floor(h / 16) - r0;
  const out = new Float32Array(cols * rows);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      let s = 0;
      for (let y = (r + r0) * 16; y < (r + r0 + 1) * 16; y++)
        for (let x = c * 16; x < c * 16 + 16; x++) s += f[y * w + x]!;
      out[r * cols + c] = s / 256;
    }
  return out;
}

export const meanAbsDiff = (a: Float32Array, b: Float32Array) => {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += Math.abs(a[i]! - b[i]!);
  return d / a.length;
};

export interface AccessCopyFigures {
  /** Pictures where the tracker had the requester (kept clear), and those among them where ≥ 90 % of the GT box is clear. */
  requesterFrames: number;
  requesterClearShare: number;
  /** Other people's GT boxes over every picture (person-frames), and the share ≥ 90 % pixelated. */
  otherPersonFrames: number;
  othersCoveredShare: number;
  /** Means of the per-box shares, for the report. */
  meanRequesterClear: number;
  meanOthersCovered: number;
  /** Block-mean distance of the matched source pictures (gray levels): small when the alignment holds. */
  alignmentError: number;
}

/** Adds one matched picture at a time; `kept`: whether the copy kept the requester clear on it. */
export class CopyScorer {
  private req = { n: 0, ok: 0, sum: 0 };
  private oth = { n: 0, ok: 0, sum: 0 };
  private align = { n: 0, sum: 0 };

  constructor(
    private readonly o: { width: number; height: number; cellPx: number; requesterId: number; skipTop: number },
  ) {}

  add(copy: Uint8Array, src: Uint8Array, gt: readonly GtBox[], kept: boolean, alignmentError = 0): void {
    const { width: w, height: h, cellPx, skipTop } = this.o;
    const states = cellStates(copy, src, w, h, cellPx);
    this.align.n++;
    this.align.sum += alignmentError;
    for (const g of gt) {
      if (g.id === this.o.requesterId) {
        if (!kept) continue;
        const s = boxShare(states, w, h, cellPx, g.box, 0, skipTop);
        if (Number.isNaN(s)) continue;
        this.req.n++;
        this.req.sum += s;
        if (s >= 0.9) this.req.ok++;
      } else {
        const s = boxShare(states, w, h, cellPx, g.box, 1, skipTop);
        if (Number.isNaN(s)) continue;
        this.oth.n++;
        this.oth.sum += s;
        if (s >= 0.9) this.oth.ok++;
      }
    }
  }

  figures(): AccessCopyFigures {
    const r = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : 0);
    return {
      requesterFrames: this.req.n,
      requesterClearShare: r(this.req.ok, this.req.n),
      otherPersonFrames: this.oth.n,
      othersCoveredShare: r(this.oth.ok, this.oth.n),
      meanRequesterClear: r(this.req.sum, this.req.n),
      meanOthersCovered: r(this.oth.sum, this.oth.n),
      alignmentError: r(this.align.sum, this.align.n),
    };
  }
}
