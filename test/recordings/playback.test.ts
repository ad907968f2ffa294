import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { SYSTEM } from '../../src/core/users/principal.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';
import { GOP_MS, iso, makeSegments, placeSegment, probe, SEG_MS } from './helpers.js';

let t: TestCentre;
let opNord: Client;
let opSud: Client;
let sup: Client;
let T0: number;
const cam = 'CAM-N';
let files: string[] = [];

before(async () => {
  t = await startCentre({ config: { recordings: { maxBytes: 10 * 1024 ** 3 } } });
  const { fleet, store } = t.centre.services;
  for (const id of ['nord', 'sud']) await fleet.upsertSector(SYSTEM, { id, name: id });
  for (const [id, sectorId] of [
    [cam, 'nord'],
    ['CAM-S', 'sud'],
  ] as const)
    await fleet.create(SYSTEM, {
      id,
      name: `camera ${id}`,
      sectorId,
      streams: { main: 'rtsp://h/x' },
      phase: 'pilot',
      status: 'active',
      tags: [],
    });
  // Three consecutive segments, a 20 s hole, then one more: [T0, T0+30s) and [T0+50s, T0+60s).
  T0 = t.clock.t - 3_600_000;
  files = makeSegments(4);
  const root = join(t.dataDir, 'recordings');
  for (const [i, offset] of [0, 10_000, 20_000, 50_000].entries())
    await placeSegment(store, root, cam, T0 + offset, files[i]!);
  opNord = await t.user('op-nord', 'operator', ['nord']);
  opSud = await t.user('op-sud', 'operator', ['sud']);
  sup = await t.user('sup-nord', 'supervisor', ['nord']);
});
after(async () => {
  await t?.stop();
  if (files[0]) rmSync(dirname(files[0]), { recursive: true, force: true });
});

const journal = (action: string) => t.centre.services.store.audit.search({ action, limit: 10 });
const q = (from: number, to: number) => `from=${iso(from)}&to=${iso(to)}`;

test('playback over three segments is one MP4 of the requested length (± one GOP), journaled', async () => {
  const from = T0 + 3_500;
  const to = T0 + 27_500;
  const res = await fetch(`${t.base}/api/cameras/${cam}/playback.mp4?${q(from, to)}`, {
    headers: { cookie: opNord.cookie },
  });
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(res.headers.get('content-type'), 'video/mp4');
  const file = join(t.dataDir, 'playback.mp4');
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const p = probe(file);
  assert.equal(p.codec, 'h264');
  assert.equal(p.videoStreams, 1);
  assert.ok(
    Math.abs(p.durationS * 1000 - (to - from)) <= GOP_MS,
    `duration ${p.durationS} s for a ${(to - from) / 1000} s range`,
  );
  const covered = JSON.parse(res.headers.get('x-vigie-covered')!);
  assert.equal(covered.length, 1);
  assert.ok(
    Date.parse(covered[0][0]) <= from && from - Date.parse(covered[0][0]) < GOP_MS,
    'start snapped back to a keyframe',
  );
  const [entry] = await journal('playback.view');
  assert.equal(entry?.actor, 'op-nord');
  assert.equal(entry?.target, cam);
});

test('an export across a gap: covered parts, the gap named, SHA-256 matching, creation and download journaled', async () => {
  const from = T0 + 5_000;
  const to = T0 + 58_000;
  const r = await sup.req('POST', `/api/cameras/${cam}/exports`, {
    from: iso(from),
    to: iso(to),
    reason: 'réquisition OPJ 2026/117',
  });
  assert.equal(r.status, 201, r.text);
  const m = r.json;
  assert.deepEqual(m.gaps, [{ from: iso(T0 + 30_000), to: iso(T0 + 50_000) }]);
  assert.deepEqual(
    m.covered.map((c: any) => [c.from, c.to, c.offsetSeconds]),
    [
      [iso(T0 + 5_000), iso(T0 + 30_000), 0],
      [iso(T0 + 50_000), iso(to), 25],
    ],
  );
  assert.equal(m.exportedBy, 'sup-nord');
  assert.equal((await sup.req('GET', `/api/exports/${m.id}`)).json.sha256, m.sha256);
  const dl = await fetch(`${t.base}/api/exports/${m.id}.mp4`, { headers: { cookie: sup.cookie } });
  assert.equal(dl.status, 200);
  const body = Buffer.from(await dl.arrayBuffer());
  assert.equal(body.length, m.bytes);
  assert.equal(createHash('sha256').update(body).digest('hex'), m.sha256);
  assert.equal(dl.headers.get('x-vigie-sha256'), m.sha256);
  const onDisk = join(t.dataDir, 'exports', `${m.id}.mp4`);
  assert.equal(createHash('sha256').update(readFileSync(onDisk)).digest('hex'), m.sha256);
  assert.ok(
    Math.abs(probe(onDisk).durationS - m.durationSeconds) <= GOP_MS / 1000,
    'the file is as long as the covered ranges',
  );
  assert.equal(JSON.parse(readFileSync(join(t.dataDir, 'exports', `${m.id}.json`), 'utf8')).sha256, m.sha256);
  const [created] = await journal('export.create');
  assert.equal(JSON.parse(created!.details).sha256, m.sha256);
  assert.equal((await journal('export.download'))[0]?.actor, 'sup-nord');
});

