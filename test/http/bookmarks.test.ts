// Bookmarks and thumbnails over HTTP (issue 19): bad input is a clear 4xx and saves nothing; a camera of another
// sector is 404 (and its bookmarks never listed); only the author or an admin deletes; creations, deletions and
// thumbnail bursts are journaled; a masked camera's thumbnail is masked; no recording at a moment is 404.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { SYSTEM } from '../../src/core/users/principal.js';
import { iso, makeSegments, placeSegment } from '../recordings/helpers.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';

let t: TestCentre;
let op: Client;
let op2: Client;
let admin: Client;
let T0: number;
let files: string[] = [];

before(async () => {
  t = await startCentre();
  const { fleet, store } = t.centre.services;
  for (const s of ['nord', 'sud']) await fleet.upsertSector(SYSTEM, { id: s, name: s });
  for (const [id, sectorId] of [
    ['BM-N', 'nord'],
    ['BM-M', 'nord'],
    ['BM-S', 'sud'],
  ] as const)
    await fleet.create(SYSTEM, {
      id,
      name: id,
      sectorId,
      streams: { main: 'rtsp://h/x' },
      phase: 'pilot',
      status: 'active',
      tags: [],
    });
  T0 = t.clock.t - 3_600_000;
  files = makeSegments(1);
  const root = join(t.dataDir, 'recordings');
  for (const cam of ['BM-N', 'BM-M', 'BM-S']) await placeSegment(store, root, cam, T0, files[0]!);
  op = await t.user('op-bm', 'operator', ['nord']);
  op2 = await t.user('op-bm2', 'operator', ['nord']);
  admin = await t.user('admin-bm', 'admin');
});
after(async () => {
  await t?.stop();
  if (files[0]) rmSync(dirname(files[0]), { recursive: true, force: true });
});

const saved = async () => (await t.centre.services.store.bookmarks.list({})).length;
const journal = async (action: string) => t.centre.services.store.audit.search({ action, limit: 100 });

test('bad bookmarks: a clear 4xx, nothing saved; another sector’s camera is 404', async () => {
  const ok = { cameraId: 'BM-N', at: iso(T0 + 2000), note: 'Deux personnes au portail' };
  const cases: [string, unknown, number, RegExp][] = [
    ['other sector', { ...ok, cameraId: 'BM-S' }, 404, /not found/],
    ['other sector, bad body too', { cameraId: 'BM-S', note: '' }, 404, /not found/],
    ['unknown camera', { ...ok, cameraId: 'NOPE' }, 404, /not found/],
    ['empty note', { ...ok, note: '   ' }, 400, /note/],
    ['note too long', { ...ok, note: 'x'.repeat(501) }, 400, /note.*500/],
    ['no zone in at', { ...ok, at: '2026-06-01T08:00:00' }, 400, /at/],
    ['end before at', { ...ok, end: iso(T0) }, 400, /end: must be after at/],
    ['unknown key', { ...ok, colour: 'red' }, 400, /colour/],
    ['no camera', { at: ok.at, note: ok.note }, 400, /cameraId/],
  ];
  for (const [what, body, status, msg] of cases) {
    const r = await op.req('POST', '/api/bookmarks', body);
    console.log(`${what}: ${r.status} ${r.json?.message}`);
    assert.equal(r.status, status, `${what}: ${r.text}`);
    assert.match(r.json.message, msg, what);
  }
  assert.equal(await saved(), 0, 'nothing saved');
  assert.equal((await journal('bookmark.create')).length, 0, 'nothing journaled');
  // The listing refuses bad filters too, and an out-of-sector camera filter is 404.
  assert.equal((await op.req('GET', '/api/bookmarks?cameraId=BM-S')).status, 404);
  assert.equal((await op.req('GET', '/api/bookmarks?from=yesterday')).status, 400);
  assert.equal((await op.req('GET', '/api/bookmarks?limit=0')).status, 400);
});

