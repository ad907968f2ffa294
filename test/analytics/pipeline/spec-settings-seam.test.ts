// The spec → component seam of issue 22's settings: pipelineFromSpec (the one builder the worker, `vigie analyze` and
// `vigie eval` share) must hand each non-default value to the component where it acts. The API → worker half is
// test/analytics-api/spec-seam.test.ts; this half needs no video (a fake detector, synthetic frames).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planTiles } from '../../../src/analytics/count/tile-plan.js';
import { parseCameraSpec } from '../../../src/analytics/pipeline/camera-spec.js';
import { pipelineFromSpec } from '../../../src/analytics/pipeline/from-spec.js';
import type { AbandonedAnalytic } from '../../../src/analytics/situations/abandoned-analytic.js';
import type { FireAnalytic } from '../../../src/analytics/situations/fire-analytic.js';
import type { UnusualAnalytic } from '../../../src/analytics/situations/unusual-analytic.js';
import type { Frame } from '../../../src/media/frames/frame.js';

const W = 640;
const H = 240;
const grey = (seq: number, ptsMs: number): Frame => ({
  cameraId: 'seam',
  seq,
  ptsMs,
  width: W,
  height: H,
  format: 'rgb24',
  data: new Uint8Array(W * H * 3).fill(128),
});

test('situation settings of a spec reach their detectors as given', async () => {
  const spec = parseCameraSpec({
    pipeline: {
      situations: {
        unusual: { enabled: true, cues: 'objects', learnMinutes: 7 },
        fire: { enabled: true, evidence: 'aboveBackground', minEvidenceSeconds: 1.5 },
        abandoned: { enabled: true, followLook: false, lostSeconds: 42 },
      },
    },
  });
  const p = await pipelineFromSpec(spec, { detectorFactory: async () => ({ detect: () => [] }) });
  try {
    const fire = p.situations?.analytic('fire') as FireAnalytic | undefined;
    assert.equal(fire?.options.evidence, 'aboveBackground');
    assert.equal(fire?.options.minEvidenceSeconds, 1.5);
    const abandoned = p.situations?.analytic('abandoned_object') as AbandonedAnalytic | undefined;
    assert.equal(abandoned?.options.followLook, false);
    assert.equal(abandoned?.options.lostSeconds, 42);
    const unusual = p.situations?.analytic('unusual') as UnusualAnalytic | undefined;
    assert.equal(unusual?.modelOptions.cues, 'objects');
    assert.ok(unusual?.learning, 'no model file: it learns first');
  } finally {
    await p.close();
  }
});

/** The crops the detector was shown while a crowd-density zone was counted, on frames `times` ms apart. */
async function detectorSizes(counting: Record<string, unknown>, times: number[]): Promise<string[]> {
  const all = [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
  ];
  const spec = parseCameraSpec({
    scene: {
      zones: [{ id: 'all', name: 'all', polygon: all }],
      rules: [{ kind: 'crowd_density', id: 'crowd', zoneId: 'all', maxPeople: 20, forSeconds: 0 }],
    },
    pipeline: { classes: ['person'], counting: { fullFrame: false, ...counting } },
  });
  const seen: string[] = [];
  const p = await pipelineFromSpec(spec, {
    detectorFactory: async () => ({
      detect: (f) => {
        seen.push(`${f.width}x${f.height}`);
        return [];
      },
    }),
  });
  try {
    for (const [i, t] of times.entries()) await p.process(grey(i, t));
  } finally {
    await p.close();
  }
  return seen;
}

test('counting settings of a spec reach the dense counter: method, tiles across, every seconds', async () => {
  const tile = (across: number) => {
    const [, , w, h] = planTiles(W, H, across, 0.25)[0]!;
    return `${w}x${h}`;
  };
  const count = (sizes: string[], s: string) => sizes.filter((x) => x === s).length;
  // One frame, still: the main pass sees the whole frame once; tiles add one run per tile.
  const tracks = await detectorSizes({ method: 'tracks', tilesAcross: 3 }, [0]);
  assert.equal(count(tracks, tile(3)), 0, `tracks: no tiles (${tracks})`);
  const tiles3 = await detectorSizes({ method: 'tiles', tilesAcross: 3 }, [0]);
  assert.equal(count(tiles3, tile(3)), planTiles(W, H, 3, 0.25).length, `3 across (${tiles3})`);
  const tiles2 = await detectorSizes({ method: 'tiles', tilesAcross: 2 }, [0]);
  assert.equal(count(tiles2, tile(2)), planTiles(W, H, 2, 0.25).length, `2 across (${tiles2})`);
  // everySeconds: frames at 0, 1, 2 s count twice at 2 s, once at the default 5 s.
  const n2 = planTiles(W, H, 2, 0.25).length;
  assert.equal(count(await detectorSizes({ method: 'tiles', everySeconds: 2 }, [0, 1000, 2000]), tile(2)), 2 * n2);
  assert.equal(count(await detectorSizes({ method: 'tiles' }, [0, 1000, 2000]), tile(2)), n2);
});
