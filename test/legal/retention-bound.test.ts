// Retention bound by the authorisation (law.md L4, L5): a camera's own retention may not exceed that of the
// video_protection authorisation covering it (409 naming both figures and the reference), on create, PATCH and
// import; the retention pass deletes at the authorised retention when it is shorter than the camera's or the
// centre's. Lowering an authorisation's retention is allowed (it records what the prefect decided): the effective
// retention follows it at once, and the cameras set longer keep their setting until an admin changes it.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { SYSTEM } from '../../src/core/users/principal.js';
import { makeSegments, placeSegment } from '../recordings/helpers.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';
import { body, DEC_4 } from './support.js';

const DAY = 86_400_000;
let t: TestCentre;
let admin: Client;
let vp: { id: string };
let files: string[];

before(async () => {
  // The centre's default (20 days) is longer than the authorisation's (10 days).
  t = await startCentre({
    config: { retention: { days: 20 }, ingest: { enabled: false }, analytics: { enabled: false } },
  });
  t.clock.t = DEC_4;
  const { fleet } = t.centre.services;
  await fleet.upsertSector(SYSTEM, { id: 'gare', name: 'Gare' });
  await fleet.upsertSector(SYSTEM, { id: 'parc', name: 'Parc' });
  admin = await t.user('admin', 'admin');
  const r = await admin.req(
    'POST',
    '/api/authorisations',
    body({ kind: 'video_protection', reference: 'ARR-VP-2026', sectorIds: ['gare'], retentionDays: 10 }),
  );
  assert.equal(r.status, 201, r.text);
  vp = r.json;
  files = makeSegments(1);
});
after(async () => {
  await t?.stop();
  if (files?.[0]) rmSync(dirname(files[0]), { recursive: true, force: true });
});

const cam = (id: string, sectorId: string, retentionDays?: number) => ({
  id,
  name: id,
  sectorId,
  streams: { main: 'rtsp://127.0.0.1:9/none' },
  ...(retentionDays !== undefined && { retentionDays }),
});
const excess = (id: string, days: number, allowed: number) =>
  `${id}: retention of ${days} days exceeds the ${allowed} days authorised by ARR-VP-2026 (Préfet du Nord)`;

test('create and PATCH: past the authorised retention a 409 names both figures and the authorisation', async () => {
  const over = await admin.req('POST', '/api/cameras', cam('VAL-042', 'gare', 15));
  assert.equal(over.status, 409, over.text);
  assert.equal(over.json.message, excess('VAL-042', 15, 10));
  assert.equal((await admin.req('GET', '/api/cameras/VAL-042')).status, 404, 'nothing stored');
  assert.equal((await admin.req('POST', '/api/cameras', cam('VAL-042', 'gare', 10))).status, 201);
  // Outside the authorisation's perimeter only the legal cap binds (the camera is flagged as filming without basis).
  assert.equal((await admin.req('POST', '/api/cameras', cam('VAL-060', 'parc', 25))).status, 201);
  assert.equal((await admin.req('POST', '/api/cameras', cam('VAL-061', 'parc', 31))).status, 400, 'the cap of 30');

  const patch = await admin.req('PATCH', '/api/cameras/VAL-042', { retentionDays: 12 });
  assert.equal(patch.status, 409, patch.text);
  assert.equal(patch.json.message, excess('VAL-042', 12, 10));
  assert.equal((await admin.req('PATCH', '/api/cameras/VAL-042', { retentionDays: 8 })).status, 200);
  // Moving a camera set to 25 days into the authorised sector: refused, it stays where it was.
  const move = await admin.req('PATCH', '/api/cameras/VAL-060', { sectorId: 'gare' });
  assert.equal(move.status, 409, move.text);
  assert.equal(move.json.message, excess('VAL-060', 25, 10));
  assert.equal((await admin.req('GET', '/api/cameras/VAL-060')).json.sectorId, 'parc');
  const journaled = await t.centre.services.store.audit.search({ action: 'camera.update', limit: 100 });
  assert.equal(journaled.length, 1, 'only the accepted PATCH is journaled');
});

