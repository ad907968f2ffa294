import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { maskProblem, validateMasks } from '../../../src/analytics/masks/mask-polygon.js';
import { PrivacyMask } from '../../../src/analytics/masks/privacy-mask.js';
import { rasteriseMasks } from '../../../src/analytics/masks/rasterise.js';
import { GatedMotion } from '../../../src/analytics/motion/gated-motion-pipeline.js';
import type { Frame } from '../../../src/media/frames/frame.js';
import { rgbOf } from '../../../src/media/frames/yuv.js';

const noise = (n: number) => new Uint8Array(n).map((_, i) => 1 + (((i * 2654435761) >>> 24) % 254));
const frame = (w: number, h: number, format: 'gray' | 'rgb24', seq = 0): Frame => ({
  cameraId: 'c',
  seq,
  ptsMs: seq * 100,
  width: w,
  height: h,
  format,
  data: noise(w * h * (format === 'gray' ? 1 : 3)),
});

describe('privacy masks: validation', () => {
  test('well-formed masks pass', () => {
    assert.equal(
      maskProblem({
        points: [
          [0, 0],
          [0.5, 0],
          [0.5, 1],
        ],
      }),
      undefined,
    );
    assert.equal(
      maskProblem({
        points: [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ],
      }),
      undefined,
    );
  });

  test('malformed masks are refused with a message saying what and where', () => {
    const cases: [unknown, RegExp][] = [
      [
        [
          [0, 0],
          [1, 1],
        ],
        /needs at least 3 points, got 2/,
      ],
      [
        [
          [0, 0],
          [1.2, 0.5],
          [0, 1],
        ],
        /point 2 \(1.2, 0.5\) is outside the frame/,
      ],
      [
        [
          [0, 0],
          [-0.1, 0.5],
          [0, 1],
        ],
        /point 2 .* is outside the frame/,
      ],
      [
        [
          [0, 0],
          [0.5, Number.NaN],
          [0, 1],
        ],
        /point 2 must be \[x, y\] with finite numbers/,
      ],
      [
        [
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 1],
        ],
        /edges 1-2 and 3-4 cross/,
      ],
      [
        [
          [0, 0],
          [0.5, 0.5],
          [1, 1],
        ],
        /has no area/,
      ],
      [
        [
          [0, 0],
          [0, 0],
          [1, 1],
        ],
        /points 1 and 2 are the same point/,
      ],
      ['nope', /points must be a list/],
    ];
    for (const [points, re] of cases) {
      const err = (() => {
        try {
          validateMasks('cam7', [{ name: 'door', points: points as [number, number][] }]);
        } catch (e) {
          return (e as Error).message;
        }
        return 'accepted';
      })();
      assert.match(err, re, JSON.stringify(points));
      assert.match(err, /camera cam7, privacy mask #1 "door"/);
    }
    assert.throws(
      () =>
        new PrivacyMask('cam7', [
          {
            points: [
              [0, 0],
              [2, 0],
              [0, 1],
            ],
          },
        ]),
      /invalid privacy mask/,
    );
  });
});