test('scope and rights: another sector gets 404, operators cannot export nor hold', async () => {
  const range = q(T0, T0 + 20_000);
  for (const path of [`/api/cameras/${cam}/playback.mp4?${range}`, `/api/cameras/${cam}/recordings?${range}`])
    assert.equal((await opSud.req('GET', path)).status, 404, path);
  const exp = await opNord.req('POST', `/api/cameras/${cam}/exports`, {
    from: iso(T0),
    to: iso(T0 + 5000),
    reason: 'x-123',
  });
  assert.equal(exp.status, 403);
  const hold = await opNord.req('POST', `/api/cameras/${cam}/holds`, {
    from: iso(T0),
    to: iso(T0 + 5000),
    reason: 'PV 42',
  });
  assert.equal(hold.status, 403);
  assert.equal((await opNord.req('GET', `/api/cameras/${cam}/holds`)).status, 403, 'operators do not see holds');
  const supSud = await t.user('sup-sud', 'supervisor', ['sud']);
  assert.equal((await supSud.req('GET', `/api/cameras/${cam}/holds`)).status, 404);
  assert.equal((await supSud.req('POST', `/api/cameras/${cam}/exports`, {})).status, 404);
  const list = (await sup.req('GET', `/api/cameras/${cam}/holds`)).json;
  assert.equal(
    (await supSud.req('POST', `/api/cameras/${cam}/holds`, { from: iso(T0), to: iso(T0 + 5000), reason: 'PV 42' }))
      .status,
    404,
  );
  assert.deepEqual((await sup.req('GET', `/api/cameras/${cam}/holds`)).json, list, 'nothing was created');
});

test('ranges are validated with the field named; an empty range is a 404', async () => {
  const get = (query: string) => opNord.req('GET', `/api/cameras/${cam}/playback.mp4?${query}`);
  const bad = [
    [q(T0 + 5000, T0), 'query.to: must be after from'],
    [q(T0, T0 + 25 * 3_600_000), 'query.to: the range may span at most 24 h'],
    [`from=yesterday&to=${iso(T0)}`, 'query.from'],
    [`from=${iso(T0)}`, 'query.to'],
  ];
  for (const [query, msg] of bad) {
    const r = await get(query!);
    assert.equal(r.status, 400, query);
    assert.ok(r.json.message.includes(msg!), `${query}: ${r.json.message}`);
  }
  const none = await get(q(T0 + 31_000, T0 + 49_000));
  assert.equal(none.status, 404);
  assert.match(none.json.message, /recordings of camera CAM-N/);
  const tl = (await opNord.req('GET', `/api/cameras/${cam}/recordings?${q(T0 - SEG_MS, T0 + 60_000)}`)).json;
  assert.deepEqual(tl.covered, [
    { from: iso(T0), to: iso(T0 + 30_000) },
    { from: iso(T0 + 50_000), to: iso(T0 + 60_000) },
  ]);
  assert.equal(tl.gaps.length, 2);
});

test('holds: supervisors create, list and release them, journaled; a reason is required', async () => {
  const path = `/api/cameras/${cam}/holds`;
  const noReason = await sup.req('POST', path, { from: iso(T0), to: iso(T0 + 20_000) });
  assert.equal(noReason.status, 400);
  assert.match(noReason.json.message, /body\.reason/);
  const future = await sup.req('POST', path, { from: iso(T0), to: iso(t.clock.t + 86_400_000), reason: 'PV 1/2026' });
  assert.equal(future.status, 400);
  assert.match(future.json.message, /^to: must not be in the future/);
  const r = await sup.req('POST', path, { from: iso(T0), to: iso(T0 + 20_000), reason: 'réquisition 2026/118' });
  assert.equal(r.status, 201, r.text);
  assert.equal((await sup.req('GET', `${path}?active=true`)).json.length, 1);
  assert.equal((await opSud.req('POST', `/api/holds/${r.json.id}/release`)).status, 403);
  const rel = await sup.req('POST', `/api/holds/${r.json.id}/release`, { note: 'case closed' });
  assert.equal(rel.status, 200, rel.text);
  assert.equal(rel.json.releasedBy, 'sup-nord');
  assert.equal((await sup.req('POST', `/api/holds/${r.json.id}/release`, {})).status, 409);
  assert.equal((await journal('hold.create'))[0]?.actor, 'sup-nord');
  assert.equal(JSON.parse((await journal('hold.release'))[0]!.details).note, 'case closed');
});

test('retention purges an export with its footage, unless a hold covers it; the manifest stays', async () => {
  const { exports, holds, retention } = t.centre.services;
  const m = await exports.create(SYSTEM, cam, T0, T0 + 8000, 'PV 2026/120');
  const hold = await holds.create(SYSTEM, cam, { fromMs: T0 + 1000, toMs: T0 + 2000, reason: 'PV 2026/120' });
  t.clock.advance(31 * 86_400_000);
  assert.equal((await retention.runOnce()).exports, 1, 'the earlier export, not held, goes');
  assert.equal((await exports.get(SYSTEM, m.id)).purgedAt, null, 'held: kept');
  await holds.release(SYSTEM, hold.id);
  assert.equal((await retention.runOnce()).exports, 1);
  assert.ok((await exports.get(SYSTEM, m.id)).purgedAt);
  await assert.rejects(exports.download(SYSTEM, m.id), { status: 410 });
});