test('bookmarks: created, listed in scope and searched, deleted by the author or an admin; journaled', async () => {
  const a = await op.req('POST', '/api/bookmarks', {
    cameraId: 'BM-N',
    at: iso(T0 + 2000),
    end: iso(T0 + 6000),
    note: '  Scooter rouge devant la boulangerie ',
  });
  assert.equal(a.status, 201, a.text);
  assert.equal(a.json.note, 'Scooter rouge devant la boulangerie');
  assert.equal(a.json.author, 'op-bm');
  // An admin's bookmark on the other sector's camera: never in the operator's list.
  const s = await admin.req('POST', '/api/bookmarks', { cameraId: 'BM-S', at: iso(T0 + 1000), note: 'scooter sud' });
  assert.equal(s.status, 201, s.text);
  const mine = await op.req('GET', '/api/bookmarks?q=SCOOTER');
  assert.deepEqual(
    mine.json.map((b: { id: string }) => b.id),
    [a.json.id],
  );
  assert.equal((await admin.req('GET', '/api/bookmarks?q=scooter')).json.length, 2);
  const inRange = await op.req('GET', `/api/bookmarks?cameraId=BM-N&from=${iso(T0 + 5000)}&to=${iso(T0 + 9000)}`);
  assert.equal(inRange.json.length, 1, 'a stretch reaching into the range is in it');
  assert.equal((await op.req('GET', `/api/bookmarks?from=${iso(T0 + 7000)}`)).json.length, 0);
  // Someone else's: 403, kept; an out-of-scope one: 404; the author: deleted.
  assert.equal((await op2.req('DELETE', `/api/bookmarks/${a.json.id}`)).status, 403);
  assert.equal((await op.req('DELETE', `/api/bookmarks/${s.json.id}`)).status, 404);
  assert.equal((await op.req('DELETE', '/api/bookmarks/not-a-uuid')).status, 400);
  assert.equal(await saved(), 2);
  assert.equal((await op.req('DELETE', `/api/bookmarks/${a.json.id}`)).status, 200);
  assert.equal((await admin.req('DELETE', `/api/bookmarks/${s.json.id}`)).status, 200);
  assert.equal(await saved(), 0);
  const created = await journal('bookmark.create');
  const deleted = await journal('bookmark.delete');
  console.log(`journal: ${created.length} bookmark.create, ${deleted.length} bookmark.delete`);
  assert.equal(created.length, 2);
  assert.equal(deleted.length, 2);
  assert.ok(created.some((e) => e.actor === 'op-bm' && e.target === 'BM-N' && JSON.parse(e.details).id === a.json.id));
});

/** The brightest gray of the left part (x < 28) and of the right part (x > 36) of a picture scaled to 96x54. */
function leftAndRightMax(file: string) {
  const args = ['-nostdin', '-v', 'error', '-i', file, '-frames:v', '1', '-vf', 'scale=96:54'];
  const px = execFileSync('ffmpeg', [...args, '-f', 'rawvideo', '-pix_fmt', 'gray', '-']);
  let left = 0;
  let right = 0;
  for (let y = 0; y < 54; y++)
    for (let x = 0; x < 96; x++) {
      if (x < 28) left = Math.max(left, px[y * 96 + x]!);
      else if (x > 36) right = Math.max(right, px[y * 96 + x]!);
    }
  return { left, right };
}

test('thumbnails: a JPEG ≤ 320 px wide, masked like playback, 404 without a recording or out of sector, journaled per burst', async () => {
  const get = (cam: string, at: string, c = op) =>
    fetch(`${t.base}/api/cameras/${cam}/thumbnail?at=${encodeURIComponent(at)}`, { headers: { cookie: c.cookie } });
  const left = [
    [0, 0],
    [0.33, 0],
    [0.33, 1],
    [0, 1],
  ];
  const put = await admin.req('PUT', '/api/cameras/BM-M/analytics', {
    enabled: false,
    privacyMasks: [{ name: 'house', points: left }],
  });
  assert.equal(put.status, 200, put.text);
  const before = (await journal('playback.thumbnail')).length;
  for (const [cam, masked] of [
    ['BM-N', false],
    ['BM-M', true],
  ] as const) {
    const r = await get(cam, iso(T0 + 3000));
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'image/jpeg');
    const file = join(dirname(files[0]!), `${cam}.jpg`);
    writeFileSync(file, Buffer.from(await r.arrayBuffer()));
    const [w, h] = execFileSync('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=width,height',
      '-of',
      'csv=p=0',
      file,
    ])
      .toString()
      .trim()
      .split(',')
      .map(Number);
    const px = leftAndRightMax(file);
    console.log(`${cam} thumbnail ${w}x${h}: left third max ${px.left}, right max ${px.right}`);
    assert.ok(w! <= 320 && h! > 0);
    assert.ok(px.right > 150, 'the picture shows');
    if (masked) assert.ok(px.left < 40, `masked area max ${px.left}`);
    else assert.ok(px.left > 150, `unmasked left max ${px.left}`);
  }
  // A burst of hovers on one camera: one more journal entry, not one per picture.
  for (let i = 0; i < 5; i++) assert.equal((await get('BM-N', iso(T0 + 1000 + i * 1500))).status, 200);
  const entries = (await journal('playback.thumbnail')).length - before;
  console.log(`7 thumbnails over 2 cameras: ${entries} journal entries`);
  assert.equal(entries, 2, 'one entry per user and camera burst');
  const no = await get('BM-N', iso(T0 + 60_000));
  assert.equal(no.status, 404);
  assert.match(((await no.json()) as { message: string }).message, /recording of camera BM-N/);
  assert.equal((await get('BM-S', iso(T0 + 3000))).status, 404, 'another sector');
  assert.equal((await get('BM-N', 'now')).status, 400);
  assert.equal((await op.req('GET', `/api/cameras/BM-N/thumbnail?at=${iso(T0)}&size=big`)).status, 400);
});
