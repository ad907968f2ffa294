import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import scene from '../../src/analytics/rules/scenes/pets09-s2l1.json' with { type: 'json' };
import { SYSTEM } from '../../src/core/users/principal.js';
import { datasetPath, hasDataset } from '../../src/eval/datasets/paths.js';
import { CameraSimulator } from '../../src/media/simulator/simulator.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';

const missing =
  hasDataset('pets09-s2l1', 'PETS09-S2L1.mp4') || process.env.CI === 'true'
    ? undefined
    : 'PETS09-S2L1 not found beside the checkout';
const sim = new CameraSimulator({ port: 0 });
let t: TestCentre;
let admin: Client;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MASK = [
  [0, 0],
  [0.4, 0],
  [0.4, 0.2],
  [0, 0.2],
];

before(async () => {
  if (missing) return;
  await sim.start([{ id: 'AN-CAM', source: datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4') }]);
  t = await startCentre({ config: { ingest: { enabled: false } } });
  await t.centre.services.fleet.upsertSector(SYSTEM, { id: 'campus', name: 'Campus' });
  await t.centre.services.fleet.create(SYSTEM, {
    id: 'AN-CAM',
    name: 'PETS09',
    sectorId: 'campus',
    streams: sim.urls('AN-CAM'),
    phase: 'pilot',
    status: 'active',
    tags: [],
  });
  await t.authorise();
  admin = await t.user('admin', 'admin');
  const put = await admin.req('PUT', '/api/cameras/AN-CAM/analytics', {
    enabled: true,
    fps: 5,
    privacyMasks: [{ name: 'building', points: MASK }],
    scene,
  });
  assert.equal(put.status, 200, put.text);
  await t.centre.start();
});
after(async () => {
  await t?.stop();
  await sim.stop();
});

test('a live camera under analytics raises zone events with a masked snapshot', {
  skip: missing,
  timeout: 180_000,
}, async () => {
  const store = t.centre.services.store;
  const deadline = Date.now() + 150_000;
  let events = await store.events.search({ cameraIds: ['AN-CAM'], kinds: ['intrusion', 'wrong_way'], limit: 10 });
  while (events.length === 0 && Date.now() < deadline) {
    await sleep(1000);
    events = await store.events.search({ cameraIds: ['AN-CAM'], kinds: ['intrusion', 'wrong_way'], limit: 10 });
  }
  assert.ok(events.length > 0, 'a rule event was stored');
  const e = events[0]!;
  assert.ok(e.details.rule, 'the event names its rule');
  assert.ok(e.trackIds.length > 0);
  assert.ok(e.snapshot, 'the event has a snapshot');
  const file = join(t.dataDir, 'snapshots', e.snapshot!);
  assert.ok(existsSync(file));
  const img = sharp(file);
  const { width, height } = await img.metadata();
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  // The masked corner is flat (JPEG noise aside): private areas never reach snapshots.
  let min = 255;
  let max = 0;
  for (let y = 2; y < Math.floor(height! * 0.2) - 4; y += 3) {
    for (let x = 2; x < Math.floor(width! * 0.4) - 4; x += 3) {
      const v = data[(y * info.width + x) * info.channels]!;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  assert.ok(max - min < 24, `masked area is uniform (range ${min}..${max})`);

  const listed = await admin.req('GET', `/api/events?cameraId=AN-CAM&kind=${e.kind}`);
  assert.ok(listed.json.some((x: { id: string }) => x.id === e.id));
  const jpg = await fetch(`${t.base}/api/events/${e.id}/snapshot.jpg`, { headers: { cookie: admin.cookie } });
  assert.equal(jpg.headers.get('content-type'), 'image/jpeg');
  assert.ok((await jpg.arrayBuffer()).byteLength > 1000);
  assert.equal(
    (await store.audit.search({ action: 'snapshot.view', limit: 1 }))[0]?.target,
    e.id,
    'opening a snapshot is journaled',
  );
  const stranger = await t.user('op-elsewhere', 'operator', []);
  assert.equal((await stranger.req('GET', `/api/events/${e.id}`)).status, 404);
  assert.equal((await stranger.req('GET', `/api/events/${e.id}/snapshot.jpg`)).status, 404);
  assert.deepEqual((await stranger.req('GET', '/api/events')).json, []);
});
