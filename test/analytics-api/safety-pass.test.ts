// `analytics.safetyPassSeconds` arrives where it acts: a change written behind the services' back (so nothing is
// published on the bus) is still picked up by the analytics supervisor's slow pass, at that interval.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { SYSTEM } from '../../src/core/users/principal.js';
import { startCentre, type TestCentre } from '../support/centre.js';

let t: TestCentre | undefined;
after(() => t?.stop());

test('the safety pass applies a change nobody announced, at the configured interval', { timeout: 60_000 }, async () => {
  t = await startCentre({ config: { ingest: { enabled: false }, analytics: { safetyPassSeconds: 5 } } });
  const { fleet, store, analyticsStatus } = t.centre.services;
  await fleet.upsertSector(SYSTEM, { id: 'campus', name: 'Campus' });
  await fleet.create(SYSTEM, {
    id: 'QUIET-1',
    name: 'Quiet',
    sectorId: 'campus',
    streams: { main: 'rtsp://127.0.0.1:9/none' },
    phase: 'pilot',
    status: 'active',
    tags: [],
  });
  await t.centre.start();
  assert.equal(analyticsStatus.health('QUIET-1'), undefined, 'no analytics yet');
  // Straight into the store: no service, so no bus message. A spec whose pipeline cannot be built fails fast, which
  // shows the supervisor took it up without needing a stream.
  const spec = {
    enabled: true,
    pipeline: { situations: { unusual: { enabled: true, modelFile: '/nonexistent.json' } } },
  };
  const written = Date.now();
  await store.analytics.put({ cameraId: 'QUIET-1', config: JSON.stringify(spec), enabled: true, updatedAt: '' });
  let seenAt = 0;
  while (!seenAt && Date.now() - written < 20_000) {
    if (analyticsStatus.health('QUIET-1')) seenAt = Date.now();
    else await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(seenAt, 'the slow pass picked the change up');
  assert.ok(seenAt - written <= 7_000, `picked up after ${seenAt - written} ms (pass every 5 s)`);
});
