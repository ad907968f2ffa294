// Tile planning and the merge across tiles of a dense count (a constructed detector that sees one person wherever
// they are in a picture, whole or cut by its side), without the model.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CountingSchema } from '../../../src/analytics/count/count-settings.js';
import { DenseCounter, denseCrops } from '../../../src/analytics/count/dense-counter.js';
import { planTiles } from '../../../src/analytics/count/tile-plan.js';
import type { Detection } from '../../../src/analytics/detect/nanodet-decoder.js';
import type { RgbFrameLike } from '../../../src/analytics/detect/preprocess.js';
import { type Box, boxIntersection } from '../../../src/analytics/geometry/box.js';

test('tiles: square, inside the frame, covering it, neighbours sharing the overlap', () => {
  const tiles = planTiles(1024, 768, 2, 0.25);
  assert.equal(tiles.length, 4, '2 across, 2 down on a 4:3 frame');
  const side = Math.ceil(1024 / 1.75);
  for (const [x, y, w, h] of tiles) {
    assert.ok(w === side && h === side && x >= 0 && y >= 0 && x + w <= 1024 && y + h <= 768);
  }
  assert.deepEqual(
    tiles.map((t) => [t[0], t[1]]),
    [
      [0, 0],
      [1024 - side, 0],
      [0, 768 - side],
      [1024 - side, 768 - side],
    ],
  );
  // Covered: every pixel of a coarse grid is in some tile.
  for (let y = 0; y < 768; y += 7)
    for (let x = 0; x < 1024; x += 7)
      assert.ok(
        tiles.some(([l, t, w, h]) => x >= l && x < l + w && y >= t && y < t + h),
        `${x},${y}`,
      );
  assert.equal(planTiles(1024, 768, 3, 0.25).length, 9);
  assert.deepEqual(planTiles(640, 480, 1, 0.25), [[0, 0, 640, 480]], 'one tile across: the frame');
  assert.throws(() => planTiles(640, 480, 0, 0.25));
});

test('crops: every tile at the model input, and the full frame when asked', () => {
  const s = CountingSchema.parse({ tilesAcross: 2, fullFrame: true });
  const crops = denseCrops(1024, 768, s, 416);
  assert.equal(crops.length, 5);
  assert.ok(crops.every((c) => c.size === 416));
  assert.deepEqual(crops.at(-1)!.box, [0, 0, 1024, 768]);
  assert.equal(denseCrops(1024, 768, { ...s, fullFrame: false }, 416).length, 4);
});

test('merge: a person seen in several tiles, or cut by a tile side, counts once', async () => {
  const W = 1024;
  const H = 768;
  // Two people: one in the overlap of all four tiles (seen whole four times and in the full frame), one across the
  // left tiles' right side below the overlap (cut there, whole in the right tiles).
  const people: Box[] = [
    [480, 340, 40, 100],
    [560, 600, 30, 80],
  ];
  const frame: RgbFrameLike = { width: W, height: H, data: new Uint8Array(W * H * 3) };
  let calls = 0;
  // The constructed detector knows which crop it is given from the order they are planned in.
  const crops = denseCrops(W, H, CountingSchema.parse({}), 416);
  const counter = new DenseCounter(
    async () => ({
      detect: (f: RgbFrameLike): Detection[] => {
        const [cx, cy, cw, ch] = crops[calls++]!.box;
        assert.deepEqual([f.width, f.height], [cw, ch]);
        return people
          .filter((p) => boxIntersection(p, [cx, cy, cw, ch]) > 0)
          .map((p): Detection => {
            const l = Math.max(p[0], cx);
            const t = Math.max(p[1], cy);
            const r = Math.min(p[0] + p[2], cx + cw);
            const b = Math.min(p[1] + p[3], cy + ch);
            // A cut person looks less like one to a detector: a lower score.
            const whole = r - l === p[2] && b - t === p[3];
            return { cls: 'person', score: whole ? 0.6 : 0.4, box: [l - cx, t - cy, r - l, b - t] };
          });
      },
    }),
    CountingSchema.parse({}),
    416,
    0.5,
  );
  const r = await counter.count(frame);
  assert.equal(calls, 5);
  assert.equal(r.count, 2, JSON.stringify(r.people));
  assert.deepEqual(
    r.people.map((p) => p.box).sort((a, b) => a[0] - b[0]),
    people,
  );
  // Counted in a zone by foot point: only the lower person's feet (575, 680) are in the bottom band.
  const zone: [number, number][] = [
    [0, 650],
    [W, 650],
    [W, H],
    [0, H],
  ];
  calls = 0;
  assert.equal((await counter.count(frame, zone)).count, 1);
  await counter.close();
});
