import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CameraSimulator } from '../../src/media/simulator/simulator.js';
import { placeSegment } from '../recordings/helpers.js';
import { startCentre, type TestCentre } from '../support/centre.js';
import { addSimulatedCameras } from '../support/sim-cameras.js';

const sim = new CameraSimulator({ port: 0 });
const base = mkdtempSync(join(tmpdir(), 'vigie-full-'));
const root = join(base, 'rec');
let mounted = false;
let t: TestCentre;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const usedShare = () => {
  const s = statfsSync(root);
  return 1 - s.bavail / s.blocks;
};

before(async () => {
  mkdirSync(root);
  mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=40m', 'tmpfs', root]).status === 0;
  await sim.start([{ id: 'FD-1' }, { id: 'FD-2' }]);
  t = await startCentre({
    config: {
      recordings: {
        dir: root,
        segmentSeconds: 2,
        retentionCheckSeconds: 1,
        highWaterPercent: 90,
        lowWaterPercent: 80,
        ...(mounted ? {} : { maxBytes: 40 * 1024 * 1024 }),
      },
      ingest: { stallSeconds: 3, backoffInitialMs: 300, backoffMaxMs: 1000 },
    },
  });
});
after(async () => {
  await t?.stop();
  await sim.stop();
  if (mounted) spawnSync('umount', [root]);
  rmSync(base, { recursive: true, force: true });
});

test('a full recordings volume: retention frees the oldest footage, recording goes on, an event says so', {
  skip: false,
}, async () => {
  // Old footage (within the legal period, so only disk pressure may delete it) fills the volume to ~95 %.
  const src = join(base, 'old.mp4');
  execFileSync('ffmpeg', [
    '-nostdin',
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=1280x720:rate=25',
    '-t',
    '4',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-b:v',
    '2M',
    '-f',
    'mp4',
    src,
  ]);
  const store = t.centre.services.store;
  const oldStart = Date.now() - 6 * 3600_000;
  let i = 0;
  while ((mounted ? usedShare() : (await store.segments.totalBytes()) / (40 * 1024 * 1024)) < 0.93) {
    await placeSegment(store, root, 'OLD', oldStart + i++ * 10_000, src);
  }
  const placed = i;
  const f = t.centre.services.fleet;
  await addSimulatedCameras(f, sim, ['FD-1', 'FD-2']);
  await t.centre.start();
  await sleep(8000);
  const mid = (await store.segments.range('FD-1', 0, Number.MAX_SAFE_INTEGER)).length;
  await sleep(6000);
  const end = (await store.segments.range('FD-1', 0, Number.MAX_SAFE_INTEGER)).length;
  assert.ok(end > mid && mid > 0, `recording goes on (${mid} then ${end} segments)`);
  const oldLeft = (await store.segments.range('OLD', 0, Number.MAX_SAFE_INTEGER)).length;
  assert.ok(oldLeft < placed, `oldest footage deleted (${placed} → ${oldLeft})`);
  const first = (await store.segments.oldest(1))[0]!;
  assert.ok(first.cameraId !== 'OLD' || first.startMs > oldStart, 'deletion is oldest-first');
  if (mounted)
    assert.ok(usedShare() < 0.9, `volume back under the high-water mark (${(usedShare() * 100).toFixed(0)} %)`);
  const events = await store.events.search({ kinds: ['storage'], limit: 5 });
  assert.ok(events.length >= 1, 'a storage event says space was freed');
  const journal = await store.audit.search({ action: 'retention.delete', limit: 5 });
  assert.ok(
    journal.some((e) => e.details.includes('disk')),
    'the deletion is journaled with its reason',
  );
});
