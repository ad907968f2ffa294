// The seam between the API and the analysis worker: what a PUT stores is what the worker runs, at that setting, and
// changes are pushed (applied at once, without waiting for a poll); a camera that fails to start fails alone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MAX_PRIVACY_MASKS } from '../../src/analytics/masks/mask-schema.js';
import { SYSTEM } from '../../src/core/users/principal.js';
import { datasetPath } from '../../src/eval/datasets/paths.js';
import { CameraSimulator } from '../../src/media/simulator/simulator.js';
import { pets09Missing } from '../analytics/helpers/pets09.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';

const missing = pets09Missing();
const sim = new CameraSimulator({ port: 0 });
let t: TestCentre;
let admin: Client;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** n small triangles along the top edge: valid masks that hide little of the scene. */
const masks = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    name: `window ${i + 1}`,
    points: [
      [i / n, 0],
      [(i + 0.5) / n, 0],
      [i / n, 0.02],
    ],
  }));

const FAST = {
  precision: 'int8',
  detectEvery: 3,
  inputShape: 'fit',
  executionProvider: 'cpu',
  // Not a default either: which tracks are shown must reach the worker's tracker as stored.
  shownTrackScore: 0.3,
  classes: ['person'],
  // Issue 22's situation settings, none at its default: they must arrive as stored (test/analytics/pipeline/
  // spec-settings-seam.test.ts proves pipelineFromSpec hands each to its detector). Left off: their work would only
  // slow the worker, and the detector share asserted below depends on it keeping up.
  situations: {
    ground: { enabled: true },
    unusual: { cues: 'objects' },
    fire: { evidence: 'aboveBackground', minEvidenceSeconds: 1.5 },
    abandoned: { followLook: false, lostSeconds: 42 },
  },
  // Not a default: the near-field pass's setting must reach the worker as stored too.
  nearField: { nearSize: 224, minInputHeight: 128 },
  // Acts only with a crowd-density zone (none here): what matters is that it arrives as stored.
  counting: { method: 'tiles', tilesAcross: 3, everySeconds: 10 },
};

async function health(id: string) {
  return (await admin.req('GET', `/api/cameras/${id}/analytics/health`)).json;
}

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

before(async () => {
  if (missing) return;
  const pets = datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4');
  await sim.start([
    { id: 'SEAM-1', source: pets },
    { id: 'SEAM-BAD', source: pets },
  ]);
  // No safety pass within the test: whatever applies a change must be the pushed one.
  t = await startCentre({ config: { ingest: { enabled: false }, analytics: { safetyPassSeconds: 3600 } } });
  await t.centre.services.fleet.upsertSector(SYSTEM, { id: 'campus', name: 'Campus' });
  for (const id of ['SEAM-1', 'SEAM-BAD'])
    await t.centre.services.fleet.create(SYSTEM, {
      id,
      name: id,
      sectorId: 'campus',
      streams: sim.urls(id),
      phase: 'pilot',
      status: 'active',
      tags: [],
    });
  await t.authorise();
  admin = await t.user('admin', 'admin');
});
after(async () => {
  await t?.stop();
  await sim.stop();
});

test('masks: one limit everywhere, a clear 400 past it', { skip: missing }, async () => {
  const over = await admin.req('PUT', '/api/cameras/SEAM-1/analytics', { privacyMasks: masks(MAX_PRIVACY_MASKS + 1) });
  assert.equal(over.status, 400);
  assert.match(over.text, new RegExp(`at most ${MAX_PRIVACY_MASKS} privacy masks`));
  const old = await admin.req('PUT', '/api/cameras/SEAM-1/analytics', { pipeline: { masks: masks(1) } });
  assert.equal(old.status, 400, 'masks live at the top of the spec only');
});

test('what a PUT stores arrives deep-equal in the worker and runs at that setting; a failing camera fails alone', {
  skip: missing,
  timeout: 240_000,
}, async () => {
  const put = await admin.req('PUT', '/api/cameras/SEAM-1/analytics', {
    enabled: true,
    fps: 5,
    width: 416,
    privacyMasks: masks(40),
    pipeline: FAST,
  });
  assert.equal(put.status, 200, put.text);
  // A spec the worker cannot build (its usual-motion model file does not exist).
  const bad = await admin.req('PUT', '/api/cameras/SEAM-BAD/analytics', {
    enabled: true,
    fps: 5,
    width: 416,
    pipeline: { situations: { unusual: { enabled: true, modelFile: '/nonexistent/usual.json' } } },
  });
  assert.equal(bad.status, 200, bad.text);
  await t.centre.start();

  const ran = await until('SEAM-1 analysing 60 frames', 150_000, async () => {
    const h = await health('SEAM-1');
    return h.state === 'running' && h.analysed >= 60 ? h : undefined;
  });
  assert.deepEqual(ran.running.spec, put.json, 'the worker received exactly what the PUT stored');
  assert.deepEqual(ran.running.spec, (await admin.req('GET', '/api/cameras/SEAM-1/analytics')).json);
  assert.equal(ran.running.precision, 'int8');
  const cameraHealth = (await admin.req('GET', '/api/cameras/SEAM-1/health')).json;
  assert.equal(cameraHealth.analytics.state, 'running', "the camera's health carries its analytics");
  // detectEvery 3: the detector sees a third of the frames, a few more while newcomers are confirmed.
  assert.ok(
    ran.detectorFrameShare > 0.2 && ran.detectorFrameShare < 0.55,
    `detector on ${ran.detectorFrameShare} of the frames at detectEvery 3`,
  );
  assert.ok(ran.detectorMsShare > 0 && ran.detectorMsShare <= 1, `detector share of time ${ran.detectorMsShare}`);

  const failed = await health('SEAM-BAD');
  assert.equal(failed.state, 'failed');
  assert.match(failed.error, /usual\.json|nonexistent/);
  assert.ok(failed.retryAt, 'a failed camera is retried with backoff');

  // A change on the same stream is pushed and applied in place, well before any poll would.
  const changed = await admin.req('PUT', '/api/cameras/SEAM-1/analytics', {
    ...put.json,
    pipeline: { ...put.json.pipeline, detectEvery: 1 },
  });
  assert.equal(changed.status, 200, changed.text);
  const applied = await until('the new spec in the worker', 20_000, async () => {
    const h = await health('SEAM-1');
    return h.running?.spec?.pipeline?.detectEvery === 1 ? h : undefined;
  });
  assert.deepEqual(applied.running.spec, changed.json);

  // The broken camera, fixed through the API, starts at once.
  const fixed = await admin.req('PUT', '/api/cameras/SEAM-BAD/analytics', { enabled: true, fps: 5, width: 416 });
  assert.equal(fixed.status, 200);
  await until('SEAM-BAD running', 30_000, async () =>
    (await health('SEAM-BAD')).state === 'running' ? true : undefined,
  );
  const all = (await admin.req('GET', '/api/analytics/health')).json as { cameraId: string }[];
  assert.deepEqual(all.map((h) => h.cameraId).sort(), ['SEAM-1', 'SEAM-BAD']);
  const metrics = await (await fetch(`${t.base}/metrics`)).text();
  assert.match(metrics, /vigie_analytics_frames_analysed\{camera="SEAM-1"\} \d+/);
  assert.match(metrics, /vigie_analytics_up\{camera="SEAM-BAD"\} 1/);
});
