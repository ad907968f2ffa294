// Playback and export load (issue 18 item 10): concurrency limits per user and per centre with a 429 naming the
// limit, and a masked camera's playback re-encoded once per range, whoever watches and however many at once.
import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { SYSTEM } from '../../src/core/users/principal.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';
import { iso, makeSegments, placeSegment } from './helpers.js';

let t: TestCentre;
let T0: number;
let files: string[] = [];
const tools = mkdtempSync(join(tmpdir(), 'vigie-ffmpeg-log-'));
const log = join(tools, 'calls.log');
const cacheDir = join(tools, 'cache');

/** Every ffmpeg the centre starts for clips, one line each: the real count of processes, not a counter of ours. */
const encodes = () =>
  existsSync(log)
    ? readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l.includes('libx264')).length
    : 0;

before(async () => {
  const wrapper = join(tools, 'ffmpeg');
  writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> '${log}'\nexec ffmpeg "$@"\n`);
  chmodSync(wrapper, 0o755);
  t = await startCentre({
    config: {
      ingest: { ffmpegPath: wrapper },
      clips: { playbackPerUser: 2, playbackPerCentre: 3, exportsPerUser: 1, maskedCacheDir: cacheDir },
    },
  });
  const { fleet, store } = t.centre.services;
  await fleet.upsertSector(SYSTEM, { id: 'nord', name: 'nord' });
  for (const id of ['CAM-L', 'CAM-MASK'])
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
  files = makeSegments(3);
  const root = join(t.dataDir, 'recordings');
  for (const cam of ['CAM-L', 'CAM-MASK'])
    for (const [i, offset] of [0, 10_000, 20_000].entries())
      await placeSegment(store, root, cam, T0 + offset, files[i]!);
  const admin = await t.user('admin', 'admin');
  const left = [
    [0, 0],
    [0.33, 0],
    [0.33, 1],
    [0, 1],
  ];
  const put = await admin.req('PUT', '/api/cameras/CAM-MASK/analytics', {
    enabled: false,
    privacyMasks: [{ name: 'house', points: left }],
  });
  assert.equal(put.status, 200, put.text);
});
after(async () => {
  await t?.stop();
  rmSync(tools, { recursive: true, force: true });
  if (files[0]) rmSync(dirname(files[0]), { recursive: true, force: true });
});

const range = (from = 0, to = 30_000) => `from=${iso(T0 + from)}&to=${iso(T0 + to)}`;
const play = (c: Client, cam = 'CAM-L', r = range()) =>
  fetch(`${t.base}/api/cameras/${cam}/playback.mp4?${r}`, { headers: { cookie: c.cookie } });

/** Reads every body (so every ffmpeg ends), then waits for the slots to come back. */
async function drain(responses: Response[]) {
  await Promise.all(responses.map((r) => r.arrayBuffer()));
  for (let i = 0; i < 100 && t.centre.services.playback.running() !== 0; i++)
    await new Promise((r) => setTimeout(r, 20));
}

test('N+1 parallel playbacks by one user: N play, the extra gets 429 naming the per-user limit', async () => {
  const op = await t.user('op-a', 'operator', ['nord']);
  const res = await Promise.all([play(op), play(op), play(op)]);
  const codes = res.map((r) => r.status).sort();
  assert.deepEqual(codes, [200, 200, 429]);
  const refused = res.find((r) => r.status === 429)!;
  assert.match(
    ((await refused.json()) as { message: string }).message,
    /too many playbacks at once: at most 2 per user/,
  );
  await drain(res.filter((r) => r.status === 200));
  // Slots come back when the clips end: the same user plays again.
  const again = await play(op);
  assert.equal(again.status, 200);
  await drain([again]);
});

test('past the centre limit, a 429 names it; others still play once slots free', async () => {
  const users = await Promise.all(['op-b', 'op-c', 'op-d', 'op-e'].map((u) => t.user(u, 'operator', ['nord'])));
  // Ranges nobody played yet: a cached file is served without holding a slot for long, so the four would not overlap.
  const res = await Promise.all(users.map((u, i) => play(u, 'CAM-L', range(300 + i * 700, 27_000 - i * 900))));
  assert.deepEqual(res.map((r) => r.status).sort(), [200, 200, 200, 429]);
  const refused = res.find((r) => r.status === 429)!;
  assert.match(((await refused.json()) as { message: string }).message, /maximum of 3 playbacks at once/);
  await drain(res.filter((r) => r.status === 200));
  const after = await play(users[3]!);
  assert.equal(after.status, 200);
  await drain([after]);
});

test('exports are limited per user too (429), and free their slot when done', async () => {
  const sup = await t.user('sup-x', 'supervisor', ['nord']);
  const body = { from: iso(T0), to: iso(T0 + 20_000), reason: 'PV 2026/140' };
  const res = await Promise.all([
    sup.req('POST', '/api/cameras/CAM-L/exports', body),
    sup.req('POST', '/api/cameras/CAM-L/exports', body),
  ]);
  assert.deepEqual(res.map((r) => r.status).sort(), [201, 429]);
  assert.match(res.find((r) => r.status === 429)!.json.message, /too many exports at once: at most 1 per user/);
  assert.equal((await sup.req('POST', '/api/cameras/CAM-L/exports', body)).status, 201);
});

test('two viewers of one masked range at once: one ffmpeg re-encode, the same bytes, cached 0600', async () => {
  const [a, b] = await Promise.all([t.user('op-m1', 'operator', ['nord']), t.user('op-m2', 'operator', ['nord'])]);
  const before = encodes();
  // Every playback is cached now (seekable files); the unmasked ones of the tests above are there already.
  const mp4s = () => readdirSync(cacheDir).filter((f) => f.endsWith('.mp4'));
  const cachedBefore = mp4s().length;
  const r = range(2_000, 22_000);
  const res = await Promise.all([play(a, 'CAM-MASK', r), play(b, 'CAM-MASK', r)]);
  assert.deepEqual(
    res.map((x) => x.status),
    [200, 200],
  );
  const [x, y] = await Promise.all(res.map(async (x) => Buffer.from(await x.arrayBuffer())));
  assert.ok(x!.length > 1000);
  assert.ok(x!.equals(y!), 'both viewers got the same re-encoded clip');
  assert.equal(encodes() - before, 1);
  // A later viewer is served from the cache: still one encode; another range is a new one.
  const third = await play(a, 'CAM-MASK', r);
  assert.ok(Buffer.from(await third.arrayBuffer()).equals(x!));
  assert.equal(encodes() - before, 1);
  const other = await play(b, 'CAM-MASK', range(0, 10_000));
  // Drained: the slot comes back once the encode is whole and renamed into the cache.
  await drain([other]);
  assert.equal(encodes() - before, 2);
  const cached = mp4s();
  assert.equal(cached.length - cachedBefore, 2);
  assert.equal(statSync(join(cacheDir, cached[0]!)).mode & 0o777, 0o600);
  assert.equal(statSync(cacheDir).mode & 0o777, 0o700);
});
