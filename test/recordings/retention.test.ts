import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { SYSTEM } from '../../src/core/users/principal.js';
import { startCentre, type TestCentre } from '../support/centre.js';
import { makeSegments, placeSegment } from './helpers.js';

const DAY = 86_400_000;
const MiB = 1024 * 1024;
let t: TestCentre;
let root: string;
let mounted = false;
let files: string[];

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'vigie-rec-'));
  try {
    // A real small filesystem, so that "full" is the kernel's word, not ours.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=30m', 'tmpfs', root], { stdio: 'ignore' });
    mounted = true;
  } catch {
    // Not root or no tmpfs here: the same pass runs against a 30 MiB budget instead.
  }
  t = await startCentre({
    config: {
      retention: { days: 3 },
      recordings: { dir: root, highWaterPercent: 80, lowWaterPercent: 50, ...(mounted ? {} : { maxBytes: 30 * MiB }) },
    },
  });
  const { fleet } = t.centre.services;
  await fleet.upsertSector(SYSTEM, { id: 'nord', name: 'nord' });
  for (const [id, retentionDays] of [
    ['CAM-A', 1],
    ['CAM-B', undefined],
  ] as const)
    await fleet.create(SYSTEM, {
      id,
      name: id,
      sectorId: 'nord',
      streams: { main: 'rtsp://h/x' },
      phase: 'pilot',
      status: 'active',
      tags: [],
      ...(retentionDays && { retentionDays }),
    });
  files = makeSegments(4);
});
after(async () => {
  await t?.stop();
  if (mounted) execFileSync('umount', [root]);
  rmSync(root, { recursive: true, force: true });
  if (files?.[0]) rmSync(dirname(files[0]), { recursive: true, force: true });
});

const starts = async (cam: string) =>
  (await t.centre.services.store.segments.range(cam, 0, Number.MAX_SAFE_INTEGER)).map((s) => s.startMs);
const journal = (action: string) => t.centre.services.store.audit.search({ action, limit: 20 });

test('by age: each camera its own days; held footage survives until released; journaled', async () => {
  const { store, holds, retention } = t.centre.services;
  const now = t.clock.t;
  const a = [now - 2 * DAY, now - 2 * DAY + 10_000, now - 2 * DAY + 20_000, now - 3_600_000];
  const b = [now - 4 * DAY, now - 2 * DAY];
  const placed = [
    ...a.map((s, i) => placeSegment(store, root, 'CAM-A', s, files[i]!)),
    ...b.map((s, i) => placeSegment(store, root, 'CAM-B', s, files[i]!)),
  ];
  const segs = await Promise.all(placed);
  const hold = await holds.create(SYSTEM, 'CAM-A', {
    fromMs: a[1]! + 2000,
    toMs: a[1]! + 5000,
    reason: 'réquisition 2026/7',
  });
  const r = await retention.runOnce();
  assert.equal(r.age.segments, 3);
  assert.deepEqual(await starts('CAM-A'), [a[1], a[3]], 'CAM-A keeps 1 day, except the held segment');
  assert.deepEqual(await starts('CAM-B'), [b[1]], 'CAM-B keeps the centre default of 3 days');
  const kept = [`CAM-A:${a[1]}`, `CAM-A:${a[3]}`, `CAM-B:${b[1]}`];
  for (const s of segs) assert.equal(existsSync(join(root, s.path)), kept.includes(s.id), s.path);
  const [entry] = await journal('retention.delete');
  const d = JSON.parse(entry!.details);
  assert.equal(entry!.actor, 'system');
  assert.deepEqual(
    [d.reason, d.segments, d.cameras, d.oldest],
    ['age', 3, ['CAM-A', 'CAM-B'], new Date(b[0]!).toISOString()],
  );
  await holds.release(SYSTEM, hold.id, 'case closed');
  assert.equal((await retention.runOnce()).age.segments, 1, 'released footage goes at the next pass');
  assert.deepEqual(await starts('CAM-A'), [a[3]]);
  await store.segments.delete((await store.segments.oldest(100)).map((s) => s.id));
});

test(`by disk: filling the volume deletes the oldest segments down to the low-water mark, held ones kept`, async () => {
  const { store, holds, retention, events } = t.centre.services;
  const base = t.clock.t - 3_600_000;
  const used = () => {
    if (!mounted) return store.segments.totalBytes().then((n) => n / (30 * MiB));
    const s = statfsSync(root);
    return Promise.resolve(1 - s.bavail / s.blocks);
  };
  const placed = [];
  for (let i = 0; (await used()) < 0.85; i++)
    placed.push(await placeSegment(store, root, 'CAM-B', base + i * 10_000, files[i % files.length]!));
  assert.ok(placed.length > 10, `${placed.length} segments filled the volume`);
  await holds.create(SYSTEM, 'CAM-B', { fromMs: base, toMs: base + 15_000, reason: 'PV 2026/9' });
  const r = await retention.runOnce();
  assert.equal(r.disk?.measure, mounted ? 'volume' : 'budget');
  assert.ok((await used()) <= 0.5, `usage after the pass: ${await used()}`);
  assert.equal(r.disk?.stillOver, false);
  const left = new Set(await starts('CAM-B'));
  const gone = placed.filter((s) => !left.has(s.startMs));
  assert.ok(left.has(base) && left.has(base + 10_000), 'the held (oldest) segments survive');
  assert.ok(left.has(placed.at(-1)!.startMs), 'the newest survives');
  assert.deepEqual(gone, placed.slice(2, 2 + gone.length), 'deleted oldest first, after the held ones');
  for (const s of gone) assert.ok(!existsSync(join(root, s.path)), s.path);
  const [entry] = await journal('retention.delete');
  assert.deepEqual(JSON.parse(entry!.details).reason, 'disk');
  const [ev] = await events.recent(['storage']);
  assert.equal(ev?.details.reason, 'disk');
  assert.equal(ev?.details.segments, gone.length);
});
