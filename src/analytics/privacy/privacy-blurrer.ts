// People (and plates) hidden on a live or replayed picture: detector boxes, refreshed a few times a second, plus
// whatever moves (a background model on a small gray picture), so that a person the detector misses is hidden while
// they move and one standing still is hidden by the detector. It fails closed: until both are warm, or when the
// detector falls behind or fails, the moving area is hidden widely, or the whole picture.
import type { Frame } from '../../media/frames/frame.js';
import { type CellGrid, cellGrid, cellSizeFor, pixelateYuv420p } from '../../media/frames/pixelate.js';
import { yuv420pToRgb24 } from '../../media/frames/yuv.js';
import type { Detection } from '../detect/nanodet-decoder.js';
import type { RgbFrameLike } from '../detect/preprocess.js';
import type { Box } from '../geometry/box.js';
import { SigmaDeltaModel } from '../motion/background-model.js';
import { analysisSize, frameGray, type GrayImage } from '../motion/downscale.js';
import { dilate } from '../motion/morphology.js';
import { markBox, markMask, PERSON_LIKE, plateBand } from './blur-cells.js';

export interface BlurDetector {
  detect(frame: RgbFrameLike): Promise<Detection[]> | Detection[];
  close?(): Promise<void> | void;
}

export interface PrivacyBlurOptions {
  /** A detector pass at most this often (ms); it runs beside the frames, never holding one back. Default 400. */
  detectEveryMs?: number;
  /** Boxes older than this are not trusted alone: the moving area is hidden widely too. Default 1500. */
  maxDetectionAgeMs?: number;
  /** Boxes widened by this share of their size on each side. Default 0.15. */
  boxMargin?: number;
  /** ... and by this share of their height per second of age (people walk ~1 body height a second). Default 0.6. */
  marginPerSecond?: number;
  /** Whether moving areas are hidden even when the boxes are fresh (recall first). Default true. */
  hideMotion?: boolean;
  /** Width of the background model's picture. Default 160. */
  motionWidth?: number;
  /** A person standing still joins the background after this long (the detector hides them then). Default 20 s. */
  absorbMs?: number;
  /** Whole picture hidden for this long after the start (no background model, no boxes yet). Default 1000. */
  warmMs?: number;
  /** Cell side in pixels; default about 1/30 of the picture's smaller side (cellSizeFor). */
  cellPx?: number;
}

export type BlurMode = 'warming' | 'boxes+motion' | 'boxes' | 'motion-wide';

export interface BlurReport {
  mode: BlurMode;
  /** Cells flattened on this picture, and the share of the picture. */
  cells: number;
  share: number;
  /** Age of the boxes used (ms; -1 when none yet). */
  detectionAgeMs: number;
  /** The boxes hidden (frame pixels), for the access-copy manifest and tests. */
  boxes: Array<{ cls: string; box: Box }>;
}

const DEFAULTS: Required<PrivacyBlurOptions> = {
  detectEveryMs: 400,
  maxDetectionAgeMs: 1500,
  boxMargin: 0.15,
  marginPerSecond: 0.6,
  hideMotion: true,
  motionWidth: 160,
  absorbMs: 20_000,
  warmMs: 1000,
  cellPx: 0,
};

/** One stream's blurrer: frames in order, yuv420p, pixelated in place. */
export class PrivacyBlurrer {
  private readonly o: Required<PrivacyBlurOptions>;
  private readonly model: SigmaDeltaModel;
  private gray: GrayImage | undefined;
  private grid: CellGrid | undefined;
  private startedAt: number | undefined;
  /** The detector pass running, if any (one at a time). */
  private pending: Promise<void> | undefined;
  private lastStart = Number.NEGATIVE_INFINITY;
  private boxes: { atMs: number; list: Detection[] } | undefined;
  /** Detector failures in a row (a broken detector leaves the stream on motion-wide, never clear). */
  failures = 0;

  constructor(
    private readonly detector: BlurDetector | undefined,
    o: PrivacyBlurOptions = {},
  ) {
    this.o = { ...DEFAULTS, ...o };
    this.model = new SigmaDeltaModel({ absorbMs: this.o.absorbMs });
  }

  /** Pixelates what must be hidden on this frame (yuv420p, in place); `nowMs` is the frame's time. */
  apply(frame: Frame, nowMs = frame.ptsMs): BlurReport {
    if (frame.format !== 'yuv420p') throw new Error(`privacy blur needs yuv420p frames, got ${frame.format}`);
    const { width, height } = frame;
    this.startedAt ??= nowMs;
    if (!this.grid || this.grid.cols * this.grid.cellPx < width || this.grid.rows * this.grid.cellPx < height) {
      this.grid = cellGrid(width, height, this.o.cellPx || cellSizeFor(width, height));
    }
    const g = this.grid;
    g.cells.fill(0);
    this.maybeDetect(frame, nowMs);
    const size = analysisSize(width, height, this.o.motionWidth);
    this.gray = frameGray(frame, size.width, size.height, this.gray);
    const fg = this.model.apply(this.gray.data, size.width, size.height, nowMs);
    const age = this.boxes ? nowMs - this.boxes.atMs : -1;
    // No detector (or none yet answered): warm once the background model has had warmMs; boxes then count as stale.
    const warm = nowMs - this.startedAt >= this.o.warmMs && (this.boxes !== undefined || !this.detector);
    let mode: BlurMode;
    const hidden: BlurReport['boxes'] = [];
    if (!warm) {
      mode = 'warming';
      g.cells.fill(1);
    } else {
      const fresh = age <= this.o.maxDetectionAgeMs;
      const margin = this.o.boxMargin + (this.o.marginPerSecond * Math.max(0, age)) / 1000;
      for (const d of this.boxes!.list) {
        const box = PERSON_LIKE.has(d.cls) ? d.box : plateBand(d.box);
        markBox(g, box, margin);
        hidden.push({ cls: d.cls, box });
      }
      if (!fresh) {
        mode = 'motion-wide';
        // A wide ring around every moving pixel: someone walking stays inside it between stale boxes.
        markMask(g, dilate(fg, size.width, size.height, 2), size.width, size.height, 2);
      } else if (this.o.hideMotion) {
        mode = 'boxes+motion';
        markMask(g, fg, size.width, size.height, 1);
      } else mode = 'boxes';
    }
    const cells = pixelateYuv420p(frame.data, width, height, g);
    return { mode, cells, share: cells / g.cells.length, detectionAgeMs: age, boxes: hidden };
  }

  /** Starts a detector pass on a copy of this frame when one is due and none is running; never waits for it. */
  private maybeDetect(frame: Frame, nowMs: number): void {
    if (!this.detector || this.pending || nowMs - this.lastStart < this.o.detectEveryMs) return;
    this.lastStart = nowMs;
    const rgb = {
      width: frame.width,
      height: frame.height,
      data: yuv420pToRgb24(frame.data, frame.width, frame.height),
    };
    const detector = this.detector;
    this.pending = Promise.resolve()
      .then(() => detector.detect(rgb))
      .then((list) => {
        this.boxes = { atMs: nowMs, list };
        this.failures = 0;
      })
      .catch(() => {
        this.failures++;
      })
      .finally(() => {
        this.pending = undefined;
      });
  }

  /** Waits for a detector pass in flight (files and tests: the next frame then uses its boxes). */
  async settle(): Promise<void> {
    await this.pending;
  }

  async close(): Promise<void> {
    await this.settle();
    this.model.close();
    await this.detector?.close?.();
  }
}
