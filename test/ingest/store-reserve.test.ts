// Issue 18 (item 1): the store's own writes (login, hold release, the journal) keep working when something fills
// the volume: the reserve file in the data directory is released under the free-space floor, health says degraded
// with the reason, and the reserve comes back once space does.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SYSTEM } from '../../src/core/users/principal.js';
import { makeSegments, placeSegment } from '../recordings/helpers.js';
import { Client, PASSWORD, startCentre, type TestCentre } from '../support/centre.js';

const MiB = 1024 * 1024;
const base = mkdtempSync(join(tmpdir(), 'vigie-reserve-'));
const vol = join(base, 'vol');
let mounted = false;
let t: TestCentre;
let files: string[] = [];

before(async () => {
  mkdirSync(vol);
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', vol], { encoding: 'utf8' });
  mounted = m.status === 0;
  if (!mounted) throw new Error(`could not mount a 48 MiB tmpfs on ${vol} (run as root): ${m.stderr}`);
  t = await startCentre({
    config: {
      dataDir: vol,
      recordings: { minFreePercent: 5, storeReserveBytes: 4 * MiB },
      ingest: { enabled: false },
      analytics: { enabled: false },
    },
  });
  t.clock.now = () => Date.now();
  files = makeSegments(2);
});
after(async () => {
  await t?.stop();
  if (mounted) spawnSync('umount', [vol]);
  rmSync(base, { recursive: true, force: true });
});

/** Writes a foreign file until the volume is full (what the centre cannot delete: not its footage). */
function fill(path: string) {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(256 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    assert.equal((e as NodeJS.ErrnoException).code, 'ENOSPC');
  } finally {
    closeSync(fd);
  }
}

test('a volume filled by something else: the reserve is released, login and hold release work, health says degraded', async () => {
  const { store, fleet, holds, retention } = t.centre.services;
  await fleet.upsertSector(SYSTEM, { id: 'gare', name: 'gare' });
  // A lawful fleet: health is about the volume here, not about cameras filming without a video_protection basis.
  await t.authorise();
  await fleet.create(SYSTEM, {
    id: 'RS-1',
    name: 'RS-1',
    sectorId: 'gare',
    streams: { main: 'rtsp://h/x' },
    phase: 'pilot',
    status: 'active',
    tags: [],
  });
  const at = Date.now() - 3600_000;
  await placeSegment(store, join(vol, 'recordings'), 'RS-1', at, files[0]!);
  const admin = await t.user('admin-rs', 'admin');
  const hold = await holds.create(SYSTEM, 'RS-1', { fromMs: at, toMs: at + 5000, reason: 'réquisition 2026/77' });
  await retention.runOnce();
  const reserve = join(vol, '.store-reserve');
  assert.equal(statSync(reserve).size, 4 * MiB, 'the reserve is made at the first pass');
  assert.equal((await admin.req('GET', '/api/health')).json.status, 'ok');

  const junk = join(vol, 'junk.bin');
  fill(junk);
  const r = await retention.runOnce();
  assert.equal(r.disk?.stillOver, true, 'nothing of the centre left to delete: only held footage and a foreign file');
  assert.equal(existsSync(reserve), false, 'the reserve is released under the floor');
  const fresh = new Client(t.base);
  const login = await fresh.login('admin-rs', PASSWORD);
  assert.equal(login.status, 200, `login on a full volume: ${login.text}`);
  const rel = await fresh.req('POST', `/api/holds/${hold.id}/release`, { note: 'case closed' });
  assert.equal(rel.status, 200, `hold release on a full volume: ${rel.text}`);
  const health = await fresh.req('GET', '/api/health');
  console.log(`health on a full volume: ${JSON.stringify(health.json)}`);
  assert.equal(health.json.status, 'degraded');
  assert.match(health.json.reasons.join('; '), /of their budget: retention cannot free enough|free-space floor/);
  assert.match(health.json.reasons.join('; '), /the store's reserve is in use/);
  const [warning] = (await store.events.search({ kinds: ['storage'], limit: 20 })).filter(
    (e) => e.details.reason === 'warning' && ['floor', 'recordings'].includes(String(e.details.measure)),
  );
  assert.equal(warning?.details.severity, 'critical', 'a critical storage warning');

  rmSync(junk);
  await retention.runOnce();
  assert.equal(statSync(reserve).size, 4 * MiB, 'the reserve comes back with the space');
  assert.equal((await fresh.req('GET', '/api/health')).json.status, 'ok');
});
