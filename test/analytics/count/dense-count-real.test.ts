// The dense count on real ShanghaiTech B crowds, through the product paths: `vigie eval`'s counting part (next to
// one full-frame run and the constant baseline) and a camera pipeline whose crowd-density zone counts by tiles.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import { CameraPipeline, nanodetFactory } from '../../../src/analytics/pipeline/camera-pipeline.js';
import { parsePipelineSettings } from '../../../src/analytics/pipeline/settings.js';
import type { RuleEvent } from '../../../src/analytics/rules/rule-types.js';
import { datasetPath, hasDataset } from '../../../src/eval/datasets/paths.js';
import { type CountImage, evaluateCounting } from '../../../src/eval/report/crowd-count.js';
import type { Frame } from '../../../src/media/frames/frame.js';
import { TEST_MODEL_CACHE } from '../helpers/models.js';

// Dense crowds (53, 27 and 39 people annotated) and a sparse one (10), where one full-frame run counts 6, 4, 8, 6.
const NAMES = ['IMG_4', 'IMG_6', 'IMG_17', 'IMG_1'];

async function load(name: string): Promise<CountImage> {
  const dir = datasetPath('shanghaitech-b', 'train');
  const { data, info } = await sharp(`${dir}/${name}.jpg`).raw().toBuffer({ resolveWithObject: true });
  const { count } = JSON.parse(readFileSync(`${dir}/${name}.json`, 'utf8')) as { count: number };
  return { name, width: info.width, height: info.height, data: new Uint8Array(data), count };
}

describe('dense count on ShanghaiTech B', { skip: !hasDataset('shanghaitech-b', 'train') && 'dataset missing' }, () => {
  test('vigie eval: the dense count is far nearer the annotations than one full-frame run', {
    timeout: 120_000,
  }, async (t) => {
    const images = await Promise.all(NAMES.map(load));
    const r = await evaluateCounting(
      (async function* () {
        yield* images;
      })(),
      {
        dataset: 'ShanghaiTech B (4 images)',
        settings: parsePipelineSettings({ classes: ['person'] }),
        baseline: 'none',
        modelCacheDir: TEST_MODEL_CACHE,
      },
    );
    assert.deepEqual(
      r.methods.map((m) => m.id),
      ['vigie', 'dense', 'constant'],
    );
    const [full, dense, constant] = r.methods;
    for (const m of r.methods) t.diagnostic(`${m.id}: ${m.images.map((x) => `${x[0]} ${x[2]}/${x[1]}`).join(', ')}`);
    assert.ok(dense!.error.mae < full!.error.mae / 2, `${dense!.error.mae} vs ${full!.error.mae}`);
    // Within a third of the annotated total, and more than twice what one run counts on the dense images.
    assert.ok(Math.abs(dense!.ratio - 1) < 1 / 3, `counted / true ${dense!.ratio}`);
    for (const i of [0, 1, 2])
      assert.ok(dense!.images[i]![2] > 2 * full!.images[i]![2], JSON.stringify(dense!.images[i]));
    // The constant answers, on each half, the other half's mean: IMG_4 and IMG_17 (A) get (27 + 10) / 2.
    assert.equal(constant!.images[0]![2], 18.5);
    assert.equal(constant!.images[1]![2], 46);
    assert.ok(dense!.msPerImage > full!.msPerImage, 'tiles cost more detector runs');
  });

  test('a crowd-density zone counting by tiles sees the crowd the tracks miss', { timeout: 120_000 }, async () => {
    const img = await load('IMG_4');
    const scene = {
      zones: [
        {
          id: 'all',
          name: 'all',
          polygon: [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
        },
      ],
      rules: [{ kind: 'crowd_density', id: 'crowd', zoneId: 'all', maxPeople: 20, forSeconds: 0 }],
    };
    const run = async (method: 'tracks' | 'tiles') => {
      const settings = parsePipelineSettings({ classes: ['person'], counting: { method, everySeconds: 1 } });
      const nanodet = nanodetFactory(settings, TEST_MODEL_CACHE);
      let calls = 0;
      const p = await CameraPipeline.create(settings, {
        scene,
        // The product's detector, its runs counted.
        detectorFactory: async (shape) => {
          const d = await nanodet(shape);
          return {
            detect: (f) => {
              calls++;
              return d.detect(f);
            },
            close: () => d.close?.(),
          };
        },
      });
      const events: RuleEvent[] = [];
      for (let i = 0; i < 4; i++) {
        const f: Frame = {
          cameraId: 'c',
          seq: i,
          ptsMs: i * 400,
          width: img.width,
          height: img.height,
          format: 'rgb24',
          data: img.data.slice(),
        };
        const out = await p.process(f);
        events.push(...out.ruleEvents);
      }
      await p.close();
      return { events, calls };
    };
    const tracks = await run('tracks');
    assert.deepEqual(tracks.events, [], 'tracks: a handful of people, not above 20');
    const tiles = await run('tiles');
    const start = tiles.events.find((e) => e.phase === 'start');
    assert.ok(start, 'tiles: the crowd of 53 is above 20');
    assert.equal(start.startedAt, 0, 'counted at the first frame');
    const count = start.details.count as number;
    assert.ok(count > 20 && count < 80, `${count}`);
    // Dense counts (2 x 2 tiles + the full frame) at 0 and 1200 ms only (every second), not on every frame.
    assert.equal(tiles.calls - tracks.calls, 2 * 5);
    assert.ok(parsePipelineSettings({}).counting.method === 'tracks', 'tracks stay the default');
  });
});
