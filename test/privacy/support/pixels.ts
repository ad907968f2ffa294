// Pixel checks of blurred pictures: pixelation leaves flat 16x16 cells where a camera's picture has detail.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Decodes an fMP4 byte stream to gray w x h pictures, every one received (`passthrough`: live fragments are timed by
 * their arrival, and ffmpeg's default constant-rate output would thin a burst, such as a stream's first pictures).
 */
export function grayFrames(bytes: Buffer, w: number, h: number): Uint8Array[] {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-blur-'));
  try {
    writeFileSync(join(dir, 'v.mp4'), bytes);
    const r = spawnSync(
      'ffmpeg',
      ['-v', 'error', '-i', join(dir, 'v.mp4'), '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'],
      {
        maxBuffer: 1 << 30,
      },
    );
    assert.equal(r.status, 0, String(r.stderr));
    const n = Math.floor(r.stdout.length / (w * h));
    return Array.from({ length: n }, (_, i) => new Uint8Array(r.stdout.subarray(i * w * h, (i + 1) * w * h)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Share of 16x16 cells in [x0,x1)x[y0,y1) that are flat: max - min of the cell within a codec's noise. */
export function flatShare(f: Uint8Array, w: number, x0: number, y0: number, x1: number, y1: number): number {
  let flat = 0;
  let all = 0;
  for (let cy = Math.ceil(y0 / 16) * 16; cy + 16 <= y1; cy += 16) {
    for (let cx = Math.ceil(x0 / 16) * 16; cx + 16 <= x1; cx += 16) {
      let lo = 255;
      let hi = 0;
      for (let y = cy + 3; y < cy + 13; y++)
        for (let x = cx + 3; x < cx + 13; x++) {
          const v = f[y * w + x]!;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      all++;
      if (hi - lo <= 6) flat++;
    }
  }
  return all ? flat / all : 0;
}
