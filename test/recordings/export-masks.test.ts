// Privacy masks on exports and playback: a camera's private areas are burned into the exported file and the played
// stream (re-encoded), never a copy of the raw recording; the export's manifest says so, its SHA-256 is the masked file's.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { SYSTEM } from '../../src/core/users/principal.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';
import { iso, makeSegments, placeSegment } from './helpers.js';

let t: TestCentre;
let sup: Client;
let T0: number;
const cam = 'CAM-M';
let files: string[] = [];

before(async () => {
  t = await startCentre();
  const { fleet, store } = t.centre.services;
  await fleet.upsertSector(SYSTEM, { id: 'nord', name: 'nord' });
  await fleet.create(SYSTEM, {
    id: cam,
    name: 'masked',
    sectorId: 'nord',
    streams: { main: 'rtsp://h/x' },
    phase: 'pilot',
    status: 'active',
    tags: [],
  });
  T0 = t.clock.t - 3_600_000;
  files = makeSegments(2);
  const root = join(t.dataDir, 'recordings');
  for (const [i, offset] of [0, 10_000].entries()) await placeSegment(store, root, cam, T0 + offset, files[i]!);
  sup = await t.user('sup-nord', 'supervisor', ['nord']);
});
after(async () => {
  await t?.stop();
  if (files[0]) rmSync(dirname(files[0]), { recursive: true, force: true });
});

/** One frame (at `seekS`), gray 96x54: the brightest pixel of its left part (x < 28) and of its right part (x > 36). */
function leftAndRightMax(file: string, seekS?: number): { left: number; right: number } {
  const seek = seekS === undefined ? [] : ['-ss', String(seekS)];
  const args = ['-nostdin', '-v', 'error', ...seek, '-i', file, '-frames:v', '1', '-vf', 'scale=96:54'];
  const px = execFileSync('ffmpeg', [...args, '-f', 'rawvideo', '-pix_fmt', 'gray', '-']);
  let left = 0;
  let right = 0;
  for (let y = 0; y < 54; y++) {
    for (let x = 0; x < 96; x++) {
      if (x < 28) left = Math.max(left, px[y * 96 + x]!);
      else if (x > 36) right = Math.max(right, px[y * 96 + x]!);
    }
  }
  return { left, right };
}

test('an export of a camera with privacy masks has them burned in (re-encoded), the manifest says so', async () => {
  const admin = await t.user('admin-masks', 'admin');
  // The left third of the picture is private (say, the windows of a house).
  const left = [
    [0, 0],
    [0.33, 0],
    [0.33, 1],
    [0, 1],
  ];
  const put = await admin.req('PUT', `/api/cameras/${cam}/analytics`, {
    enabled: false,
    privacyMasks: [{ name: 'house', points: left }],
  });
  assert.equal(put.status, 200, put.text);
  try {
    const r = await sup.req('POST', `/api/cameras/${cam}/exports`, {
      from: iso(T0 + 2_000),
      to: iso(T0 + 12_000),
      reason: 'PV 2026/130',
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.privacyMasks, 1);
    assert.match(r.json.note, /privacy masks are burned in/);
    const file = join(t.dataDir, 'exports', `${r.json.id}.mp4`);
    assert.equal(createHash('sha256').update(readFileSync(file)).digest('hex'), r.json.sha256);
    // The masked third is black, the test pattern shows in the rest.
    const exported = leftAndRightMax(file, 3);
    assert.ok(exported.left < 40, `masked area max ${exported.left}`);
    assert.ok(exported.right > 150, `unmasked area max ${exported.right}`);
    // Playback of the same range is masked too.
    const pb = await fetch(`${t.base}/api/cameras/${cam}/playback.mp4?from=${iso(T0 + 2_000)}&to=${iso(T0 + 12_000)}`, {
      headers: { cookie: sup.cookie },
    });
    assert.equal(pb.status, 200);
    const pbFile = join(dirname(files[0]!), 'playback.mp4');
    writeFileSync(pbFile, Buffer.from(await pb.arrayBuffer()));
    const played = leftAndRightMax(pbFile);
    assert.ok(played.left < 40, `playback: masked area max ${played.left}`);
  } finally {
    await admin.req('PUT', `/api/cameras/${cam}/analytics`, { enabled: false, privacyMasks: [] });
  }
});

test('without masks an export stays a stream copy', async () => {
  const r = await sup.req('POST', `/api/cameras/${cam}/exports`, {
    from: iso(T0 + 2_000),
    to: iso(T0 + 12_000),
    reason: 'PV 2026/131',
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.privacyMasks, 0);
  assert.match(r.json.note, /Stream copy/);
});
