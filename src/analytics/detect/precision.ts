// Which arithmetic the detector uses: int8 pays where the CPU has SIMD integer multiply-adds (AVX2, or VNNI).
import { readFileSync } from 'node:fs';
import type { DetectorPrecision } from './convert/convert-nanodet.js';

/** The CPU's fastest int8 multiply-add: VNNI (AVX512-VNNI or AVX-VNNI), AVX2's pairwise one, or neither. */
export type Int8Support = 'vnni' | 'avx2' | 'none';

/** What the flags line of this cpuinfo text offers (x86 only: other CPUs read as 'none'). */
export function int8SupportOf(cpuinfo: string): Int8Support {
  const flags = /^flags\s*:(.*)$/m.exec(cpuinfo)?.[1] ?? '';
  if (/\b(avx512_vnni|avx_vnni)\b/.test(flags)) return 'vnni';
  return /\bavx2\b/.test(flags) ? 'avx2' : 'none';
}

let support: Int8Support | undefined;

/** This CPU's int8 support, read once from /proc/cpuinfo ('none' where it cannot be read). */
export function cpuInt8Support(): Int8Support {
  if (support === undefined) {
    try {
      support = int8SupportOf(readFileSync('/proc/cpuinfo', 'utf8'));
    } catch {
      support = 'none';
    }
  }
  return support;
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
  return executionProvider === 'cpu' && cpuInt8Support() !== 'none' ? 'int8' : 'fp32';
}
