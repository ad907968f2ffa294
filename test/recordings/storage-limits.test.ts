// Issue 18 (items 1 and 3), rule by rule over the API: what a hold must cover and say, the holds cap, the exports'
// own budget and retention, failed exports, who sees the storage alarms, and health.
import assert from 'node:assert/strict';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseConfig } from '../../src/config/load.js';
import { SYSTEM } from '../../src/core/users/principal.js';
import { Client, startCentre, type TestCentre } from '../support/centre.js';
import { iso, makeSegments, placeSegment, SEG_MS } from './helpers.js';

const MiB = 1024 * 1024;
const DAY = 86_400_000;
let t: TestCentre;
let sup: Client;
let T0: number;
let files: string[] = [];
const cams = ['LIM-1', 'LIM-2', 'LIM-3'];

before(async () => {
  // A 64 MiB recordings budget: the holds cap is 12.8 MiB (20 %); exports get 4 MiB and 1 day; segments ~0.8 MB.
  t = await startCentre({
    config: {
      recordings: { maxBytes: 64 * MiB, holdsMaxPercent: 20 },
      exports: { maxBytes: 4 * MiB, retentionDays: 1 },
      // The budget is what is under test here, not the concurrency limits (test/recordings/load-limits.test.ts).
      clips: { exportsPerUser: 20, exportsPerCentre: 20 },
      ingest: { enabled: false },
      analytics: { enabled: false },
    },
  });
  const { fleet, store } = t.centre.services;
  for (const id of ['nord', 'sud']) await fleet.upsertSector(SYSTEM, { id, name: id });
  // A lawful fleet: health is about storage here, not about cameras filming without a video_protection basis.
  await t.authorise();
  for (const id of cams)
    await fleet.create(SYSTEM, {
      id,
      name: id,
      sectorId: 'nord',
      streams: { main: 'rtsp://h/x' },
      phase: 'pilot',
      status: 'active',
      tags: [],
    });
  T0 = t.clock.t - 3_600_000;
  files = makeSegments(4);
  for (const cam of cams)
    for (let i = 0; i < 12; i++)
      await placeSegment(store, join(t.dataDir, 'recordings'), cam, T0 + i * SEG_MS, files[i % 4]!);
  sup = await t.user('sup-lim', 'supervisor', ['nord']);
});
after(async () => {
  await t?.stop();
  if (files[0]) rmSync(dirname(files[0]), { recursive: true, force: true });
});

const hold = (cam: string, from: number, to: number, reason = 'réquisition OPJ 2026/117') =>
  sup.req('POST', `/api/cameras/${cam}/holds`, { from: iso(from), to: iso(to), reason });

