// Tiny dependency-free SVG line charts for the HTML evaluation report (precision-recall, counts per frame).
import type { PrPoint } from './detection-ap.js';

export interface Series {
  name: string;
  points: readonly (readonly [number, number])[];
  color?: string;
}

export interface ChartOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  width?: number;
  height?: number;
  /** Fixed axis ranges; otherwise taken from the data. */
  xRange?: [number, number];
  yRange?: [number, number];
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** About `count` round tick values covering [lo, hi] (steps of 1, 2 or 5 × 10^k). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

function extent(values: number[], fallback: [number, number]): [number, number] {
  if (values.length === 0) return fallback;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

export function lineChartSvg(series: readonly Series[], opts: ChartOptions = {}): string {
  const width = opts.width ?? 480;
  const height = opts.height ?? 320;
  const m = { left: 56, right: 16, top: opts.title ? 32 : 16, bottom: 44 };
  const all = series.flatMap((s) => s.points);
  const [x0, x1] =
    opts.xRange ??
    extent(
      all.map((p) => p[0]),
      [0, 1],
    );
  const [y0, y1] =
    opts.yRange ??
    extent(
      all.map((p) => p[1]),
      [0, 1],
    );
  const px = (x: number) => m.left + ((x - x0) / (x1 - x0)) * (width - m.left - m.right);
  const py = (y: number) => height - m.bottom - ((y - y0) / (y1 - y0)) * (height - m.top - m.bottom);
  const f = (v: number) => v.toFixed(1);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
  ];
  if (opts.title)
    out.push(`<text x="${width / 2}" y="18" text-anchor="middle" font-size="13">${esc(opts.title)}</text>`);
  for (const t of niceTicks(x0, x1)) {
    out.push(`<line x1="${f(px(t))}" y1="${m.top}" x2="${f(px(t))}" y2="${height - m.bottom}" stroke="#eee"/>`);
    out.push(`<text x="${f(px(t))}" y="${height - m.bottom + 14}" text-anchor="middle">${t}</text>`);
  }
  for (const t of niceTicks(y0, y1)) {
    out.push(`<line x1="${m.left}" y1="${f(py(t))}" x2="${width - m.right}" y2="${f(py(t))}" stroke="#eee"/>`);
    out.push(`<text x="${m.left - 6}" y="${f(py(t) + 4)}" text-anchor="end">${t}</text>`);
  }
  out.push(
    `<rect x="${m.left}" y="${m.top}" width="${width - m.left - m.right}" height="${height - m.top - m.bottom}" fill="none" stroke="#333"/>`,
  );
  if (opts.xLabel) {
    out.push(
      `<text x="${(m.left + width - m.right) / 2}" y="${height - 8}" text-anchor="middle">${esc(opts.xLabel)}</text>`,
    );
  }
  if (opts.yLabel) {
    const cy = (m.top + height - m.bottom) / 2;
    out.push(`<text x="14" y="${cy}" text-anchor="middle" transform="rotate(-90 14 ${cy})">${esc(opts.yLabel)}</text>`);
  }
  series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length]!;
    const d = s.points.map((p, k) => `${k === 0 ? 'M' : 'L'}${f(px(p[0]))},${f(py(p[1]))}`).join('');
    if (d) out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5"/>`);
  });
  // Legend, top right, on a light background so that the curves under it do not hide it.
  out.push(
    `<rect x="${width - m.right - 116}" y="${m.top + 2}" width="112" height="${series.length * 14 + 6}" fill="white" fill-opacity="0.85"/>`,
  );
  series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length]!;
    const ly = m.top + 14 + i * 14;
    out.push(
      `<line x1="${width - m.right - 110}" y1="${ly - 4}" x2="${width - m.right - 94}" y2="${ly - 4}" stroke="${color}" stroke-width="2"/>`,
    );
    out.push(`<text x="${width - m.right - 90}" y="${ly}">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

/** Precision against recall, both on [0, 1]. */
export function prCurveSvg(curve: readonly PrPoint[], opts: ChartOptions & { name?: string } = {}): string {
  const points = curve.map((p): [number, number] => [p.recall, p.precision]);
  return lineChartSvg([{ name: opts.name ?? 'detector', points }], {
    xLabel: 'recall',
    yLabel: 'precision',
    xRange: [0, 1],
    yRange: [0, 1],
    ...opts,
  });
}

/** True and predicted counts per frame. */
export function countsSvg(
  truth: ReadonlyMap<number, number>,
  predicted: ReadonlyMap<number, number>,
  opts: ChartOptions = {},
): string {
  const frames = [...truth.keys()].sort((a, b) => a - b);
  const top = Math.max(1, ...truth.values(), ...predicted.values());
  return lineChartSvg(
    [
      { name: 'truth', points: frames.map((f): [number, number] => [f, truth.get(f) ?? 0]), color: '#333' },
      { name: 'predicted', points: frames.map((f): [number, number] => [f, predicted.get(f) ?? 0]) },
    ],
    { xLabel: 'frame', yLabel: 'count', yRange: [0, top], ...opts },
  );
}