test('CSV and GeoJSON import: one camera past its authorisation refuses the whole import', async () => {
  const header =
    'id,name,sector_id,lat,lon,address,main_url,sub_url,username,password,model,phase,installed_at,status,tags,retention_days';
  const row = (id: string, sector: string, days: string) =>
    `${id},${id},${sector},,,,rtsp://192.0.2.1/i,,,,,pilot,,active,,${days}`;
  const before = (await admin.req('GET', '/api/cameras?limit=1000')).json.total;
  const csv = [header, row('IMP-1', 'gare', '10'), row('IMP-2', 'gare', '14'), row('IMP-3', 'parc', '30')].join('\n');
  const r = await admin.req('POST', '/api/cameras/import', `${csv}\n`, { 'content-type': 'text/csv' });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.message, excess('IMP-2', 14, 10));
  const geo = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [3.5235, 50.3571] },
        properties: {
          id: 'IMP-4',
          name: 'IMP-4',
          sectorId: 'gare',
          streams: { main: 'rtsp://192.0.2.1/i' },
          retentionDays: 11,
        },
      },
    ],
  };
  const g = await admin.req('POST', '/api/cameras/import', JSON.stringify(geo), {
    'content-type': 'application/geo+json',
  });
  assert.equal(g.status, 409, g.text);
  assert.equal(g.json.message, excess('IMP-4', 11, 10));
  assert.equal((await admin.req('GET', '/api/cameras?limit=1000')).json.total, before, 'nothing imported');
  const ok = await admin.req('POST', '/api/cameras/import', `${[header, row('IMP-1', 'gare', '10')].join('\n')}\n`, {
    'content-type': 'text/csv',
  });
  assert.equal(ok.status, 200, ok.text);
});

test('the retention pass deletes at the authorised retention; lowering it is allowed and binds at once', async () => {
  const { store, retention, fleet } = t.centre.services;
  const root = join(t.dataDir, 'recordings');
  await fleet.create(SYSTEM, { ...cam('VAL-050', 'gare'), phase: 'pilot', status: 'active', tags: [] });
  await fleet.create(SYSTEM, { ...cam('VAL-070', 'parc'), phase: 'pilot', status: 'active', tags: [] });
  const now = t.clock.t;
  const at = (days: number) => now - days * DAY;
  const place = (c: string, days: number) => placeSegment(store, root, c, at(days), files[0]!);
  // VAL-050: the centre's 20 days, bound to 10; VAL-042: its own 8 days; VAL-070: no authorisation, 20 days.
  for (const d of [12, 9, 6]) await place('VAL-050', d);
  for (const d of [9, 7, 6]) await place('VAL-042', d);
  for (const d of [12]) await place('VAL-070', d);
  // Event snapshots are footage too: they follow the same bound.
  const snap = async (c: string, days: number) => {
    const rel = `${c}/old.jpg`;
    mkdirSync(dirname(t.centre.services.snapshots.absolute(rel)), { recursive: true });
    writeFileSync(t.centre.services.snapshots.absolute(rel), 'jpeg bytes');
    return (await t.centre.services.events.emit({ cameraId: c, kind: 'motion', startedAt: at(days), snapshot: rel }))
      .id;
  };
  const [bound, free] = [await snap('VAL-050', 12), await snap('VAL-070', 12)];
  const starts = async (c: string) =>
    (await store.segments.range(c, 0, Number.MAX_SAFE_INTEGER)).map((s) => Math.round((now - s.startMs) / DAY));

  await retention.runOnce();
  assert.deepEqual(await starts('VAL-050'), [9, 6], 'the 12-day-old segment is past the authorised 10 days');
  assert.deepEqual(await starts('VAL-042'), [7, 6], 'its own 8 days, shorter, still apply');
  assert.deepEqual(await starts('VAL-070'), [12], 'no authorisation covers it: the centre default');
  assert.equal((await store.events.get(bound))?.snapshot, undefined, 'the snapshot past 10 days is purged');
  assert.equal(existsSync(t.centre.services.snapshots.absolute('VAL-050/old.jpg')), false);
  assert.equal((await store.events.get(free))?.snapshot, 'VAL-070/old.jpg');

  // The prefect lowers the retention to 5 days: recorded (a 200, though VAL-042 is set to 8), journaled, and binding.
  const lowered = await admin.req(
    'PUT',
    `/api/authorisations/${vp.id}`,
    body({ kind: 'video_protection', reference: 'ARR-VP-2026', sectorIds: ['gare'], retentionDays: 5 }),
  );
  assert.equal(lowered.status, 200, lowered.text);
  await retention.runOnce();
  assert.deepEqual(await starts('VAL-050'), [], 'past 5 days');
  assert.deepEqual(await starts('VAL-042'), [], 'its own 8 days no longer apply');
  assert.deepEqual(await starts('VAL-070'), [12]);
  const deleted = await store.audit.search({ action: 'retention.delete', limit: 10 });
  assert.ok(
    deleted.some((e) => JSON.parse(e.details).cameras.includes('VAL-042')),
    'journaled',
  );
  // Unrelated edits of a camera set longer still go through; its retention must come within the 5 days.
  assert.equal((await admin.req('PATCH', '/api/cameras/VAL-042', { name: 'Parvis' })).status, 200);
  const again = await admin.req('PATCH', '/api/cameras/VAL-042', { retentionDays: 8 });
  assert.equal(again.status, 409);
  assert.equal(again.json.message, excess('VAL-042', 8, 5));
});
