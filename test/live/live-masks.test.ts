// Live view of a camera with privacy masks: the private area is masked in the fMP4 the viewer receives (re-encoded
// once per camera, not per viewer); cameras without masks stay stream copies (the other live tests).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';
import { startMini } from './support/cameras.js';
import { addCameras, type LiveSocket, openLive } from './support/live-centre.js';
import { until } from './support/viewer.js';

let t: TestCentre;
let cams: Awaited<ReturnType<typeof startMini>>;
let admin: Client;
const dir = mkdtempSync(join(tmpdir(), 'vigie-live-masks-'));
const sockets: LiveSocket[] = [];

before(async () => {
  cams = await startMini(1, { width: 320, height: 180 });
  t = await startCentre({ config: { ingest: { enabled: false } } });
  await addCameras(t, [{ id: 'CAM-M', name: 'Masked', sectorId: 'nord', url: cams.url(0) }]);
  admin = await t.user('admin', 'admin');
});
after(async () => {
  for (const s of sockets) s.ws.terminate();
  await t?.stop();
  await cams?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A frame of the received fMP4 (init + fragments), gray 64x36. */
function firstFrame(s: LiveSocket): Buffer {
  const file = join(dir, `live-${Date.now()}.mp4`);
  writeFileSync(file, Buffer.concat(s.binaries));
  return execFileSync('ffmpeg', [
    '-nostdin',
    '-v',
    'error',
    '-i',
    file,
    '-frames:v',
    '1',
    '-vf',
    'scale=64:36',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'gray',
    '-',
  ]);
}

test('the live picture of a masked camera is masked before it leaves the centre', { timeout: 60_000 }, async () => {
  // The right half is private.
  const right = [
    [0.5, 0],
    [1, 0],
    [1, 1],
    [0.5, 1],
  ];
  const put = await admin.req('PUT', '/api/cameras/CAM-M/analytics', {
    enabled: false,
    privacyMasks: [{ name: 'garden', points: right }],
  });
  assert.equal(put.status, 200, put.text);
  const s = await openLive(admin, 'CAM-M');
  sockets.push(s);
  await until('fragments', () => s.binaries.length > 10, 30_000);
  const px = firstFrame(s);
  let rightMax = 0;
  let leftMax = 0;
  for (let y = 0; y < 36; y++) {
    for (let x = 0; x < 64; x++) {
      if (x > 34) rightMax = Math.max(rightMax, px[y * 64 + x]!);
      if (x < 28) leftMax = Math.max(leftMax, px[y * 64 + x]!);
    }
  }
  assert.ok(rightMax < 40, `masked half max ${rightMax}`);
  assert.ok(leftMax > 100, `open half max ${leftMax}`);
  s.ws.close();
});
