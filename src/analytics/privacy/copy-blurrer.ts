// The pictures of an access-request copy: everyone but the requester hidden. Unlike the live blurrer, boxes are
// known for every picture before the copy is written (the follow pass detected and tracked them all), so there is
// no staleness to fail closed on; what moves is hidden too (a person the detector missed), then the requester's own
// box is cleared last, so that they alone stay visible.
import type { Frame } from '../../media/frames/frame.js';
import { type CellGrid, cellGrid, cellSizeFor, pixelateYuv420p } from '../../media/frames/pixelate.js';
import type { Box } from '../geometry/box.js';
import { SigmaDeltaModel } from '../motion/background-model.js';
import { analysisSize, frameGray, type GrayImage } from '../motion/downscale.js';
import { clearCells, markBox, markMask, PERSON_LIKE, plateBand } from './blur-cells.js';

export interface CopyBlurOptions {
  /**
   * Others' boxes widened by this share of their size on each side. Default 0.25: more than live (0.15), since the
   * requester is cleared last, a wider margin costs them nothing and catches a box drawn a little tight.
   */
  boxMargin?: number;
  /** The requester's box widened by this share before its cells are cleared (tracker boxes are a bit tight). */
  keepMargin?: number;
  /** A cell is cleared when at least this share of it lies inside the requester's box. Default 0.15. */
  keepCellShare?: number;
  /** Whether moving areas are hidden as well as boxes (recall first). Default true. */
  hideMotion?: boolean;
  motionWidth?: number;
  absorbMs?: number;
  cellPx?: number;
}

export interface CopyFrameReport {
  /** Cells flattened on this picture and their share of it. */
  cells: number;
  share: number;
  /** Boxes hidden, per class (vehicles: their plate band). */
  hidden: Record<string, number>;
  /** Whether the requester was kept clear on this picture. */
  kept: boolean;
}

/**
 * The copy's cell side: about 1/36 of the picture's smaller side, even, at least 8 px (576 lines → 16 px, 1080 → 30):
 * a little finer than live (1/30) so that the requester's outline and their neighbours' are followed more closely,
 * still one or two flat cells over a face at street distances.
 */
export function copyCellSize(width: number, height: number): number {
  return cellSizeFor(width, height, 36);
}

const DEFAULTS: Required<CopyBlurOptions> = {
  boxMargin: 0.25,
  keepMargin: 0.15,
  keepCellShare: 0.15,
  hideMotion: true,
  motionWidth: 160,
  absorbMs: 20_000,
  cellPx: 0,
};

export class CopyBlurrer {
  private readonly o: Required<CopyBlurOptions>;
  private readonly model: SigmaDeltaModel;
  private gray: GrayImage | undefined;
  private grid: CellGrid | undefined;

  constructor(o: CopyBlurOptions = {}) {
    this.o = { ...DEFAULTS, ...o };
    this.model = new SigmaDeltaModel({ absorbMs: this.o.absorbMs });
  }

  /** Pixelates (in place) everything but the `keep` boxes (the requester): the others' boxes and what moves. */
  apply(
    frame: Frame,
    others: ReadonlyArray<{ cls: string; box: Readonly<Box> }>,
    keep: ReadonlyArray<Readonly<Box>> = [],
  ): CopyFrameReport {
    if (frame.format !== 'yuv420p') throw new Error(`copy blur needs yuv420p frames, got ${frame.format}`);
    const { width, height } = frame;
    this.grid ??= cellGrid(width, height, this.o.cellPx || copyCellSize(width, height));
    const g = this.grid;
    g.cells.fill(0);
    const hidden: Record<string, number> = {};
    for (const d of others) {
      markBox(g, PERSON_LIKE.has(d.cls) ? d.box : plateBand(d.box), this.o.boxMargin);
      hidden[d.cls] = (hidden[d.cls] ?? 0) + 1;
    }
    if (this.o.hideMotion) {
      const size = analysisSize(width, height, this.o.motionWidth);
      this.gray = frameGray(frame, size.width, size.height, this.gray);
      const fg = this.model.apply(this.gray.data, size.width, size.height, frame.ptsMs);
      markMask(g, fg, size.width, size.height, 1);
    }
    const m = this.o.keepMargin;
    for (const [x, y, w, h] of keep)
      clearCells(g, [x - w * m, y - h * m, w * (1 + 2 * m), h * (1 + 2 * m)], this.o.keepCellShare);
    const cells = pixelateYuv420p(frame.data, width, height, g);
    return { cells, share: cells / g.cells.length, hidden, kept: keep.length > 0 };
  }

  close(): void {
    this.model.close();
  }
}
