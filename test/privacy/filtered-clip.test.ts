// writeFilteredClip: every picture of the parts goes through the filter, in order, none skipped; masks and the banner
// are burnt in; the file's hash is what it returns.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { datasetPath, hasDataset } from '../../src/eval/datasets/paths.js';
import { writeFilteredClip } from '../../src/media/export/filtered-clip.js';
import { cellGrid, pixelateYuv420p } from '../../src/media/frames/pixelate.js';

const CLIP = datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4');
const skip = hasDataset('pets09-s2l1', 'PETS09-S2L1.mp4') ? false : 'PETS09 not in ../shared/datasets';
const dir = mkdtempSync(join(tmpdir(), 'vigie-fclip-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function gray(file: string, w: number, h: number): Uint8Array[] {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], {
    maxBuffer: 1 << 30,
  });
  assert.equal(r.status, 0, String(r.stderr));
  return Array.from({ length: r.stdout.length / (w * h) }, (_, i) => r.stdout.subarray(i * w * h, (i + 1) * w * h));
}

const spread = (f: Uint8Array, w: number, x0: number, y0: number, x1: number, y1: number) => {
  let lo = 255;
  let hi = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      lo = Math.min(lo, f[y * w + x]!);
      hi = Math.max(hi, f[y * w + x]!);
    }
  return hi - lo;
};

test('every picture is filtered, masks and banner burnt in, the hash is the file', { skip }, async () => {
  const out = join(dir, 'copy.mp4');
  const seqs: number[] = [];
  const r = await writeFilteredClip(
    [{ file: CLIP, outpoint: 3 }],
    out,
    (f) => {
      seqs.push(f.seq);
      const g = cellGrid(f.width, f.height, 32);
      // Left half of the picture, every row: pixelated.
      for (let row = 0; row < g.rows; row++) g.cells.fill(1, row * g.cols, row * g.cols + g.cols / 2);
      pixelateYuv420p(f.data, f.width, f.height, g);
    },
    {
      masks: [
        [
          [0.75, 0.75],
          [1, 0.75],
          [1, 1],
          [0.75, 1],
        ],
      ],
      banner: "copy for access request R-1: it's test",
    },
  );
  assert.deepEqual(
    seqs,
    Array.from({ length: r.frames }, (_, i) => i),
    'in order, none skipped',
  );
  assert.ok(r.frames >= 19 && r.frames <= 23, `${r.frames} pictures for 3 s at 7 fps`);
  assert.equal(r.sha256, createHash('sha256').update(readFileSync(out)).digest('hex'));
  const pics = gray(out, r.width, r.height);
  assert.equal(pics.length, r.frames);
  const last = pics.at(-1)!;
  // A 32 px cell inside the left half, below the banner: flat (codec noise only).
  assert.ok(spread(last, r.width, 100, 300, 124, 324) <= 8, 'left half pixelated');
  assert.ok(spread(last, r.width, 480, 100, 560, 180) > 30, 'right half keeps its detail');
  assert.ok(spread(last, r.width, 600, 460, 760, 570) <= 4, 'privacy mask: black');
  assert.ok(last[500 * r.width + 700]! < 20, 'masked area is black');
  // The banner: white text on a dark box at the top left, over the pixelated half.
  assert.ok(spread(last, r.width, 8, 8, 300, 30) > 120, 'banner text drawn');
});
