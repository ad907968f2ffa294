// Binary morphology on 0/1 masks with square structuring elements, separable (rows, then columns).

/**
 * Max (dilate) or min (erode) over a (2r+1)² square, one pass along rows then one along columns. Only in-picture
 * pixels count (as OpenCV's default border): a blob touching the edge is not eroded by it.
 */
function squareFilter(
  mask: Uint8Array,
  width: number,
  height: number,
  r: number,
  dilate: boolean,
  into?: { out: Uint8Array; tmp: Uint8Array },
): Uint8Array {
  // Rows by runs of 1s (motion masks are mostly 0: scanning is cheap): grown by r for a dilation, shrunk by r for
  // an erosion except where the run touches the picture's edge.
  const tmp = into ? into.tmp.fill(0) : new Uint8Array(mask.length);
  // Whole 32-bit words of 0s are skipped at once when rows start on a word (mostly-still pictures).
  const words =
    width % 4 === 0 && mask.byteOffset % 4 === 0
      ? new Uint32Array(mask.buffer, mask.byteOffset, mask.length >> 2)
      : undefined;
  for (let y = 0; y < height; y++) {
    const o = y * width;
    let x = 0;
    while (x < width) {
      if (!mask[o + x]) {
        if (words && (x & 3) === 0 && words[(o + x) >> 2] === 0) x += 4;
        else x++;
        continue;
      }
      const start = x;
      while (x < width && mask[o + x]) x++;
      const a = dilate ? Math.max(0, start - r) : start === 0 ? 0 : start + r;
      const b = dilate ? Math.min(width, x + r) : x === width ? width : x - r;
      if (b > a) tmp.fill(1, o + a, o + b);
    }
  }
  // Every byte of out is written below (a copy of a row, then ORs or ANDs): a reused buffer needs no clearing.
  const out = into ? into.out : new Uint8Array(mask.length);
  // Columns: OR/AND of whole rows, 4 pixels per operation when rows are a multiple of 4 bytes long.
  const k = width % 4 === 0 ? 4 : 1;
  const src = k === 4 ? new Uint32Array(tmp.buffer) : tmp;
  const dst = k === 4 ? new Uint32Array(out.buffer) : out;
  const w = width / k;
  for (let y = 0; y < height; y++) {
    const a = (y > r ? y - r : 0) * w;
    const b = (y + r < height ? y + r : height - 1) * w;
    const o = y * w;
    // A plain loop, not set(subarray()): no view object per row (GC churn on every frame of every camera).
    for (let x = 0; x < w; x++) dst[o + x] = src[a + x]!;
    for (let row = a + w; row <= b; row += w) {
      if (dilate) for (let x = 0; x < w; x++) dst[o + x]! |= src[row + x]!;
      else for (let x = 0; x < w; x++) dst[o + x]! &= src[row + x]!;
    }
  }
  return out;
}

export function dilate(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  return r > 0 ? squareFilter(mask, width, height, r, true) : mask;
}

export function erode(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  return r > 0 ? squareFilter(mask, width, height, r, false) : mask;
}

/** Opening removes specks smaller than the element (sensor noise, compression artefacts). */
export function open(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  return dilate(erode(mask, width, height, r), width, height, r);
}

/** Closing fills gaps smaller than the element, so one person's limbs form one region. */
export function close(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  return erode(dilate(mask, width, height, r), width, height, r);
}

/**
 * Opening then closing of one mask size with three buffers kept between frames (a camera's motion masks, 5-25 times
 * a second: no garbage per frame). The mask returned is valid until the next call.
 */
export class MaskCleaner {
  private readonly a: Uint8Array;
  private readonly b: Uint8Array;
  private readonly tmp: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.a = new Uint8Array(width * height);
    this.b = new Uint8Array(width * height);
    this.tmp = new Uint8Array(width * height);
  }

  /** close(open(mask, openRadius), closeRadius), as the functions above compute it. */
  clean(mask: Uint8Array, openRadius: number, closeRadius: number): Uint8Array {
    const { width: w, height: h, tmp } = this;
    let m = mask;
    // Each step writes into the buffer the previous one did not, so no step reads what it writes.
    const step = (r: number, dilate: boolean) => {
      if (r <= 0) return;
      const out = m === this.a ? this.b : this.a;
      m = squareFilter(m, w, h, r, dilate, { out, tmp });
    };
    step(openRadius, false);
    step(openRadius, true);
    step(closeRadius, true);
    step(closeRadius, false);
    return m;
  }
}
