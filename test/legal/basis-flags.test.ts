// A camera in service with no video_protection authorisation in force is flagged everywhere (camera API, health,
// metrics), and keeps recording: the centre says it films without a basis, it does not stop filming silently.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SYSTEM } from '../../src/core/users/principal.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';
import { addCameras, setDay, sleep, videoAuth } from './expiry-fixture.js';

let t: TestCentre;
let admin: Client;
let gareVp = '';
const metric = async () => {
  const m = await fetch(`${t.base}/metrics`).then((r) => r.text());
  const line = m.split('\n').find((l) => l.startsWith('vigie_cameras_without_legal_basis '));
  return Number(line?.split(' ')[1]);
};
const health = async () => (await fetch(`${t.base}/api/health`)).json() as Promise<Record<string, any>>;
const basis = async (id: string) => (await admin.req('GET', `/api/cameras/${id}`)).json.legalBasis;

before(async () => {
  // Recording on (to streams that go nowhere): the recorder still takes the unlawful camera up.
  t = await startCentre({ config: { analytics: { enabled: false }, ingest: { enabled: true } } });
  setDay(t.clock, '2026-06-01');
  await addCameras(t.centre, 'gare', ['FL-1']);
  await addCameras(t.centre, 'port', ['FL-2']);
  await t.centre.services.fleet.create(SYSTEM, {
    id: 'FL-3',
    name: 'planned',
    sectorId: 'port',
    streams: { main: 'rtsp://127.0.0.1:9/none' },
    phase: 'extension',
    status: 'planned',
    tags: [],
  });
  gareVp = (await t.centre.services.legal.create(SYSTEM, videoAuth(['gare'], '2026-06-30'))).id;
  admin = await t.user('admin', 'admin');
  await t.centre.start();
});
after(() => t?.stop());

test('the camera API says under which video_protection authorisation each camera films, and flags one without', async () => {
  const list = (await admin.req('GET', '/api/cameras')).json.items;
  const byId = Object.fromEntries(list.map((c: { id: string; legalBasis: unknown }) => [c.id, c.legalBasis]));
  assert.deepEqual(byId, {
    'FL-1': { video: [gareVp], filmsWithoutBasis: false },
    'FL-2': { video: [], filmsWithoutBasis: true },
    'FL-3': { video: [], filmsWithoutBasis: false }, // planned: films nothing yet
  });
  const op = await t.user('op-port', 'operator', ['port']);
  assert.deepEqual((await op.req('GET', '/api/cameras/FL-2')).json.legalBasis, byId['FL-2'], 'operators see it too');
  const patched = await admin.req('PATCH', '/api/cameras/FL-3', { status: 'active' });
  assert.equal(patched.status, 200, patched.text);
  assert.equal(patched.json.legalBasis.filmsWithoutBasis, true, 'put in service: now it films without a basis');
  const created = await admin.req('POST', '/api/cameras', {
    id: 'FL-4',
    name: 'FL-4',
    sectorId: 'gare',
    streams: { main: 'rtsp://127.0.0.1:9/none' },
    phase: 'pilot',
    status: 'active',
    tags: [],
  });
  assert.equal(created.status, 201, created.text);
  assert.deepEqual(created.json.legalBasis, { video: [gareVp], filmsWithoutBasis: false });
});

test('health is degraded and the metric counts them; recording is not stopped; a basis clears it, an end brings it back', async () => {
  let h = await health();
  assert.equal(h.status, 'degraded');
  assert.ok(h.reasons.includes('2 camera(s) film without a video_protection authorisation'), JSON.stringify(h));
  assert.equal(await metric(), 2);
  // The recorder took up the cameras filming without a basis like the others (it reports their stream state).
  const deadline = Date.now() + 10_000;
  while (!t.centre.services.ingest.health('FL-2') && Date.now() < deadline) await sleep(100);
  assert.ok(t.centre.services.ingest.health('FL-2'), 'FL-2 is still recorded (here: tried, its stream goes nowhere)');

  await t.centre.services.legal.create(SYSTEM, videoAuth(['port'], '2027-12-31'));
  h = await health();
  assert.ok(!(h.reasons ?? []).some((r: string) => /video_protection/.test(r)), JSON.stringify(h));
  assert.equal(await metric(), 0);
  assert.equal((await basis('FL-2')).filmsWithoutBasis, false);

  setDay(t.clock, '2026-07-01'); // gare's authorisation ended the day before
  await admin.login('admin');
  assert.deepEqual(await basis('FL-1'), { video: [], filmsWithoutBasis: true });
  assert.equal(await metric(), 2, 'FL-1 and FL-4 of the gare');
  assert.ok((await health()).reasons.includes('2 camera(s) film without a video_protection authorisation'));
});
