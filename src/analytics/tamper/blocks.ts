// Contrast and edge strength per block of a grid: a partly covered view and a blur are judged where the picture
// still has texture, so a black half cannot pass for a blur (nor a blur elsewhere hide behind it).

export const BLOCKS_X = 8;
export const BLOCKS_Y = 6;

export interface BlockStats {
  /** Mean gray level per block. */
  mean: Float32Array;
  /** Gray standard deviation per block, row-major BLOCKS_X x BLOCKS_Y. */
  std: Float32Array;
  /** Mean (halved) gradient magnitude per block. */
  grad: Float32Array;
}

export function blockStats(px: Uint8Array, grad: Uint8Array, w: number, h: number): BlockStats {
  const n = BLOCKS_X * BLOCKS_Y;
  const sum = new Float64Array(n);
  const sq = new Float64Array(n);
  const g = new Float64Array(n);
  const count = new Float64Array(n);
  for (let y = 0; y < h; y++) {
    const by = Math.min(BLOCKS_Y - 1, Math.floor((y * BLOCKS_Y) / h)) * BLOCKS_X;
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const b = by + Math.min(BLOCKS_X - 1, Math.floor((x * BLOCKS_X) / w));
      const v = px[row + x]!;
      sum[b]! += v;
      sq[b]! += v * v;
      g[b]! += grad[row + x]!;
      count[b]!++;
    }
  }
  const mean = new Float32Array(n);
  const std = new Float32Array(n);
  const mg = new Float32Array(n);
  for (let b = 0; b < n; b++) {
    const c = Math.max(count[b]!, 1);
    const m = sum[b]! / c;
    mean[b] = m;
    std[b] = Math.sqrt(Math.max(0, sq[b]! / c - m * m));
    mg[b] = g[b]! / c;
  }
  return { mean, std, grad: mg };
}

/** Blocks that had texture in the reference: share gone flat now, and median sharpness ratio where both have it. */
export function compareBlocks(
  cur: BlockStats,
  ref: BlockStats,
  flatRatio: number,
  flatMaxStd: number,
): { flatShare: number; sharpRatio: number | undefined } {
  const MIN_TEXTURE = 6;
  let textured = 0;
  let flat = 0;
  const ratios: number[] = [];
  for (let b = 0; b < ref.std.length; b++) {
    const rs = ref.std[b]!;
    if (rs < MIN_TEXTURE) continue;
    textured++;
    const cs = cur.std[b]!;
    if (cs < flatMaxStd && cs < flatRatio * rs) flat++;
    // Edge strength over brightness (Weber-like): a blur lowers it, a dimmer light does not; the block's own
    // contrast would not do, as a blur lowers it too.
    else if (cs >= MIN_TEXTURE) ratios.push(weber(cur, b) / Math.max(weber(ref, b), 1e-6));
  }
  ratios.sort((a, b) => a - b);
  return {
    flatShare: textured ? flat / textured : 0,
    sharpRatio: ratios.length >= 3 ? ratios[ratios.length >> 1] : undefined,
  };
}

const weber = (s: BlockStats, b: number) => s.grad[b]! / Math.max(s.mean[b]!, 16);
