// A centre that was down at an end date starts nothing it covered: the expiry pass runs before the analytics
// supervisor, so the camera is never handed to a worker, while a camera still covered is (which shows the supervisor
// did run). The event is raised all the same.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Centre } from '../../src/app/centre.js';
import { SYSTEM } from '../../src/core/users/principal.js';
import { TestClock } from '../support/centre.js';
import {
  addCameras,
  algoAuth,
  enabledIds,
  eventsOf,
  openCentre,
  removeDataDir,
  setDay,
  sleep,
  videoAuth,
} from './expiry-fixture.js';

let dataDir = '';
let running: Centre | undefined;
after(async () => {
  await running?.close().catch(() => {});
  if (dataDir) removeDataDir(dataDir);
});

// A pipeline whose model file does not exist fails fast: the supervisor's taking the camera up shows in its health
// without a stream or a detector (as test/analytics-api/safety-pass.test.ts does).
const SPEC = {
  enabled: true,
  pipeline: { situations: { unusual: { enabled: true, modelFile: '/nonexistent.json' } } },
};

test('a restart after the end date starts nothing the ended authorisation covered', { timeout: 60_000 }, async () => {
  const clock = new TestClock();
  setDay(clock, '2026-06-01');
  const config = { analytics: { enabled: true } };
  const first = await openCentre(clock, config);
  dataDir = first.dataDir;
  const c1 = first.centre;
  await addCameras(c1, 'gare', ['RS-END']);
  await addCameras(c1, 'port', ['RS-KEEP']);
  await c1.services.legal.create(SYSTEM, videoAuth(['gare', 'port']));
  await c1.services.legal.create(SYSTEM, algoAuth('AP-END', ['gare'], '2026-06-20', ['crowd_movement']));
  await c1.services.legal.create(SYSTEM, algoAuth('AP-KEEP', ['port'], '2027-12-31', ['crowd_movement']));
  for (const id of ['RS-END', 'RS-KEEP']) await c1.services.analytics.put(SYSTEM, id, SPEC);
  await c1.close(); // down from here, across the end date

  setDay(clock, '2026-06-25');
  const second = await openCentre(clock, config, dataDir);
  running = second.centre;
  const { analyticsStatus } = running.services;
  await running.start();
  assert.equal(analyticsStatus.health('RS-END'), undefined, 'never handed to the supervisor');
  assert.deepEqual(await enabledIds(running), ['RS-KEEP']);
  const deadline = Date.now() + 20_000;
  while (!analyticsStatus.health('RS-KEEP') && Date.now() < deadline) await sleep(100);
  assert.ok(analyticsStatus.health('RS-KEEP'), 'the supervisor runs, and took up the camera still covered');
  await sleep(1000);
  assert.equal(analyticsStatus.health('RS-END'), undefined, 'still not, a moment later');
  assert.deepEqual(
    analyticsStatus.all().map((h) => h.cameraId),
    ['RS-KEEP'],
  );
  const expired = await eventsOf(running, 'legal_basis_expired');
  assert.deepEqual(
    expired.map((e) => [e.cameraId, e.details.references]),
    [['RS-END', ['AP-END']]],
  );
  assert.match(String(expired[0]!.details.reasons), /AP-END ended on 2026-06-20/);
});
