// Event snapshots follow the footage's retention (≤ 30 days): past it the picture is deleted and the event keeps
// only its description; one under an evidence hold stays; the purge is journaled.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, test } from 'node:test';
import { SYSTEM } from '../../src/core/users/principal.js';
import { startCentre, type TestCentre } from '../support/centre.js';

let t: TestCentre;
const DAY = 86_400_000;

before(async () => {
  t = await startCentre({ config: { ingest: { enabled: false } } });
  await t.centre.services.fleet.upsertSector(SYSTEM, { id: 'nord', name: 'nord' });
  await t.centre.services.fleet.create(SYSTEM, {
    id: 'CAM-P',
    name: 'P',
    sectorId: 'nord',
    streams: { main: 'rtsp://h/x' },
    phase: 'pilot',
    status: 'active',
    tags: [],
  });
});
after(() => t?.stop());

test('snapshots past retention are deleted, recent and held ones kept, the purge journaled', async () => {
  const { store, snapshots, retention } = t.centre.services;
  const now = t.clock.now();
  const event = async (id: string, ageDays: number) => {
    const rel = `CAM-P/${id}.jpg`;
    const abs = snapshots.absolute(rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, 'jpeg');
    const at = now - ageDays * DAY;
    await store.events.add({
      id,
      cameraId: 'CAM-P',
      kind: 'intrusion',
      startedAt: at,
      endedAt: at + 5000,
      score: 1,
      trackIds: [],
      details: {},
      snapshot: rel,
    });
    return { rel, at };
  };
  const old = await event('ev-old', 31);
  const held = await event('ev-held', 40);
  const recent = await event('ev-recent', 2);
  // A hold made back when that footage was recorded (today a hold must cover footage within the legal reach).
  await store.holds.add({
    id: randomUUID(),
    cameraId: 'CAM-P',
    fromMs: held.at - 1000,
    toMs: held.at + 10_000,
    reason: 'PV 2026/140',
    createdBy: 'sup',
    createdAt: new Date(held.at + 60_000).toISOString(),
    releasedBy: null,
    releasedAt: null,
  });
  const report = await retention.runOnce();
  assert.equal(report.snapshots, 1);
  assert.equal(existsSync(snapshots.absolute(old.rel)), false, 'the old picture is gone');
  assert.equal((await store.events.get('ev-old'))?.snapshot, undefined, 'the event stays, without its picture');
  assert.equal((await store.events.get('ev-old'))?.kind, 'intrusion');
  assert.ok(existsSync(snapshots.absolute(held.rel)), 'held: kept');
  assert.ok(existsSync(snapshots.absolute(recent.rel)), 'recent: kept');
  const [entry] = await store.audit.search({ action: 'snapshot.purge', limit: 1 });
  assert.equal(JSON.parse(entry!.details).count, 1);
  assert.equal((await retention.runOnce()).snapshots, 0, 'nothing left to purge');
});
