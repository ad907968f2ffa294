// Issue 18 (items 1 and 3): on a small volume made by the test, cameras record while a supervisor keeps adding
// holds and exports through the API. Recording never stops, holds and exports past their caps are refused with the
// reason, warnings come first (an alarm the supervisor sees), and login and hold release still work at the end.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CameraSimulator } from '../../src/media/simulator/simulator.js';
import { placeSegment } from '../recordings/helpers.js';
import { Client, PASSWORD, startCentre, type TestCentre } from '../support/centre.js';
import { addSimulatedCameras } from '../support/sim-cameras.js';

const MiB = 1024 * 1024;
const VOLUME = 150 * MiB;
const CAMS = ['SP-1', 'SP-2', 'SP-3'];
const RESERVE = 4 * MiB;
const sim = new CameraSimulator({ port: 0 });
const base = mkdtempSync(join(tmpdir(), 'vigie-pressure-'));
const vol = join(base, 'vol');
let mounted = false;
let t: TestCentre;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const iso = (ms: number) => new Date(ms).toISOString();
const free = () => {
  const s = statfsSync(vol);
  return s.bavail * s.bsize;
};

before(async () => {
  mkdirSync(vol);
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${VOLUME}`, 'tmpfs', vol], { encoding: 'utf8' });
  mounted = m.status === 0;
  // No skip: without a real small filesystem this test proves nothing, so it fails and says why.
  if (!mounted) throw new Error(`could not mount a ${VOLUME / MiB} MiB tmpfs on ${vol} (run as root): ${m.stderr}`);
  await sim.start(CAMS.map((id) => ({ id })));
  // Everything on the one small volume: database, recordings, exports, the store's reserve.
  t = await startCentre({
    config: {
      dataDir: vol,
      recordings: {
        segmentSeconds: 2,
        // No interval pass after the first: only the checks made as segments close can keep the budget.
        retentionCheckSeconds: 3600,
        highWaterPercent: 90,
        lowWaterPercent: 80,
        minFreePercent: 5,
        holdsMaxPercent: 20,
        storeReserveBytes: RESERVE,
      },
      exports: { maxBytes: 16 * MiB },
      ingest: { stallSeconds: 3, backoffInitialMs: 300, backoffMaxMs: 1000 },
      analytics: { enabled: false },
    },
  });
  // Footage is timed by the wall clock: the centre's clock must be too (holds may not reach into the future).
  t.clock.now = () => Date.now();
});
after(async () => {
  await t?.stop();
  await sim.stop();
  if (mounted) spawnSync('umount', [vol]);
  rmSync(base, { recursive: true, force: true });
});

test('holds and exports never stop recording: refused past their caps with the reason, warned first, login works', async () => {
  const { store, fleet } = t.centre.services;
  await addSimulatedCameras(fleet, sim, CAMS, 'gare');
  // Earlier footage (1 MB per 10 s, 6 h ago, within retention) fills the recordings to ~88.5 % of their budget once the
  // store reserve is made: live recording soon crosses the 90 % high water.
  const src = join(base, 'old.mp4');
  execFileSync('ffmpeg', [
    ...['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-t', '4'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-b:v', '2M', '-f', 'mp4', src],
  ]);
  const f0 = await t.centre.services.storageWatch.budget.figures();
  const oldStart = Date.now() - 6 * 3600_000;
  const placed: number[] = [];
  for (
    let i = 0;
    (await t.centre.services.storageWatch.budget.figures()).recordingsBytes < f0.recordingsLimit * 0.885 - RESERVE;
    i++
  ) {
    const cam = CAMS[i % CAMS.length]!;
    const startMs = oldStart + Math.floor(i / CAMS.length) * 10_000;
    await placeSegment(store, join(vol, 'recordings'), cam, startMs, src);
    placed.push(startMs);
  }
  const lastOld = placed.at(-1)!;
  const admin = await t.user('admin-sp', 'admin');
  const sup = await t.user('sup-gare', 'supervisor', ['gare']);
  await t.centre.start();
  const started = Date.now();

  // Newest segment per camera, sampled every second: recording must keep advancing on every camera.
  const newest = new Map<string, number[]>(CAMS.map((c) => [c, []]));
  let minFree = Number.POSITIVE_INFINITY;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      minFree = Math.min(minFree, free());
      for (const c of CAMS) {
        const segs = await store.segments.range(c, Date.now() - 60_000, Date.now() + 60_000);
        newest.get(c)!.push(segs.at(-1)?.endMs ?? 0);
      }
      await sleep(1000);
    }
  })();
  await sleep(6000);

  // The supervisor holds 30 s of earlier footage per camera every second (newest first: retention eats the
  // oldest), and exports 20 s every other second.
  const holdsDone: { at: number; status: number; message?: string }[] = [];
  const exportsDone: { at: number; status: number; message?: string }[] = [];
  const holdIds: string[] = [];
  for (let i = 0; i < 24; i++) {
    const cam = CAMS[i % CAMS.length]!;
    const to = lastOld - Math.floor(i / CAMS.length) * 30_000;
    const h = await sup.req('POST', `/api/cameras/${cam}/holds`, {
      from: iso(to - 30_000),
      to: iso(to),
      reason: `réquisition OPJ 2026/${100 + i}`,
    });
    holdsDone.push({ at: Date.now(), status: h.status, message: h.json?.message });
    if (h.status === 201) holdIds.push(h.json.id);
    if (i % 2 === 0) {
      const from = oldStart + 90_000 + (i / 2) * 20_000; // past what disk pressure deletes first
      const e = await sup.req('POST', `/api/cameras/${cam}/exports`, {
        from: iso(from),
        to: iso(from + 20_000),
        reason: `réquisition 2026/${200 + i}`,
      });
      exportsDone.push({ at: Date.now(), status: e.status, message: e.json?.message });
    }
    await sleep(1000);
  }
  await sleep(4000);
  sampling = false;
  await sampler;

  // Figures.
  const f = await t.centre.services.storageWatch.budget.figures();
  const held = await t.centre.services.storageWatch.budget.heldBytes();
  const count = (xs: { status: number }[], s: number) => xs.filter((x) => x.status === s).length;
  const events = (await store.events.search({ kinds: ['storage'], limit: 100 })).reverse();
  const warnings = events.filter((e) => e.details.reason === 'warning');
  const refusals = [...holdsDone, ...exportsDone].filter((x) => x.status === 409 || x.status === 507);
  const firstRefusal = Math.min(...refusals.map((x) => x.at));
  const deletions = await store.audit.search({ action: 'retention.delete', limit: 100 });
  const byDisk = deletions
    .map((e) => ({ ...JSON.parse(e.details), at: Date.parse(e.at) }))
    .filter((d) => d.reason === 'disk');
  const stalls = CAMS.map((c) => {
    const xs = newest.get(c)!.filter((x) => x > 0);
    let longest = 0;
    let since = 0;
    for (let i = 1; i < xs.length; i++) {
      since = xs[i]! > xs[i - 1]! ? 0 : since + 1;
      longest = Math.max(longest, since);
    }
    return { camera: c, samples: xs.length, longestStallS: longest, advancedBy: (xs.at(-1)! - xs[0]!) / 1000 };
  });
  console.log(
    JSON.stringify(
      {
        volumeMiB: f.volumeBytes / MiB,
        recordingsMiB: +(f.recordingsBytes / MiB).toFixed(1),
        recordingsLimitMiB: +(f.recordingsLimit / MiB).toFixed(1),
        heldMiB: +(held / MiB).toFixed(1),
        holdsCapMiB: +(f.holdsCap / MiB).toFixed(1),
        exportsMiB: +(f.exportsBytes / MiB).toFixed(1),
        exportsLimitMiB: +(f.exportsLimit / MiB).toFixed(1),
        minFreeMiB: +(minFree / MiB).toFixed(1),
        floorMiB: +(f.floorBytes / MiB).toFixed(1),
        deletedByDisk: {
          passes: byDisk.length,
          MiB: +(byDisk.reduce((n, d) => n + d.bytes, 0) / MiB).toFixed(1),
          secondsAfterStart: byDisk.map((d) => (d.at - started) / 1000),
        },
        holds: {
          created: count(holdsDone, 201),
          refused: count(holdsDone, 409),
          other: holdsDone.length - count(holdsDone, 201) - count(holdsDone, 409),
        },
        exports: {
          created: count(exportsDone, 201),
          refused: count(exportsDone, 507),
          other: exportsDone.length - count(exportsDone, 201) - count(exportsDone, 507),
        },
        warnings: warnings.map((e) => `${e.details.measure} ${e.details.percent}% → ${e.details.severity}`),
        stalls,
      },
      null,
      1,
    ),
  );

  // Refused past the caps, with the reason; nothing else went wrong.
  assert.ok(
    count(holdsDone, 201) >= 3 && count(holdsDone, 409) >= 1,
    `holds created then refused: ${JSON.stringify(holdsDone.map((h) => h.status))}`,
  );
  assert.equal(
    count(holdsDone, 201) + count(holdsDone, 409),
    holdsDone.length,
    JSON.stringify(holdsDone.filter((h) => h.status !== 201 && h.status !== 409)),
  );
  const holdNo = holdsDone.find((h) => h.status === 409)!;
  assert.match(holdNo.message!, /holds cap reached: active holds keep [\d.]+ MB .* cap of [\d.]+ MB \(20 %/);
  assert.ok(
    count(exportsDone, 201) >= 2 && count(exportsDone, 507) >= 1,
    `exports created then refused: ${JSON.stringify(exportsDone)}`,
  );
  assert.equal(
    count(exportsDone, 201) + count(exportsDone, 507),
    exportsDone.length,
    JSON.stringify(exportsDone.filter((e) => e.status !== 201 && e.status !== 507)),
  );
  assert.match(
    exportsDone.find((e) => e.status === 507)!.message!,
    /export budget full: exports use [\d.]+ MB of their [\d.]+ MB budget/,
  );
  assert.ok(held <= f.holdsCap, `held ${held} within the cap ${f.holdsCap}`);
  assert.ok(f.exportsBytes <= f.exportsLimit, `exports ${f.exportsBytes} within their budget ${f.exportsLimit}`);

  // Warned first: a storage warning before the first refusal, as an alarm the (sector-scoped) supervisor sees.
  assert.ok(warnings.length >= 2, `warnings: ${warnings.length}`);
  assert.ok(warnings[0]!.startedAt < firstRefusal, 'a warning came before the first refusal');
  assert.ok(
    warnings.some(
      (w) => w.details.measure === 'holds' && Number(w.details.percent) < 100 && w.startedAt < firstRefusal,
    ),
  );
  await t.centre.services.alarms.idle();
  const alarms = await sup.req('GET', '/api/alarms?kind=storage');
  assert.equal(alarms.status, 200, alarms.text);
  assert.ok(alarms.json.items.length >= 1, 'the supervisor sees the storage alarm');
  assert.ok(
    ['high', 'critical'].includes(alarms.json.items[0].priority),
    `priority rose: ${alarms.json.items[0].priority}`,
  );
  const ops = await t.user('op-gare', 'operator', ['gare']);
  assert.equal((await ops.req('GET', '/api/alarms?kind=storage')).json.items.length, 0, 'operators are not bothered');

  // Recording never stopped: every camera's newest segment kept advancing (2 s segments; a stall of 8 s fails).
  for (const s of stalls) {
    assert.ok(s.samples >= 30, `${s.camera}: ${s.samples} samples`);
    assert.ok(s.longestStallS <= 8, `${s.camera}: newest segment stalled ${s.longestStallS} s`);
  }
  assert.ok(
    byDisk.some((d) => d.at > started + 3000),
    `retention deleted unheld footage as segments closed (the interval pass is an hour): ${JSON.stringify(byDisk.map((d) => d.at - started))}`,
  );
  assert.ok(minFree >= f.floorBytes * 0.5, `free space never fell far under the floor: ${minFree} vs ${f.floorBytes}`);

  // The store still writes: a fresh login, a hold release, health answers.
  const again = new Client(t.base);
  assert.equal((await again.login('admin-sp', PASSWORD)).status, 200);
  const rel = await admin.req('POST', `/api/holds/${holdIds[0]}/release`, { note: 'case closed' });
  assert.equal(rel.status, 200, rel.text);
  const health = await again.req('GET', '/api/health');
  assert.equal(health.status, 200);
  console.log(`health: ${JSON.stringify(health.json)}`);
});
