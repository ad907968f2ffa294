// Seams of issue 21's live settings, end to end: live.privacy and live.revealSeconds read from a vigie.yaml, a
// camera's and a sector's privacy set by PATCH, and a reveal, each seen where it acts: the WebSocket's init message
// and the pictures themselves (PETS09 through the camera simulator; pixelated cells are flat 16x16 cells).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import { datasetPath, hasDataset } from '../../src/eval/datasets/paths.js';
import { CameraSimulator } from '../../src/media/simulator/simulator.js';
import { addCameras, type LiveSocket, openLive } from '../live/support/live-centre.js';
import { until } from '../live/support/viewer.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';
import { flatShare, grayFrames } from './support/pixels.js';

const CLIP = datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4');
const skip = hasDataset('pets09-s2l1', 'PETS09-S2L1.mp4') ? false : 'PETS09 not in ../shared/datasets';
const W = 640;
const H = 480;

let sim: CameraSimulator;
let t: TestCentre;
let op: Client;
let admin: Client;
const dir = mkdtempSync(join(tmpdir(), 'vigie-live-privacy-'));
const sockets: LiveSocket[] = [];

before(async () => {
  if (skip) return;
  sim = new CameraSimulator({ port: 0, footage: CLIP, sub: { width: W, height: H } });
  await sim.start(1);
  // The settings as an operator writes them in vigie.yaml.
  const file = join(dir, 'vigie.yaml');
  writeFileSync(file, 'live:\n  privacy: blur\n  revealSeconds: 2\n');
  const live = loadConfig(file, {}).live;
  t = await startCentre({ config: { live } });
  t.centre.services.live.recheckMs = 500;
  const url = sim.urls(sim.ids()[0]!).sub;
  await addCameras(t, [
    { id: 'CAM-A', name: 'Place A', sectorId: 'nord', url },
    { id: 'CAM-B', name: 'Place B', sectorId: 'sud', url },
  ]);
  op = await t.user('operator1', 'operator', ['nord', 'sud']);
  admin = await t.user('admin', 'admin');
});
after(async () => {
  for (const s of sockets) s.ws.terminate();
  await t?.stop();
  await sim?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function watch(c: Client, id: string) {
  const s = await openLive(c, id);
  sockets.push(s);
  return s;
}

/** The init message, then `n` fragments' pictures (decoded gray); the socket is closed afterwards. */
async function pictures(c: Client, id: string, n = 8) {
  const s = await watch(c, id);
  await until(`${n} fragments of ${id}`, () => s.binaries.length > n, 60_000);
  s.ws.close();
  await s.closed;
  const init = s.texts.find((m) => m.type === 'init')!;
  return { init, frames: grayFrames(Buffer.concat(s.binaries), W, H) };
}

test('live.privacy: blur from vigie.yaml: the init says blurred, the pictures leave the centre pixelated', {
  skip,
}, async () => {
  const s = await watch(op, 'CAM-A');
  // The first blurred stream loads the detector in the pool's worker: seconds on a busy machine.
  await until('blurred fragments', () => s.binaries.length > 8, 120_000);
  // While it runs, health and metrics count the blurred stream.
  const health = await op.req('GET', '/api/health');
  assert.equal(health.json.liveBlur.streams, 1, health.text);
  const metrics = await op.req('GET', '/metrics');
  assert.match(metrics.text, /^vigie_live_blurred_streams 1$/m);
  s.ws.close();
  await s.closed;
  const init = s.texts.find((m) => m.type === 'init')!;
  assert.equal(init.privacy, 'blurred');
  assert.equal(init.revealUntil, null);
  const frames = grayFrames(Buffer.concat(s.binaries), W, H);
  assert.ok(frames.length >= 5, `${frames.length} pictures`);
  // The first second is hidden whole (no background model yet): nothing of a person can have left clear.
  for (const f of frames.slice(0, 3)) assert.ok(flatShare(f, W, 0, 0, W, H) > 0.95, 'all flat cells');
  const [start] = await t.centre.services.store.audit.search({ action: 'live.view_start', limit: 1 });
  assert.equal(JSON.parse(start!.details).privacy, 'blurred', 'the view is journaled as blurred');
});

test('a camera PATCHed to privacy off is served clear (init off, detailed pictures); an open blurred view is told to reconnect', {
  skip,
}, async () => {
  const open = await watch(op, 'CAM-A');
  await until('the blurred view runs', () => open.binaries.length > 2, 60_000);
  const r = await admin.req('PATCH', '/api/cameras/CAM-A', { privacy: 'off' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.privacyEffective, 'off');
  const closed = await open.closed;
  assert.deepEqual(closed, { code: 4001, reason: 'privacy changed' });
  const { init, frames } = await pictures(op, 'CAM-A');
  assert.equal(init.privacy, 'off');
  for (const f of frames.slice(0, 3)) assert.ok(flatShare(f, W, 0, 0, W, H) < 0.3, 'the camera’s detail, not cells');
  await admin.req('PATCH', '/api/cameras/CAM-A', { privacy: 'inherit' });
});

test('a sector PATCHed to privacy off serves its inheriting cameras clear; a camera set to blur stays blurred', {
  skip,
}, async () => {
  assert.equal((await admin.req('PATCH', '/api/sectors/sud', { privacy: 'off' })).status, 200);
  const clear = await pictures(op, 'CAM-B');
  assert.equal(clear.init.privacy, 'off');
  assert.ok(flatShare(clear.frames[0]!, W, 0, 0, W, H) < 0.3, 'detailed');
  assert.equal((await admin.req('PATCH', '/api/cameras/CAM-B', { privacy: 'blur' })).status, 200);
  const blurred = await pictures(op, 'CAM-B');
  assert.equal(blurred.init.privacy, 'blurred');
  assert.ok(flatShare(blurred.frames[0]!, W, 0, 0, W, H) > 0.95, 'pixelated');
});

test('privacy masks still apply on a blurred feed: the masked half black, the rest pixelated', { skip }, async () => {
  const right = [
    [0.5, 0],
    [1, 0],
    [1, 1],
    [0.5, 1],
  ];
  const put = await admin.req('PUT', '/api/cameras/CAM-B/analytics', {
    enabled: false,
    privacyMasks: [{ name: 'garden', points: right }],
  });
  assert.equal(put.status, 200, put.text);
  // Masks are read when a feed (re)starts: the previous test's feed idles 5 s before it stops.
  await new Promise((r) => setTimeout(r, 6500));
  const { init, frames } = await pictures(op, 'CAM-B', 3);
  assert.equal(init.privacy, 'blurred');
  const f = frames[0]!;
  let rightMax = 0;
  let leftSum = 0;
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      if (x >= W / 2 + 16) rightMax = Math.max(rightMax, f[y * W + x]!);
      if (x < W / 2 - 16) leftSum += f[y * W + x]!;
    }
  assert.ok(rightMax < 40, `masked half max ${rightMax}`);
  assert.ok(leftSum / ((W / 2 - 16) * H) > 40, 'the other half is not masked');
  assert.ok(flatShare(f, W, 0, 0, W / 2 - 16, H) > 0.95, 'and pixelated');
});

test('live.revealSeconds: 2 from vigie.yaml: the revealed view is clear, closed with 4001 after ~2 s, blurred again', {
  skip,
}, async () => {
  // A clear feed starts with its first revealed viewer: on a busy machine its first picture may come after 2 s. The
  // relay stays up 5 s after its last viewer, so a second reveal at once gets pictures at once.
  let seen: LiveSocket | undefined;
  for (let attempt = 0; attempt < 3 && !seen; attempt++) {
    const posted = Date.now();
    const rev = await op.req('POST', '/api/live/CAM-A/reveal', { reason: 'a person fell near the fountain' });
    assert.equal(rev.status, 201, rev.text);
    assert.equal(Date.parse(rev.json.until) - Date.parse(rev.json.from), 2000);
    const s = await watch(op, 'CAM-A');
    const closed = await s.closed;
    const lasted = Date.now() - posted;
    assert.deepEqual(closed, { code: 4001, reason: 'reveal ended' });
    assert.ok(lasted >= 1800 && lasted < 3500, `closed after ${lasted} ms`);
    const init = s.texts.find((m) => m.type === 'init');
    if (!init) continue;
    assert.equal(init.privacy, 'clear');
    assert.equal(init.revealUntil, rev.json.until);
    if (s.binaries.length > 1) seen = s;
  }
  assert.ok(seen, 'a revealed view got pictures');
  const frames = grayFrames(Buffer.concat(seen.binaries), W, H);
  assert.ok(frames.length > 0, 'pictures came while revealed');
  assert.ok(flatShare(frames[0]!, W, 0, 0, W, H) < 0.3, 'clear while revealed');
  const ends = await t.centre.services.store.audit.search({ action: 'live.reveal_end', limit: 5 });
  assert.equal(JSON.parse(ends[0]!.details).how, 'expired');
  // The client reconnects: blurred again.
  const again = await pictures(op, 'CAM-A', 3);
  assert.equal(again.init.privacy, 'blurred');
  assert.ok(flatShare(again.frames[0]!, W, 0, 0, W, H) > 0.95);
});

test('DELETE of the reveal closes the clear view with 4001 at once', { skip }, async () => {
  assert.equal((await op.req('POST', '/api/live/CAM-A/reveal', { reason: 'checking the bench' })).status, 201);
  // Open (the reveal lasts 2 s here): ended by the DELETE, well before its time runs out.
  const s = await watch(op, 'CAM-A');
  const asked = Date.now();
  assert.equal((await op.req('DELETE', '/api/live/CAM-A/reveal')).status, 204);
  assert.deepEqual(await s.closed, { code: 4001, reason: 'reveal ended' });
  assert.ok(Date.now() - asked < 1000, 'at once, not at the reveal’s end');
});
