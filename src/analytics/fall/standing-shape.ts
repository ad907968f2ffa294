// The camera's typical standing person, per band of image height: median aspect (width/height) and median height of
// upright-looking person boxes. Histograms give a running median in O(bins) with no sample storage.

const ASPECT_BINS = 100; // 0.01 wide, 0..1 (upright boxes only)
const HEIGHT_BIN_PX = 4;
const HEIGHT_BINS = 512; // up to 2048 px
const MAX_COUNT = 5000; // then halve: old scenes fade, counts stay bounded

class Histogram {
  readonly counts: Float64Array;
  total = 0;
  constructor(
    bins: number,
    private readonly width: number,
  ) {
    this.counts = new Float64Array(bins);
  }

  add(v: number): void {
    const i = Math.min(this.counts.length - 1, Math.max(0, Math.floor(v / this.width)));
    this.counts[i]! += 1;
    if (++this.total > MAX_COUNT) {
      for (let k = 0; k < this.counts.length; k++) this.counts[k]! /= 2;
      this.total /= 2;
    }
  }

  median(): number {
    let acc = 0;
    for (let k = 0; k < this.counts.length; k++) {
      acc += this.counts[k]!;
      if (acc >= this.total / 2) return (k + 0.5) * this.width;
    }
    return 0;
  }
}

interface Band {
  aspect: Histogram;
  height: Histogram;
}

export interface StandingShape {
  aspect: number;
  height: number;
}

export class StandingModel {
  private readonly bands: Band[];
  private readonly all: Band;
  private maxBottom = 1;

  constructor(
    private readonly nBands: number,
    private readonly minSamples: number,
    private readonly frameHeight?: number,
  ) {
    const band = () => ({
      aspect: new Histogram(ASPECT_BINS, 0.01),
      height: new Histogram(HEIGHT_BINS, HEIGHT_BIN_PX),
    });
    this.bands = Array.from({ length: nBands }, band);
    this.all = band();
  }

  private band(bottom: number): Band {
    // Without the frame height, the lowest box bottom seen so far stands for it (bands settle as people cross).
    const h = this.frameHeight ?? this.maxBottom;
    return this.bands[Math.min(this.nBands - 1, Math.max(0, Math.floor((bottom / h) * this.nBands)))]!;
  }

  /** Records an upright-looking measured person box [left, top, width, height]. */
  add(box: readonly number[]): void {
    this.maxBottom = Math.max(this.maxBottom, box[1]! + box[3]!);
    const b = this.band(box[1]! + box[3]!);
    for (const x of [b, this.all]) {
      x.aspect.add(box[2]! / box[3]!);
      x.height.add(box[3]!);
    }
  }

  /** Typical standing shape for a box whose bottom is at `bottom`, or undefined while too little is known. */
  at(bottom: number): StandingShape | undefined {
    const b = this.band(bottom);
    const src = b.aspect.total >= this.minSamples ? b : this.all.aspect.total >= this.minSamples ? this.all : undefined;
    // Height is only meaningful for the band itself (perspective); the whole-frame median is a weak fallback.
    return src && { aspect: src.aspect.median(), height: src.height.median() };
  }
}
