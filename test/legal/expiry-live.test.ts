// LIVE: a centre analysing two simulated cameras (RTSP simulator → ingest of frames → worker) under an authorisation
// whose end the injected clock passes. Within a minute (the pass runs every legal.checkSeconds, here 5 s) the running
// analytics stop (the supervisor drops the cameras: no health, no more frames analysed) and one legal_basis_expired
// event is raised per camera; a covered camera without analytics gets none.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Centre } from '../../src/app/centre.js';
import { SYSTEM } from '../../src/core/users/principal.js';
import { CameraSimulator } from '../../src/media/simulator/simulator.js';
import { TestClock } from '../support/centre.js';
import {
  addCameras,
  algoAuth,
  CHEAP_FIRE_SPEC,
  enabledIds,
  eventsOf,
  openCentre,
  removeDataDir,
  setDay,
  sleep,
  videoAuth,
} from './expiry-fixture.js';

const CAMS = ['LV-1', 'LV-2'];
const simDir = mkdtempSync(join(tmpdir(), 'vigie-expiry-sim-'));
const sim = new CameraSimulator({ port: 0, cacheDir: simDir, sub: { width: 320, height: 240 } });
const clock = new TestClock();
let centre: Centre | undefined;
let dataDir = '';

before(
  async () => {
    await sim.start(CAMS.map((id) => ({ id })));
    setDay(clock, '2026-06-20'); // the authorisation's last day
    const opened = await openCentre(clock, { legal: { checkSeconds: 5 }, analytics: { enabled: true } });
    centre = opened.centre;
    dataDir = opened.dataDir;
    await addCameras(centre, 'gare', [...CAMS, 'LV-IDLE'], (id) => sim.urls(id === 'LV-IDLE' ? 'LV-1' : id));
    await centre.services.legal.create(SYSTEM, videoAuth(['gare']));
    await centre.services.legal.create(SYSTEM, algoAuth('AP-LIVE', ['gare'], '2026-06-20', ['fire']));
    for (const id of CAMS) await centre.services.analytics.put(SYSTEM, id, CHEAP_FIRE_SPEC);
    await centre.start();
  },
  { timeout: 180_000 },
);
after(async () => {
  await centre?.close().catch(() => {});
  await sim.stop();
  if (dataDir) removeDataDir(dataDir);
  rmSync(simDir, { recursive: true, force: true });
});

test('past the end date, running analytics stop within a minute, one event per camera', {
  timeout: 300_000,
}, async (tc) => {
  const status = centre!.services.analyticsStatus;
  const analysed = (id: string) => status.health(id)?.analysed ?? 0;
  const running = Date.now() + 180_000;
  while (CAMS.some((id) => analysed(id) === 0) && Date.now() < running) await sleep(500);
  for (const id of CAMS) assert.ok(analysed(id) > 0, `${id} analyses frames (${JSON.stringify(status.health(id))})`);
  assert.equal((await eventsOf(centre!, 'legal_basis_expired')).length, 0, 'nothing expired on the last day');

  setDay(clock, '2026-06-21');
  const movedAt = Date.now();
  while (CAMS.some((id) => status.health(id)) && Date.now() - movedAt < 60_000) await sleep(200);
  const stoppedMs = Date.now() - movedAt;
  tc.diagnostic(`analytics stopped ${stoppedMs} ms after the clock passed the end date (pass every 5 s)`);
  for (const id of CAMS) assert.equal(status.health(id), undefined, `${id}'s analytics stopped`);
  assert.ok(stoppedMs <= 60_000);
  assert.deepEqual(await enabledIds(centre!), []);

  // No frame is analysed any more: the supervisor reports nothing for them a few seconds on.
  await sleep(3000);
  assert.deepEqual(
    status.all().map((h) => h.cameraId),
    [],
  );
  const expired = await eventsOf(centre!, 'legal_basis_expired');
  assert.deepEqual(expired.map((e) => e.cameraId).sort(), CAMS, 'one event per camera whose analytics ran');
  for (const e of expired) assert.deepEqual(e.details.references, ['AP-LIVE']);
  const journal = await centre!.services.store.audit.search({ action: 'legal.analytics_stopped', limit: 10 });
  assert.deepEqual(journal.map((j) => j.target).sort(), CAMS);
});
