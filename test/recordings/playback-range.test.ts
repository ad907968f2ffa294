// Seekable playback (issue 19): the playback MP4 has a length and honours Range, as a <video> needs to seek; a
// viewer's session is journaled once, not once per range request.
import assert from 'node:assert/strict';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { SYSTEM } from '../../src/core/users/principal.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';
import { GOP_MS, iso, makeSegments, placeSegment, probe } from './helpers.js';

let t: TestCentre;
let op: Client;
let op2: Client;
let T0: number;
let files: string[] = [];
const cam = 'CAM-R';

before(async () => {
  t = await startCentre({ config: { recordings: { maxBytes: 10 * 1024 ** 3 } } });
  const { fleet, store } = t.centre.services;
  for (const id of ['nord', 'sud']) await fleet.upsertSector(SYSTEM, { id, name: id });
  await fleet.create(SYSTEM, {
    id: cam,
    name: cam,
    sectorId: 'nord',
    streams: { main: 'rtsp://h/x' },
    phase: 'pilot',
    status: 'active',
    tags: [],
  });
  T0 = t.clock.t - 3_600_000;
  files = makeSegments(3);
  for (const [i, offset] of [0, 10_000, 20_000].entries())
    await placeSegment(store, join(t.dataDir, 'recordings'), cam, T0 + offset, files[i]!);
  op = await t.user('op-r', 'operator', ['nord']);
  op2 = await t.user('op-r2', 'operator', ['nord']);
});
after(async () => {
  await t?.stop();
  if (files[0]) rmSync(dirname(files[0]), { recursive: true, force: true });
});

const url = (from: number, to: number) => `${t.base}/api/cameras/${cam}/playback.mp4?from=${iso(from)}&to=${iso(to)}`;
const get = (c: Client, u: string, range?: string) =>
  fetch(u, { headers: { cookie: c.cookie, ...(range && { range }) } });
const views = async () =>
  (await t.centre.services.store.audit.search({ action: 'playback.view', limit: 100 })).filter((e) => e.target === cam);

test('whole file with Content-Length; ranges are 206 with exactly those bytes; past the end is 416', async () => {
  const u = url(T0 + 2_000, T0 + 28_000);
  const whole = await get(op, u);
  assert.equal(whole.status, 200, await whole.clone().text());
  assert.equal(whole.headers.get('accept-ranges'), 'bytes');
  const all = Buffer.from(await whole.arrayBuffer());
  assert.equal(Number(whole.headers.get('content-length')), all.length);
  assert.ok(all.length > 10_000, `${all.length} bytes`);
  // A seekable MP4 (its index first), of the range asked.
  assert.equal(all.subarray(4, 8).toString(), 'ftyp');
  const file = join(t.dataDir, 'whole.mp4');
  writeFileSync(file, all);
  assert.ok(Math.abs(probe(file).durationS * 1000 - 26_000) <= GOP_MS, `duration ${probe(file).durationS} s`);

  const mid = await get(op, u, 'bytes=1000-4999');
  assert.equal(mid.status, 206);
  assert.equal(mid.headers.get('content-range'), `bytes 1000-4999/${all.length}`);
  assert.equal(mid.headers.get('content-length'), '4000');
  assert.ok(Buffer.from(await mid.arrayBuffer()).equals(all.subarray(1000, 5000)));

  const open = await get(op, u, `bytes=${all.length - 300}-`);
  assert.equal(open.status, 206);
  assert.equal(open.headers.get('content-range'), `bytes ${all.length - 300}-${all.length - 1}/${all.length}`);
  assert.ok(Buffer.from(await open.arrayBuffer()).equals(all.subarray(all.length - 300)));

  const suffix = await get(op, u, 'bytes=-500');
  assert.equal(suffix.status, 206);
  assert.ok(Buffer.from(await suffix.arrayBuffer()).equals(all.subarray(all.length - 500)));

  const past = await get(op, u, `bytes=${all.length}-`);
  assert.equal(past.status, 416);
  assert.equal(past.headers.get('content-range'), `bytes */${all.length}`);
  assert.match(((await past.json()) as { message: string }).message, /past the end of the \d+-byte file/);
});

test('one journal entry per playback session, not per range request; another viewer is another entry', async () => {
  const u = url(T0 + 1_000, T0 + 21_000);
  const before = (await views()).length;
  const first = await get(op, u, 'bytes=0-');
  assert.equal(first.status, 206);
  const size = Number(first.headers.get('content-range')!.split('/')[1]);
  await first.arrayBuffer();
  // A player seeking about: many range requests of the same session.
  for (const at of [0.9, 0.1, 0.5, 0.75]) {
    const r = await get(op, u, `bytes=${Math.floor(size * at)}-`);
    assert.equal(r.status, 206);
    await r.arrayBuffer();
  }
  const mine = (await views()).slice(0, (await views()).length - before);
  assert.equal(mine.length, 1, 'one playback.view for five range requests');
  assert.equal(mine[0]?.actor, 'op-r');
  // Another operator watching the same range is journaled on their own, and served the same bytes.
  const other = await get(op2, u);
  assert.equal(Number(other.headers.get('content-length')), size);
  await other.arrayBuffer();
  const all = await views();
  assert.equal(all.length - before, 2);
  assert.equal(all[0]?.actor, 'op-r2');
  // Seeks leave no playback slot held.
  assert.equal(t.centre.services.playback.running(), 0);
});

test('a range request out of the viewer sector is still a 404, whatever the session', async () => {
  const sud = await t.user('op-sud-r', 'operator', ['sud']);
  const r = await get(sud, url(T0 + 1_000, T0 + 21_000), 'bytes=0-');
  assert.equal(r.status, 404);
});

test('a range larger than the cache may keep is streamed as before (no length, Range ignored), not written', async () => {
  const small = await startCentre({ config: { clips: { maskedCacheBytes: 1_000_000 } } });
  try {
    const { fleet, store } = small.centre.services;
    await fleet.upsertSector(SYSTEM, { id: 'nord', name: 'nord' });
    await fleet.create(SYSTEM, {
      id: cam,
      name: cam,
      sectorId: 'nord',
      streams: { main: 'rtsp://h/x' },
      phase: 'pilot',
      status: 'active',
      tags: [],
    });
    for (const [i, offset] of [0, 10_000, 20_000].entries())
      await placeSegment(store, join(small.dataDir, 'recordings'), cam, T0 + offset, files[i]!);
    const viewer = await small.user('op-small', 'operator', ['nord']);
    const u = (from: number, to: number) =>
      `${small.base}/api/cameras/${cam}/playback.mp4?from=${iso(from)}&to=${iso(to)}`;
    const big = await get(viewer, u(T0, T0 + 30_000), 'bytes=1000-');
    assert.equal(big.status, 200);
    assert.equal(big.headers.get('content-length'), null);
    assert.equal(big.headers.get('accept-ranges'), null);
    assert.ok((await big.arrayBuffer()).byteLength > 10_000);
    // One segment's worth fits: that one is seekable.
    const one = await get(viewer, u(T0, T0 + 5_000), 'bytes=0-99');
    assert.equal(one.status, 206, `segments of ${files.map((f) => statSync(f).size)} bytes`);
    assert.equal((await one.arrayBuffer()).byteLength, 100);
  } finally {
    await small.stop();
  }
});