describe('privacy masks: rasterisation and application', () => {
  test('a rectangle covers exactly its pixels (plus the 1-pixel safety margin when asked)', () => {
    const poly = [
      {
        points: [
          [0.25, 0.25],
          [0.75, 0.25],
          [0.75, 0.75],
          [0.25, 0.75],
        ] as [number, number][],
      },
    ];
    const exact = rasteriseMasks(poly, 40, 20, 0);
    assert.equal(exact.maskedPixels, 20 * 10);
    assert.equal(exact.bits[5 * 40 + 10], 1);
    assert.equal(exact.bits[4 * 40 + 10], 0);
    assert.equal(exact.bits[5 * 40 + 9], 0);
    const safe = rasteriseMasks(poly, 40, 20, 1);
    assert.equal(safe.maskedPixels, 22 * 12);
    // A triangle covers about half its bounding box; union of two polygons is their sum when disjoint.
    const tri = rasteriseMasks(
      [
        {
          points: [
            [0, 0],
            [1, 0],
            [0, 1],
          ],
        },
      ],
      100,
      100,
      0,
    );
    assert.ok(Math.abs(tri.maskedPixels - 5000) < 150, String(tri.maskedPixels));
  });

  test('masked pixels become one constant, in gray and rgb24 frames, and nothing else changes', () => {
    const m = new PrivacyMask(
      'c',
      [
        {
          points: [
            [0.1, 0.1],
            [0.6, 0.1],
            [0.6, 0.5],
            [0.1, 0.5],
          ],
        },
      ],
      { value: 0 },
    );
    for (const format of ['gray', 'rgb24'] as const) {
      const f = frame(64, 48, format);
      const before = Uint8Array.from(f.data);
      const n = m.apply(f);
      const r = m.raster(64, 48);
      assert.equal(n, r.maskedPixels);
      const ch = format === 'gray' ? 1 : 3;
      for (let p = 0; p < 64 * 48; p++) {
        for (let c = 0; c < ch; c++) {
          const i = p * ch + c;
          if (r.bits[p]) assert.equal(f.data[i], 0, `masked ${format} pixel ${p}`);
          else assert.equal(f.data[i], before[i], `unmasked ${format} pixel ${p}`);
        }
      }
    }
    assert.equal(m.raster(64, 48), m.raster(64, 48), 'rasterised once per frame size');
  });

  test('yuv420p: masked luma is the constant, the chroma they share is neutral, and in colour they are black', () => {
    const m = new PrivacyMask('c', [
      {
        points: [
          [0.1, 0.1],
          [0.6, 0.1],
          [0.6, 0.5],
          [0.1, 0.5],
        ],
      },
    ]);
    const [w, h] = [64, 48];
    const f: Frame = { ...frame(w, h, 'gray'), format: 'yuv420p', data: noise((w * h * 3) / 2) };
    const before = Uint8Array.from(f.data);
    m.apply(f);
    const r = m.raster(w, h);
    const n = w * h;
    for (let p = 0; p < n; p++) {
      if (r.bits[p]) assert.equal(f.data[p], 0, `masked luma ${p}`);
      else assert.equal(f.data[p], before[p], `unmasked luma ${p}`);
    }
    // A chroma sample changes exactly when one of its 2x2 pixels is masked.
    for (let cy = 0; cy < h / 2; cy++) {
      for (let cx = 0; cx < w / 2; cx++) {
        const masked = [0, 1].some((dy) => [0, 1].some((dx) => r.bits[(2 * cy + dy) * w + 2 * cx + dx]));
        for (const plane of [n, n + n / 4]) {
          const i = plane + cy * (w / 2) + cx;
          assert.equal(f.data[i], masked ? 128 : before[i], `chroma (${cx},${cy})`);
        }
      }
    }
    const rgb = rgbOf(f).data;
    for (let p = 0; p < n; p++) if (r.bits[p]) assert.deepEqual([...rgb.subarray(3 * p, 3 * p + 3)], [0, 0, 0]);
  });

  test('masked pixels never reach motion: a moving blob inside the mask makes no motion region', async () => {
    const masks = [
      {
        points: [
          [0, 0],
          [0.5, 0],
          [0.5, 1],
          [0, 1],
        ] as [number, number][],
      },
    ];
    const p = await GatedMotion.create('c', { masks, gate: { refreshMs: 0 } });
    let regions = 0;
    for (let seq = 0; seq < 20; seq++) {
      const f = frame(160, 90, 'gray', seq);
      f.data.fill(100);
      // A bright square sweeping across the LEFT (masked) half only.
      const x0 = 5 + seq * 3;
      for (let y = 30; y < 50; y++) f.data.fill(250, y * 160 + x0, y * 160 + x0 + 15);
      const r = p.analyse(f);
      if (seq > 0) regions += r.regions.length;
      assert.ok(
        f.data.subarray(0, 80).every((v) => v === 0),
        'the frame itself is masked',
      );
    }
    assert.equal(regions, 0);
    p.close();
  });
});
