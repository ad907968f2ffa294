// `vigie eval --dataset privacy`: blur recall measured on what a live viewer received. The metric's parts on made-up
// pictures, then the product path on PETS09 for a short window: high recall with the blur, near zero without it.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PrivacyFilters } from '../../src/app/media/privacy-filters.js';
import { alignFrame, boxCoverage, cellStats, cellsOf, pixelatedCells } from '../../src/eval/metrics/blur-coverage.js';
import { runPrivacyEval } from '../../src/eval/report/privacy-eval.js';
import { cellGrid, pixelateYuv420p } from '../../src/media/frames/pixelate.js';
import type { FrameFilterFactory } from '../../src/media/live/filtered-upstream.js';
import { TEST_MODEL_CACHE } from '../analytics/helpers/models.js';
import { pets09Missing } from '../analytics/helpers/pets09.js';

const out = mkdtempSync(join(tmpdir(), 'vigie-eval-privacy-'));
after(() => rmSync(out, { recursive: true, force: true }));

/** A textured 64x48 yuv420p picture (seeded noise), its gray plane first. */
function picture(seed: number): Uint8Array {
  const p = new Uint8Array(64 * 48 * 1.5).fill(128);
  let s = seed;
  for (let i = 0; i < 64 * 48; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    p[i] = 40 + (s >>> 24) / 2;
  }
  return p;
}

test('flat cells are the pixelated ones; a box is covered by the share of it lying in them', () => {
  const clear = picture(1);
  const pic = clear.slice();
  const grid = cellGrid(64, 48, 16);
  grid.cells[0] = 1; // top-left cell
  grid.cells[1] = 1;
  pixelateYuv420p(pic, 64, 48, grid);
  const g = cellsOf(64, 48, 16);
  const flat = pixelatedCells(cellStats(pic, 64, 48, g).stds, cellStats(clear, 64, 48, g).stds);
  assert.deepEqual([...flat], [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.equal(boxCoverage([0, 0, 32, 16], flat, g, 64, 48), 1);
  assert.equal(boxCoverage([16, 0, 32, 16], flat, g, 64, 48), 0.5);
  assert.equal(boxCoverage([0, 16, 16, 16], flat, g, 64, 48), 0);
  assert.equal(boxCoverage([100, 100, 10, 10], flat, g, 64, 48), null);
});

test('a pixelated picture is aligned to its own source frame by its cell means', () => {
  const frames = [1, 2, 3, 4, 5].map(picture);
  const g = cellsOf(64, 48, 16);
  const source = frames.map((f) => cellStats(f, 64, 48, g).means);
  const shown = frames[3]!.slice();
  const grid = cellGrid(64, 48, 16);
  grid.cells.fill(1, 0, 6);
  pixelateYuv420p(shown, 64, 48, grid);
  for (const guess of [undefined, 0, 3])
    assert.equal(alignFrame(cellStats(shown, 64, 48, g).means, source, guess).index, 3);
});

test('eval privacy on PETS09 through the live relay: people hidden with the blur, not with a filter that changes nothing', {
  skip: pets09Missing(),
  timeout: 300_000,
}, async () => {
  const filters = new PrivacyFilters({
    blur: {},
    detector: { inputSize: 320, scoreThreshold: 0.3, classes: ['person'] },
    modelCacheDir: TEST_MODEL_CACHE,
  });
  const blurred = await runPrivacyEval({
    out: join(out, 'blurred'),
    filter: filters.factory('pets09', 'main'),
    seconds: 12,
    log: () => {},
  }).finally(() => filters.close());
  assert.ok(blurred.pictures >= 50, `${blurred.pictures} pictures scored`);
  assert.ok(blurred.boxes >= 250, `${blurred.boxes} boxes`);
  assert.ok(blurred.recall! >= 0.97, `recall ${blurred.recall}`);
  assert.ok(blurred.pictureShare! > 0.05 && blurred.pictureShare! < 0.6, `share ${blurred.pictureShare}`);
  assert.ok(blurred.alignmentDiff.median! < 2, `alignment ${JSON.stringify(blurred.alignmentDiff)}`);
  assert.ok(existsSync(join(out, 'blurred', 'report.html')));
  // The same path with a filter that changes nothing (decoded and encoded again, as smooth as the blurred stream):
  // the metric must see the people clear, the codec's smoothing is not pixelation.
  const identity: FrameFilterFactory = async (emit) => ({ push: (f) => emit(f), close: async () => {} });
  const clear = await runPrivacyEval({ out: join(out, 'clear'), filter: identity, seconds: 6, log: () => {} });
  assert.ok(clear.boxes >= 100, `${clear.boxes} boxes`);
  assert.ok(clear.recall! < 0.05, `clear recall ${clear.recall}`);
  assert.ok(clear.pictureShare! < 0.05, `clear share ${clear.pictureShare}`);
});
