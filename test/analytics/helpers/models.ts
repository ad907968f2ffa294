// Converted NanoDet models shared by the test files (converted once per size into the OS temp folder).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureNanodetOnnx } from '../../../src/analytics/detect/convert/convert-nanodet.js';

export const TEST_MODEL_CACHE = join(tmpdir(), 'vigie-test-models');

export function testNanodetModel(inputSize: number): Promise<string> {
  return ensureNanodetOnnx(TEST_MODEL_CACHE, inputSize);
}

/** IoU of two [left, top, width, height] boxes. */
export function iouXywh(a: readonly number[], b: readonly number[]): number {
  const iw = Math.min(a[0]! + a[2]!, b[0]! + b[2]!) - Math.max(a[0]!, b[0]!);
  const ih = Math.min(a[1]! + a[3]!, b[1]! + b[3]!) - Math.max(a[1]!, b[1]!);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  return inter / (a[2]! * a[3]! + b[2]! * b[3]! - inter);
}
