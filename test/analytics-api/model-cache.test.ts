// `analytics.modelCacheDir` arrives where it acts: the centre's analysis worker converts the detector into that
// folder (not /tmp) when a camera's analytics start.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SYSTEM } from '../../src/core/users/principal.js';
import { startCentre, type TestCentre } from '../support/centre.js';

const cache = mkdtempSync(join(tmpdir(), 'vigie-model-cache-'));
let t: TestCentre | undefined;
after(async () => {
  await t?.stop();
  rmSync(cache, { recursive: true, force: true });
});

test('the detector is converted into analytics.modelCacheDir', { timeout: 180_000 }, async () => {
  t = await startCentre({ config: { ingest: { enabled: false }, analytics: { modelCacheDir: cache } } });
  const { fleet, analytics, analyticsStatus } = t.centre.services;
  await fleet.upsertSector(SYSTEM, { id: 'campus', name: 'Campus' });
  const streams = { main: 'rtsp://127.0.0.1:9/none' };
  await fleet.create(SYSTEM, {
    id: 'M-1',
    name: 'M',
    sectorId: 'campus',
    streams,
    phase: 'pilot',
    status: 'active',
    tags: [],
  });
  await t.authorise();
  await t.centre.start();
  // The pipeline loads its detector first, then fails on the missing usual-motion model: no stream is needed.
  const broken = { unusual: { enabled: true, modelFile: '/nonexistent.json' } };
  await analytics.put(SYSTEM, 'M-1', { enabled: true, pipeline: { inputSize: 320, situations: broken } });
  const deadline = Date.now() + 150_000;
  while (analyticsStatus.health('M-1')?.state !== 'failed' && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 200));
  assert.match(
    analyticsStatus.health('M-1')?.error ?? '',
    /nonexistent/,
    JSON.stringify(analyticsStatus.health('M-1')),
  );
  const models = readdirSync(cache).filter((f) => f.endsWith('.onnx'));
  assert.ok(models.length > 0, `models in the configured cache: ${readdirSync(cache).join(', ')}`);
});
