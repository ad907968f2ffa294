// Motion on a frame: downscale to gray ► background model ► morphology ► connected components ► regions + score.

import type { Frame } from '../../media/frames/frame.js';
import type { Box } from '../geometry/box.js';
import {
  type BackgroundModel,
  Mog2Model,
  type Mog2Options,
  SigmaDeltaModel,
  type SigmaDeltaOptions,
} from './background-model.js';
import { connectedComponents } from './components.js';
import { analysisSize, frameGray, type GrayImage } from './downscale.js';
import { MaskCleaner } from './morphology.js';

export interface MotionOptions {
  /** Width of the picture the model runs on (aspect kept). Default 320. */
  analysisWidth?: number;
  /** Default 'sigma-delta' (faster, see docs/benchmarks.md); 'mog2' loads opencv-js. */
  model?: 'sigma-delta' | 'mog2';
  sigmaDelta?: SigmaDeltaOptions;
  mog2?: Mog2Options;
  /** Opening radius (noise removal), in analysis pixels. Default 1. */
  openRadius?: number;
  /** Closing radius (joins a person's parts), in analysis pixels. Default 2. */
  closeRadius?: number;
  /** Blobs smaller than this share of the picture are ignored. Default 0.0003 (~17 px at 320x180). */
  minBlobShare?: number;
}

export interface MotionRegion {
  /** [left, top, width, height] in full-frame pixels. */
  box: Box;
  /** Moving pixels inside, in full-frame pixels. */
  area: number;
}

export interface MotionResult {
  /** Share of the picture that moves, 0..1 (after noise removal). */
  score: number;
  regions: MotionRegion[];
  /** Size of the frame the boxes refer to. */
  width: number;
  height: number;
}

export class MotionDetector {
  private small: GrayImage | undefined;
  private cleaner: MaskCleaner | undefined;
  private labels: Int32Array | undefined;
  private frames = 0;

  private constructor(
    private readonly model: BackgroundModel,
    private readonly o: MotionOptions,
  ) {}

  static async create(o: MotionOptions = {}): Promise<MotionDetector> {
    const model = o.model === 'mog2' ? await Mog2Model.create(o.mog2) : new SigmaDeltaModel(o.sigmaDelta);
    return new MotionDetector(model, o);
  }

  /** Synchronous construction for the pure-JS model (no WASM to load). */
  static sigmaDelta(o: Omit<MotionOptions, 'model'> = {}): MotionDetector {
    return new MotionDetector(new SigmaDeltaModel(o.sigmaDelta), o);
  }

  get modelName(): string {
    return this.model.name;
  }

  detect(frame: Frame): MotionResult {
    const { width: aw, height: ah } = analysisSize(frame.width, frame.height, this.o.analysisWidth ?? 320);
    this.small = frameGray(frame, aw, ah, this.small);
    let fg = this.model.apply(this.small.data, aw, ah, frame.ptsMs);
    // A first frame has nothing to differ from (MOG2 calls it all foreground): it only seeds the model.
    if (this.frames++ === 0) return { score: 0, regions: [], width: frame.width, height: frame.height };
    if (this.cleaner?.width !== aw || this.cleaner.height !== ah) {
      this.cleaner = new MaskCleaner(aw, ah);
      this.labels = new Int32Array(aw * ah);
    }
    fg = this.cleaner.clean(fg, this.o.openRadius ?? 1, this.o.closeRadius ?? 2);
    const minArea = Math.max(1, Math.round((this.o.minBlobShare ?? 0.0003) * aw * ah));
    const blobs = connectedComponents(fg, aw, ah, minArea, this.labels);
    let moving = 0;
    for (const b of blobs) moving += b.area;
    const sx = frame.width / aw;
    const sy = frame.height / ah;
    const regions = blobs.map((b): MotionRegion => {
      const [x, y, w, h] = b.box;
      const left = Math.floor(x * sx);
      const top = Math.floor(y * sy);
      const box: Box = [
        left,
        top,
        Math.min(frame.width, Math.ceil((x + w) * sx)) - left,
        Math.min(frame.height, Math.ceil((y + h) * sy)) - top,
      ];
      return { box, area: Math.round(b.area * sx * sy) };
    });
    return { score: moving / (aw * ah), regions, width: frame.width, height: frame.height };
  }

  close(): void {
    this.model.close();
  }
}
