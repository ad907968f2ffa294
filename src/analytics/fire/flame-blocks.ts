// Per-block flame statistics of one rgb24 frame: area-averaged to the analysis width, each pixel tested for flame
// colour (bright, R >= G > B, saturated unless very bright), then per block the flame share and flame energy.
import type { Frame } from '../../media/frames/frame.js';
import type { FireOptions } from './fire-options.js';

export interface BlockGrid {
  /** Analysis size. */
  width: number;
  height: number;
  cols: number;
  rows: number;
  blockPx: number;
}

export interface BlockMeasure {
  /** Share of the block's pixels that are flame-coloured. */
  share: Float32Array;
  /** Sum of flame pixels' luminance over (block pixels x 255): intensity and area together. */
  energy: Float32Array;
  /**
   * Mean change, since the previous frame, of each pixel's flame luminance (its luminance when flame-coloured, else 0)
   * over the pixels flame-coloured in either frame, / 255. Per pixel, so a flame's turbulence (tongues moving, heat
   * rising) does not cancel out across the block as in a block sum; a lit static orange thing changes only by noise.
   */
  change: Float32Array;
  /** Flame-coloured share of the whole frame. */
  sceneShare: number;
}

export function gridFor(frame: Frame, o: FireOptions): BlockGrid {
  const width = Math.min(frame.width, o.analysisWidth);
  const height = Math.max(1, Math.round((frame.height * width) / frame.width));
  return { width, height, cols: Math.ceil(width / o.blockPx), rows: Math.ceil(height / o.blockPx), blockPx: o.blockPx };
}

export class FlameBlocks {
  private readonly sum: Float32Array;
  private readonly cnt: Uint16Array;
  private readonly blockPixels: Uint16Array;
  /** Flame luminance of every analysis pixel in the previous frame (undefined before the first). */
  private prev: Float32Array | undefined;

  constructor(
    readonly grid: BlockGrid,
    private readonly o: FireOptions,
  ) {
    this.sum = new Float32Array(grid.width * grid.height * 3);
    this.cnt = new Uint16Array(grid.width * grid.height);
    this.blockPixels = new Uint16Array(grid.cols * grid.rows);
    for (let y = 0; y < grid.height; y++) {
      for (let x = 0; x < grid.width; x++) this.blockPixels[this.block(x, y)]!++;
    }
  }

  private block(x: number, y: number): number {
    return Math.floor(y / this.grid.blockPx) * this.grid.cols + Math.floor(x / this.grid.blockPx);
  }

  measure(frame: Frame): BlockMeasure {
    const { width: aw, height: ah, cols, rows } = this.grid;
    const { sum, cnt } = this;
    sum.fill(0);
    cnt.fill(0);
    // Area average: every source pixel adds to the analysis pixel it falls in.
    const d = frame.data;
    for (let y = 0; y < frame.height; y++) {
      const row = Math.floor((y * ah) / frame.height) * aw;
      for (let x = 0; x < frame.width; x++) {
        const j = row + Math.floor((x * aw) / frame.width);
        const i = (y * frame.width + x) * 3;
        sum[3 * j]! += d[i]!;
        sum[3 * j + 1]! += d[i + 1]!;
        sum[3 * j + 2]! += d[i + 2]!;
        cnt[j]!++;
      }
    }
    const share = new Float32Array(cols * rows);
    const energy = new Float32Array(cols * rows);
    const change = new Float32Array(cols * rows);
    const touched = new Float32Array(cols * rows);
    const cur = new Float32Array(aw * ah);
    const prev = this.prev;
    const { minRed, minSaturation, minSaturationBright } = this.o;
    let flame = 0;
    for (let y = 0; y < ah; y++) {
      for (let x = 0; x < aw; x++) {
        const j = y * aw + x;
        const n = cnt[j]!;
        const r = sum[3 * j]! / n;
        const g = sum[3 * j + 1]! / n;
        const b = sum[3 * j + 2]! / n;
        const k = this.block(x, y);
        const before = prev ? prev[j]! : 0;
        // Dim flame-ish pixels must be clearly saturated; near-white ones only a little (yellow-white cores).
        const need = minSaturationBright + ((minSaturation - minSaturationBright) * (255 - r)) / (255 - minRed);
        if (r < minRed || g > r || b >= g || (r - b) / r < need) {
          if (before > 0) {
            change[k]! += before;
            touched[k]! += 1;
          }
          continue;
        }
        const lum = (r + g + b) / 3;
        cur[j] = lum;
        change[k]! += Math.abs(lum - before);
        touched[k]! += 1;
        share[k]! += 1;
        energy[k]! += lum;
        flame++;
      }
    }
    this.prev = cur;
    // The first frame has no change to measure (NaN, left out of the window's median rather than counted as still).
    for (let k = 0; k < change.length; k++) {
      change[k] = !prev ? Number.NaN : touched[k]! > 0 ? change[k]! / (touched[k]! * 255) : 0;
    }
    for (let k = 0; k < share.length; k++) {
      energy[k]! /= this.blockPixels[k]! * 255;
      share[k]! /= this.blockPixels[k]!;
    }
    return { share, energy, change, sceneShare: flame / (aw * ah) };
  }
}
