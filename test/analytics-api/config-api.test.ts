import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';

let t: TestCentre;
let admin: Client;
let op: Client;
const scene = JSON.parse(
  readFileSync(new URL('../../src/analytics/rules/scenes/pets09-s2l1.json', import.meta.url), 'utf8'),
);

before(async () => {
  t = await startCentre({ demo: true });
  await t.authorise();
  admin = await t.user('admin', 'admin');
  op = await t.user('op-gare', 'operator', ['gare']);
});
after(() => t.stop());

test('a camera gets zones, lines, rules and privacy masks, validated and journaled', async () => {
  const body = {
    enabled: true,
    fps: 5,
    privacyMasks: [
      {
        name: 'windows of no. 12',
        points: [
          [0, 0],
          [0.2, 0],
          [0.2, 0.1],
        ],
      },
    ],
    scene,
  };
  const r = await admin.req('PUT', '/api/cameras/VAL-001/analytics', body);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.scene.zones.length, scene.zones.length);
  const back = await admin.req('GET', '/api/cameras/VAL-001/analytics');
  assert.deepEqual(back.json, r.json);
  const j = await t.centre.services.store.audit.search({ action: 'analytics.config', limit: 1 });
  assert.equal(j[0]?.target, 'VAL-001');
  assert.deepEqual(
    (await t.centre.services.analytics.enabled()).map((c) => c.cameraId),
    ['VAL-001'],
  );
});

test('malformed zones and masks are refused with a message naming the problem', async () => {
  const bow = {
    ...scene,
    zones: scene.zones.map((z: any, i: number) =>
      i
        ? z
        : {
            ...z,
            polygon: [
              [0.1, 0.1],
              [0.5, 0.5],
              [0.5, 0.1],
              [0.1, 0.5],
            ],
          },
    ),
  };
  const r1 = await admin.req('PUT', '/api/cameras/VAL-001/analytics', { scene: bow });
  assert.equal(r1.status, 400);
  assert.match(r1.json.message, /crosses itself|intersect/);
  const r2 = await admin.req('PUT', '/api/cameras/VAL-001/analytics', {
    privacyMasks: [
      {
        points: [
          [0, 0],
          [1.5, 0],
          [0, 1],
        ],
      },
    ],
  });
  assert.equal(r2.status, 400);
  assert.match(r2.json.message, /privacyMasks\.0\.points: .*outside the frame/);
  const r3 = await admin.req('PUT', '/api/cameras/VAL-001/analytics', {
    privacyMasks: [
      {
        points: [
          [0, 0],
          [1, 0],
        ],
      },
    ],
  });
  assert.match(r3.json.message, /at least 3 points/);
});

test('an operator reads the config of an own-sector camera, cannot change it, and gets 404 elsewhere', async () => {
  assert.equal((await op.req('GET', '/api/cameras/VAL-001/analytics')).status, 200);
  assert.equal((await op.req('PUT', '/api/cameras/VAL-001/analytics', { enabled: false })).status, 403);
  const foreign = (await admin.req('GET', '/api/cameras?sectorId=centre-ville&limit=1')).json.items[0].id;
  assert.equal((await op.req('GET', `/api/cameras/${foreign}/analytics`)).status, 404);
  assert.equal((await op.req('PUT', `/api/cameras/${foreign}/analytics`, { enabled: 'garbage' })).status, 404);
});
