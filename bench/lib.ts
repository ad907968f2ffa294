import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { cpuInt8Support } from '../src/analytics/detect/precision.js';

export async function timeIt(fn: () => Promise<unknown> | unknown, runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const fmt = (x: number, digits = 1) => x.toFixed(digits);

const INT8 = { vnni: 'int8 with VNNI', avx2: 'int8 with AVX2, no VNNI', none: 'no int8 SIMD' } as const;

/** The host, with the int8 instructions the detector's speed depends on (VNNI runs it about twice as fast as AVX2). */
export function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model.trim()} (${INT8[cpuInt8Support()]}), Node ${process.version}`;
}

/** Replaces the section between `<!-- bench:NAME -->` markers in docs/benchmarks.md (appends it if absent). */
export function writeSection(name: string, markdown: string, file = 'docs/benchmarks.md') {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  let doc = '';
  try {
    doc = readFileSync(file, 'utf8');
  } catch {
    doc =
      '# Benchmarks\n\nWritten by `npm run bench`; every figure is a ratio against a baseline measured in the same run.\n';
  }
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  doc = i >= 0 && j > i ? doc.slice(0, i) + block + doc.slice(j + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, doc);
}
