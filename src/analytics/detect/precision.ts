// Which arithmetic the detector uses: int8 pays only where the CPU has int8 dot-product instructions.
import { readFileSync } from 'node:fs';
import type { DetectorPrecision } from './convert-nanodet.js';

let vnni: boolean | undefined;

/** Whether this CPU has VNNI (AVX512-VNNI or AVX-VNNI), read once from /proc/cpuinfo (false elsewhere). */
export function cpuHasVnni(): boolean {
  if (vnni === undefined) {
    try {
      vnni = /\b(avx512_vnni|avx_vnni)\b/.test(readFileSync('/proc/cpuinfo', 'utf8'));
    } catch {
      vnni = false;
    }
  }
  return vnni;
}

/** 'auto' → int8 on a CPU with VNNI; fp32 on a GPU (its float path is fast) or an older CPU (int8 may saturate). */
export function resolvePrecision(
  precision: 'auto' | DetectorPrecision,
  executionProvider: 'cpu' | 'cuda' = 'cpu',
): DetectorPrecision {
  if (precision !== 'auto') return precision;
  return executionProvider === 'cpu' && cpuHasVnni() ? 'int8' : 'fp32';
}
