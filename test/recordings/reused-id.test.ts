import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { LocalDiskStorage } from '../../src/adapters/storage/local-disk.js';
import { privacyMasksOf } from '../../src/core/analytics/privacy-masks.js';
import { segmentRelPath } from '../../src/core/recordings/layout.js';
import { RecordingIndex } from '../../src/core/recordings/recorder-index.js';
import { SYSTEM } from '../../src/core/users/principal.js';
import { fileInspector } from '../../src/media/ffmpeg/inspector.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';
import { iso, makeSegments, placeSegment, SEG_MS } from './helpers.js';

const DAY = 86_400_000;
let t: TestCentre;
let admin: Client;
let supSouth: Client;
let files: string[] = [];
let T0: number;
let root: string;
const old: { alarmId?: string; eventId?: string; holdId?: string; exportId?: string; archiveId?: string } = {};

const camera = (sectorId: string) => ({
  id: 'S2',
  name: `S2 ${sectorId}`,
  sectorId,
  streams: { main: 'rtsp://h/x' },
  phase: 'pilot',
  status: 'active',
  tags: [],
});
const range = () => `from=${iso(T0 - 60_000)}&to=${iso(T0 + 120_000)}`;

/** The recorder's own index over the same folder, as at a restart (reconcile re-indexes what it finds). */
const recorderIndex = () =>
  new RecordingIndex(t.centre.services.store, new LocalDiskStorage(root), fileInspector('ffmpeg'));

before(async () => {
  t = await startCentre({ config: { recordings: { maxBytes: 10 * 1024 ** 3 } } });
  root = join(t.dataDir, 'recordings');
  const { fleet, store, events, holds } = t.centre.services;
  for (const id of ['south', 'north']) await fleet.upsertSector(SYSTEM, { id, name: id });
  admin = await t.user('admin', 'admin');
  supSouth = await t.user('sup-south', 'supervisor', ['south']);
  // South's S2 kept its footage 2 days (its own retention), the centre's default is 30.
  assert.equal((await admin.req('POST', '/api/cameras', { ...camera('south'), retentionDays: 2 })).status, 201);
  // South's history of S2: 30 s of footage, an alarm with its event and snapshot, a hold, an export.
  T0 = t.clock.t - 3_600_000;
  files = makeSegments(5);
  for (const [i, off] of [0, 10_000, 20_000].entries()) await placeSegment(store, root, 'S2', T0 + off, files[i]!);
  const ev = await events.emit({ cameraId: 'S2', kind: 'intrusion', startedAt: T0 + 5_000, snapshot: 'S2/x.jpg' });
  old.eventId = ev.id;
  await t.centre.services.alarms.idle();
  old.alarmId = (await store.alarms.list({ cameraIds: ['S2'], limit: 5 })).items[0]?.id;
  old.holdId = (await holds.create(SYSTEM, 'S2', { fromMs: T0, toMs: T0 + 10_000, reason: 'PV 2026/123' })).id;
  const ex = await supSouth.req('POST', '/api/cameras/S2/exports', {
    from: iso(T0),
    to: iso(T0 + 20_000),
    reason: 'PV 2026/124',
  });
  assert.equal(ex.status, 201, ex.text);
  old.exportId = ex.json.id;
  assert.ok(old.alarmId && old.eventId && old.holdId && old.exportId);

  // South's S2 had a privacy mask: its archived footage must stay masked.
  const mask = [
    [0, 0],
    [0.33, 0],
    [0.33, 1],
    [0, 1],
  ];
  const put = await admin.req('PUT', '/api/cameras/S2/analytics', {
    enabled: false,
    privacyMasks: [{ name: 'house', points: mask }],
  });
  assert.equal(put.status, 200, put.text);

  // Delete S2 (south); the recorder then indexes its last segment, and leaves one file unindexed (a crash).
  assert.equal((await admin.req('DELETE', '/api/cameras/S2')).status, 200);
  t.clock.advance(1000);
  const incoming = join(root, 'S2', '.late.mp4');
  mkdirSync(dirname(incoming), { recursive: true });
  copyFileSync(files[3]!, incoming);
  await recorderIndex().indexClosed({ cameraId: 'S2', file: incoming, startMs: T0 + 30_000, endMs: T0 + 40_000 });
  const leftover = join(root, segmentRelPath('S2', T0 + 40_000));
  copyFileSync(files[4]!, leftover);

  // Re-create S2 in the north sector; the recorder restarts and reconciles the folder.
  assert.equal((await admin.req('POST', '/api/cameras', camera('north'))).status, 201);
  const report = await recorderIndex().reconcile();
  assert.equal(report.indexed, 1, JSON.stringify(report));
  old.archiveId = (await store.cameras.archivesOf('S2'))[0]?.id;
  assert.ok(old.archiveId);
});
after(async () => {
  await t?.stop();
  if (files[0]) rmSync(dirname(files[0]), { recursive: true, force: true });
});

