// Which arithmetic the detector uses: int8 pays where the CPU has SIMD integer multiply-adds (AVX2, or VNNI).
import { readFileSync } from 'node:fs';
import type { DetectorPrecision } from './convert-nanodet.js';

let fastInt8: boolean | undefined;

/** Whether the CPU flags in this cpuinfo text name AVX2 or VNNI (AVX512-VNNI or AVX-VNNI). */
export function flagsHaveFastInt8(cpuinfo: string): boolean {
  return /^flags\s*:.*\b(avx2|avx512_vnni|avx_vnni)\b/m.test(cpuinfo);
}

/** Whether this CPU runs the int8 model faster than fp32, read once from /proc/cpuinfo (false elsewhere). */
export function cpuHasFastInt8(): boolean {
  if (fastInt8 === undefined) {
    try {
      fastInt8 = flagsHaveFastInt8(readFileSync('/proc/cpuinfo', 'utf8'));
    } catch {
      fastInt8 = false;
    }
  }
  return fastInt8;
}

/**
 * 'auto' → int8 on an x86 CPU with AVX2 or VNNI (exact on both since weights are 7-bit: quantize.ts); fp32 on a GPU
 * (its float path is fast) and on other CPUs (int8 speed not measured there).
 */
export function resolvePrecision(
  precision: 'auto' | DetectorPrecision,
  executionProvider: 'cpu' | 'cuda' = 'cpu',
): DetectorPrecision {
  if (precision !== 'auto') return precision;
  return executionProvider === 'cpu' && cpuHasFastInt8() ? 'int8' : 'fp32';
}
