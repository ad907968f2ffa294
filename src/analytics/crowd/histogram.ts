// A fading histogram: robust statistics (median, MAD, quantiles) of the last minutes in constant memory and time.

export class FadingHistogram {
  readonly bins: Float64Array;
  private readonly step: number;
  total = 0;

  constructor(
    private readonly lo: number,
    private readonly hi: number,
    n: number,
  ) {
    this.bins = new Float64Array(n);
    this.step = (hi - lo) / n;
  }

  private index(v: number): number {
    return Math.min(this.bins.length - 1, Math.max(0, Math.floor((v - this.lo) / this.step)));
  }

  add(v: number, w = 1): void {
    this.bins[this.index(v)]! += w;
    this.total += w;
  }

  /** Multiplies every weight by `f` (exp(-dt / tau): older samples count less). */
  fade(f: number): void {
    if (this.total === 0) return;
    for (let i = 0; i < this.bins.length; i++) this.bins[i]! *= f;
    this.total *= f;
  }

  /** Value below which a share `q` of the weight lies (linear inside a bin); NaN when empty. */
  quantile(q: number): number {
    if (!(this.total > 0)) return Number.NaN;
    const want = q * this.total;
    let acc = 0;
    for (let i = 0; i < this.bins.length; i++) {
      const b = this.bins[i]!;
      if (acc + b >= want && b > 0) return this.lo + (i + (want - acc) / b) * this.step;
      acc += b;
    }
    return this.hi;
  }

  /** Median absolute deviation around `m` (half the weight lies within m ± MAD); at least one bin wide. */
  mad(m: number): number {
    if (!(this.total > 0)) return Number.NaN;
    // Distance of each bin's centre from m, visited nearest first.
    const order = [...this.bins.keys()].sort((a, b) => Math.abs(this.centre(a) - m) - Math.abs(this.centre(b) - m));
    let acc = 0;
    for (const i of order) {
      acc += this.bins[i]!;
      if (acc >= this.total / 2) return Math.max(this.step, Math.abs(this.centre(i) - m));
    }
    return this.step;
  }

  /** Weight of the bins in [from, to] (indices, inclusive, wrapping around: for circular direction histograms). */
  weightBetween(from: number, to: number): number {
    const n = this.bins.length;
    let s = 0;
    for (let k = from; k <= to; k++) s += this.bins[((k % n) + n) % n]!;
    return s;
  }

  private centre(i: number): number {
    return this.lo + (i + 0.5) * this.step;
  }
}