test('a north viewer of the re-created S2 sees none of south S2 history', async () => {
  const viewers = [await t.user('op-north', 'operator', ['north']), await t.user('sup-north', 'supervisor', ['north'])];
  for (const c of viewers) {
    const tl = await c.req('GET', `/api/cameras/S2/recordings?${range()}`);
    assert.equal(tl.status, 200, tl.text);
    assert.deepEqual(tl.json.covered, [], 'no old footage on the timeline (deleted, late and reconciled segments)');
    assert.equal((await c.req('GET', `/api/cameras/S2/playback.mp4?${range()}`)).status, 404);
    assert.deepEqual((await c.req('GET', '/api/events?cameraId=S2')).json, []);
    assert.equal((await c.req('GET', '/api/events')).json.length, 0);
    assert.equal((await c.req('GET', `/api/events/${old.eventId}`)).status, 404);
    assert.equal((await c.req('GET', `/api/events/${old.eventId}/snapshot.jpg`)).status, 404);
    assert.equal((await c.req('GET', '/api/alarms')).json.total, 0);
    assert.equal((await c.req('GET', '/api/alarms?cameraId=S2')).json.total, 0);
    assert.equal((await c.req('GET', `/api/alarms/${old.alarmId}`)).status, 404);
  }
  const sup = viewers[1]!;
  assert.deepEqual((await sup.req('GET', '/api/cameras/S2/holds')).json, []);
  assert.equal((await sup.req('GET', `/api/holds/${old.holdId}`)).status, 404);
  assert.equal((await sup.req('GET', `/api/exports/${old.exportId}`)).status, 404);
  assert.equal((await sup.req('GET', `/api/exports/${old.exportId}.mp4`)).status, 404);
  const ex = await sup.req('POST', '/api/cameras/S2/exports', { from: iso(T0), to: iso(T0 + 50_000), reason: 'PV x' });
  assert.equal(ex.status, 404, ex.text);
});

test("south's S2 history stays under its archive, for admins only, with its hold, alarm and export", async () => {
  const id = old.archiveId!;
  const tl = await admin.req('GET', `/api/cameras/${id}/recordings?${range()}`);
  assert.equal(tl.status, 200, tl.text);
  // The three deleted-camera segments, the recorder's late one and the reconciled leftover: 50 s in one piece.
  assert.deepEqual(tl.json.covered, [{ from: iso(T0), to: iso(T0 + 5 * SEG_MS) }]);
  const play = await fetch(`${t.base}/api/cameras/${id}/playback.mp4?${range()}`, {
    headers: { cookie: admin.cookie },
  });
  assert.equal(play.status, 200);
  await play.arrayBuffer();
  assert.equal((await privacyMasksOf(t.centre.services.store, id)).length, 1, 'the archive keeps its masks');
  assert.equal((await privacyMasksOf(t.centre.services.store, 'S2')).length, 0, 'the new S2 has none');
  const alarm = await admin.req('GET', `/api/alarms/${old.alarmId}`);
  assert.equal(alarm.json.cameraId, id);
  assert.equal((await admin.req('GET', `/api/exports/${old.exportId}`)).status, 200);
  assert.equal((await admin.req('GET', `/api/cameras/${id}/holds`)).json.length, 1);
  // A requisition after the removal: admins may still hold archived footage.
  const late = { from: iso(T0 + 20_000), to: iso(T0 + 30_000), reason: 'PV 2026/125' };
  assert.equal((await admin.req('POST', `/api/cameras/${id}/holds`, late)).status, 201);
  // Never a camera id again, and the south supervisor no longer reaches it (an archive is not a camera).
  assert.equal((await admin.req('POST', '/api/cameras', { ...camera('north'), id })).status, 409);
  await assert.rejects(
    t.centre.services.fleet.importMany(SYSTEM, [{ ...camera('north'), id } as never], 'csv'),
    /name archives of deleted cameras/,
  );
  assert.equal((await supSouth.req('GET', `/api/cameras/${id}/recordings?${range()}`)).status, 404);
  const del = await t.centre.services.store.audit.search({ action: 'camera.delete', limit: 1 });
  assert.equal(JSON.parse(del[0]!.details).archivedAs, id);
});

test("retention still deletes the archived footage once released and past its camera's own days", async () => {
  for (const h of (await admin.req('GET', `/api/cameras/${old.archiveId}/holds`)).json)
    assert.equal((await admin.req('POST', `/api/holds/${h.id}/release`, { note: 'case closed' })).status, 200);
  t.clock.advance(3 * DAY);
  await t.centre.services.retention.runOnce();
  assert.deepEqual(await t.centre.services.store.segments.range(old.archiveId!, 0, Number.MAX_SAFE_INTEGER), []);
});