test('a hold needs a meaningful reason and recorded footage within the legal reach: clear 400s', async () => {
  const cases: [ReturnType<typeof hold>, RegExp][] = [
    [hold('LIM-1', T0, T0 + 5000, 'PV 42'), /reason: give the legal reference in at least 8 characters/],
    [hold('LIM-1', T0, T0 + 5000, 'aaaaaaaaaa'), /reason: "aaaaaaaaaa" is not a reference/],
    [hold('LIM-1', T0, T0 + 5000, '----------'), /reason: must contain letters or digits/],
    [hold('LIM-1', 0, T0 + 5000), /from: must be within the legal retention reach \(30 days/],
    [hold('LIM-1', T0 - 7200_000, T0 - 3600_000), /no recorded footage of camera LIM-1 between/],
    [hold('LIM-1', T0, t.clock.t + 3600_000), /to: must not be in the future/],
  ];
  for (const [res, message] of cases) {
    const r = await res;
    assert.equal(r.status, 400, r.text);
    assert.match(r.json.message, message);
  }
  assert.equal((await t.centre.services.store.holds.active()).length, 0, 'none was created');
});

test('holds past their share of the budget are refused with what is held and the cap, even in parallel', async () => {
  const { store, storageWatch } = t.centre.services;
  const segBytes = (await store.segments.range('LIM-1', T0, T0 + SEG_MS))[0]!.bytes;
  const cap = (await storageWatch.budget.figures()).holdsCap;
  assert.equal(cap, Math.floor((64 * MiB * 20) / 100));
  // One segment per hold, all at once: the cap holds whatever the interleaving.
  const tries = cams.flatMap((cam) => Array.from({ length: 12 }, (_, i) => ({ cam, i })));
  const res = await Promise.all(tries.map(({ cam, i }) => hold(cam, T0 + i * SEG_MS + 1000, T0 + i * SEG_MS + 2000)));
  const ok = res.filter((r) => r.status === 201).length;
  const refused = res.filter((r) => r.status === 409);
  assert.equal(
    ok + refused.length,
    res.length,
    JSON.stringify(res.find((r) => r.status !== 201 && r.status !== 409)?.json),
  );
  assert.equal(ok, Math.min(tries.length, Math.floor(cap / segBytes)), `${ok} holds of ${segBytes} B under ${cap} B`);
  assert.ok(refused.length > 0, `the ${segBytes} B segments overflow the cap`);
  assert.match(
    refused[0]!.json.message,
    /^holds cap reached: active holds keep [\d.]+ [kM]B of footage; this one would bring it to [\d.]+ [kM]B, past the cap of 13\.4 MB \(20 % of the 67\.1 MB recordings budget, recordings\.holdsMaxPercent\)/,
  );
  const held = await storageWatch.budget.heldBytes();
  assert.ok(held <= cap, `held ${held} ≤ cap ${cap}`);
  // A hold over footage already held costs nothing more: accepted at the cap.
  const first = (await store.holds.active())[0]!;
  assert.equal((await hold(first.cameraId, first.fromMs, first.toMs)).status, 201);
  // Releasing makes room again.
  for (const h of await store.holds.active())
    assert.equal((await sup.req('POST', `/api/holds/${h.id}/release`, {})).status, 200);
  assert.equal((await hold('LIM-1', T0, T0 + 5000)).status, 201);
});

test('exports have their own budget: past it 507 saying so, nothing written; retention by their own days', async () => {
  const dir = join(t.dataDir, 'exports');
  // Holds would keep their exports past retention: none here.
  for (const h of await t.centre.services.store.holds.active()) await t.centre.services.holds.release(SYSTEM, h.id);
  const exp = (cam: string, from: number, to: number) =>
    sup.req('POST', `/api/cameras/${cam}/exports`, { from: iso(from), to: iso(to), reason: 'PV 2026/300' });
  const made: string[] = [];
  let refused: Awaited<ReturnType<typeof exp>> | undefined;
  for (let i = 0; i < 12 && !refused; i++) {
    const r = await exp(cams[i % 3]!, T0 + i * SEG_MS, T0 + (i + 1) * SEG_MS);
    if (r.status === 201) made.push(r.json.id);
    else refused = r;
  }
  assert.ok(made.length >= 1, `some exports fit: ${refused?.text}`);
  assert.equal(refused?.status, 507, refused?.text);
  assert.match(
    refused!.json.message,
    /^export budget full: exports use [\d.]+ [kM]B of their 4\.2 MB budget \(exports\.maxBytes\)/,
  );
  assert.deepEqual(
    readdirSync(dir)
      .filter((f) => f.endsWith('.mp4'))
      .sort(),
    made.map((id) => `${id}.mp4`).sort(),
    'no file for the refused export',
  );
  // Two days on, the exports are past their own day (the footage, 30 days, is not): the files go, manifests stay.
  t.clock.advance(2 * DAY);
  try {
    assert.equal((await t.centre.services.retention.runOnce()).exports, made.length);
    // (Sessions expire over two days: the services are asked directly.)
    assert.ok((await t.centre.services.exports.get(SYSTEM, made[0]!)).purgedAt, 'purged, the manifest kept');
    const [entry] = await t.centre.services.store.audit.search({ action: 'retention.delete', limit: 1 });
    assert.equal(JSON.parse(entry!.details).reason, 'export_age');
  } finally {
    t.clock.advance(-2 * DAY);
  }
  sup = new Client(t.base);
  assert.equal((await sup.login('sup-lim')).status, 200);
  assert.equal((await exp('LIM-1', T0, T0 + SEG_MS)).status, 201, 'room again');
  // Many at once: each reserves its footage's bytes, so together they stay within the budget.
  const burst = await Promise.all(
    cams.flatMap((c) => [0, 1, 2].map((i) => exp(c, T0 + i * SEG_MS, T0 + (i + 1) * SEG_MS))),
  );
  const statuses = burst.map((r) => r.status);
  assert.ok(statuses.includes(201) && statuses.includes(507), JSON.stringify(statuses));
  assert.equal(statuses.filter((x) => x !== 201 && x !== 507).length, 0, JSON.stringify(statuses));
  const f = await t.centre.services.storageWatch.budget.figures();
  assert.ok(f.exportsBytes <= f.exportsLimit, `${f.exportsBytes} B of exports within ${f.exportsLimit} B`);
  // Room for the next test: past their day, the exports go.
  t.clock.advance(2 * DAY);
  await t.centre.services.retention.runOnce();
  t.clock.advance(-2 * DAY);
  assert.ok((await t.centre.services.storageWatch.budget.figures()).exportsBytes < MiB / 4, 'only manifests left');
});

test('a failed export answers with its cause and leaves no half file', async () => {
  sup = new Client(t.base);
  assert.equal((await sup.login('sup-lim')).status, 200);
  const { store } = t.centre.services;
  const seg = (await store.segments.range('LIM-3', T0 + 100_000, T0 + 110_000))[0]!;
  writeFileSync(join(t.dataDir, 'recordings', seg.path), Buffer.alloc(4096, 7));
  const before = readdirSync(join(t.dataDir, 'exports')).length;
  const r = await sup.req('POST', `/api/cameras/LIM-3/exports`, {
    from: iso(seg.startMs),
    to: iso(seg.endMs),
    reason: 'PV 2026/301',
  });
  assert.equal(r.status, 500, r.text);
  assert.equal(r.json.error, 'export_failed');
  assert.match(r.json.message, /^export failed, nothing was kept: ffmpeg exit \d+: .*moov atom not found/);
  assert.doesNotMatch(r.json.message, /\/tmp\/|\/recordings\//, 'no server path in the message');
  assert.equal(readdirSync(join(t.dataDir, 'exports')).length, before, 'no half file left');
});

test('storage warnings are centre-wide alarms of rising priority, seen by supervisors of any sector, not operators', async () => {
  const { alarms, store } = t.centre.services;
  await alarms.idle();
  // The holds above crossed 50, 80 and 95 % of their cap: one warning per level, each of a higher severity.
  const warnings = (await store.events.search({ kinds: ['storage'], limit: 50 }))
    .filter((e) => e.details.reason === 'warning' && e.details.measure === 'holds')
    .reverse();
  assert.deepEqual(
    warnings.map((w) => w.details.severity),
    ['medium', 'high', 'critical'],
  );
  const supSud = await t.user('sup-sud', 'supervisor', ['sud']);
  const op = await t.user('op-nord', 'operator', ['nord']);
  for (const c of [sup, supSud]) {
    const r = await c.req('GET', '/api/alarms?kind=storage');
    assert.equal(r.json.items.length, 1, r.text);
    assert.equal(r.json.items[0].priority, 'critical', 'each warning raised the one alarm');
    assert.ok(r.json.items[0].eventCount >= 3);
    assert.equal((await c.req('GET', `/api/alarms/${r.json.items[0].id}`)).status, 200);
    assert.equal((await c.req('GET', '/api/alarms/stats?kind=storage')).status, 200);
  }
  assert.equal((await op.req('GET', '/api/alarms?kind=storage')).json.items.length, 0);
});

test('health says degraded with the reason when a camera that should record has not for a minute', async () => {
  const c = await t.user('admin-lim', 'admin');
  const h0 = await c.req('GET', '/api/health');
  assert.equal(h0.json.status, 'ok', h0.text);
  const ingest = t.centre.services.ingest;
  const all = ingest.all;
  ingest.all = () => [
    {
      cameraId: 'LIM-2',
      state: 'offline',
      since: Date.now() - 120_000,
      fps: 0,
      bitrateKbps: 0,
      lastFrameAt: null,
      restarts: 4,
      lastError: 'connection refused',
      segments: 0,
    },
  ];
  try {
    const h = await c.req('GET', '/api/health');
    assert.equal(h.status, 200);
    assert.deepEqual([h.json.status, h.json.reasons], ['degraded', ['1 camera(s) not recording: LIM-2']]);
  } finally {
    ingest.all = all;
  }
});

test('config: exports have their own keys, described; unknown ones and retention past the legal cap are refused', () => {
  const c = parseConfig({});
  assert.deepEqual([c.exports.retentionDays, c.exports.maxBytes, c.recordings.holdsMaxPercent], [30, undefined, 20]);
  assert.throws(() => parseConfig({ exports: { retentionDays: 31 } }), /30 days/);
  assert.throws(() => parseConfig({ exports: { size: 1 } }), /size/);
});
