// Issue 18 (item 3): exports on the recordings volume are budgeted apart: however far they grow (up to their
// budget), the disk-pressure pass judges the recordings by their own bytes and deletes no footage for them.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SYSTEM } from '../../src/core/users/principal.js';
import { placeSegment, SEG_MS } from '../recordings/helpers.js';
import { startCentre, type TestCentre } from '../support/centre.js';

const MiB = 1024 * 1024;
const base = mkdtempSync(join(tmpdir(), 'vigie-expvol-'));
const vol = join(base, 'vol');
let mounted = false;
let t: TestCentre;

before(async () => {
  mkdirSync(vol);
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', vol], { encoding: 'utf8' });
  mounted = m.status === 0;
  if (!mounted) throw new Error(`could not mount a 48 MiB tmpfs on ${vol} (run as root): ${m.stderr}`);
  t = await startCentre({
    config: {
      dataDir: vol,
      recordings: { highWaterPercent: 80, lowWaterPercent: 70, minFreePercent: 5, storeReserveBytes: 0 },
      exports: { maxBytes: 28 * MiB },
      ingest: { enabled: false },
      analytics: { enabled: false },
    },
  });
  t.clock.now = () => Date.now();
});
after(async () => {
  await t?.stop();
  if (mounted) spawnSync('umount', [vol]);
  rmSync(base, { recursive: true, force: true });
});

test('exports filling their budget on the recordings volume delete no footage', async () => {
  const { store, fleet, exports, retention, storageWatch } = t.centre.services;
  await fleet.upsertSector(SYSTEM, { id: 'gare', name: 'gare' });
  await fleet.create(SYSTEM, {
    id: 'EV-1',
    name: 'EV-1',
    sectorId: 'gare',
    streams: { main: 'rtsp://h/x' },
    phase: 'pilot',
    status: 'active',
    tags: [],
  });
  const src = join(base, 'seg.mp4');
  execFileSync('ffmpeg', [
    ...['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-t', '4'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-b:v', '2M', '-f', 'mp4', src],
  ]);
  // Recordings at 68 % of their budget (under the 80 % high water).
  const start = Date.now() - 3600_000;
  const f0 = await storageWatch.budget.figures();
  let n = 0;
  while ((await storageWatch.budget.figures()).recordingsBytes < f0.recordingsLimit * 0.68)
    await placeSegment(store, join(vol, 'recordings'), 'EV-1', start + n++ * SEG_MS, src);
  // Exports of that footage until their budget refuses one.
  let made = 0;
  for (let i = 0; i < 60; i++) {
    const from = start + (i % n) * SEG_MS;
    const ok = await exports.create(SYSTEM, 'EV-1', from, from + SEG_MS, 'réquisition 2026/55').then(
      () => true,
      (e) => {
        assert.equal(e.status, 507, e.message);
        return false;
      },
    );
    if (!ok) break;
    made++;
  }
  const f = await storageWatch.budget.figures();
  const s = statfsSync(vol);
  const volumeUsed = 1 - s.bavail / s.blocks;
  console.log(
    `segments ${n}, exports ${made} (${(f.exportsBytes / MiB).toFixed(1)} of ${(f.exportsLimit / MiB).toFixed(1)} MiB), ` +
      `recordings ${((f.recordingsBytes * 100) / f.recordingsLimit).toFixed(0)} % of their budget, volume ${(volumeUsed * 100).toFixed(0)} % used`,
  );
  assert.ok(f.exportsBytes > f.exportsLimit * 0.8, 'the exports filled most of their budget');
  assert.ok(volumeUsed > 0.8, 'the volume as a whole is past the high-water mark: a volume measure would delete');
  const r = await retention.runOnce();
  assert.equal(r.disk, undefined, `no disk-pressure deletion: ${JSON.stringify(r.disk)}`);
  assert.equal((await store.segments.range('EV-1', 0, Number.MAX_SAFE_INTEGER)).length, n, 'every segment kept');
});
