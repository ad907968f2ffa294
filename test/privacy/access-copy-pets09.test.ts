// An anonymised copy for a right-of-access request, through the product path (API → service → copy file) on 40 s
// of PETS09 recorded as the recorder would: the supervisor clicks one ground-truth person, the copy keeps them clear
// where the tracker had them and pixelates every other person; figures from gt.txt, read off the copy file itself.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SYSTEM } from '../../src/core/users/principal.js';
import { datasetPath, hasDataset } from '../../src/eval/datasets/paths.js';
import { requesterIn } from '../../src/eval/report/access-copy-eval.js';
import { gtByFrame, scoreCopy } from '../../src/eval/report/access-copy-score.js';
import { iso, placeSegment } from '../recordings/helpers.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';

const CLIP = datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4');
const skip = hasDataset('pets09-s2l1', 'PETS09-S2L1.mp4') ? false : 'PETS09 not in ../shared/datasets';
const W = 768;
const H = 576;
const FPS = 7;
const SECONDS = 40;
const cam = 'PETS-1';

let t: TestCentre;
let sup: Client;
let T0: number;
const work = mkdtempSync(join(tmpdir(), 'vigie-copy-pets-'));

/** PETS09's first 40 s cut into 10 s fragmented-MP4 segments by stream copy (keyframes every 2 s), as recorded. */
function segments(): string[] {
  execFileSync('ffmpeg', [
    ...['-nostdin', '-v', 'error', '-i', CLIP, '-t', String(SECONDS), '-map', '0:v', '-c', 'copy'],
    ...['-f', 'segment', '-segment_time', '10', '-reset_timestamps', '1', '-segment_format', 'mp4'],
    ...['-segment_format_options', 'movflags=+frag_keyframe+empty_moov+default_base_moof', join(work, 'seg_%03d.mp4')],
  ]);
  return readdirSync(work)
    .filter((f) => f.startsWith('seg_'))
    .sort()
    .map((f) => join(work, f));
}

before(async () => {
  if (skip) return;
  t = await startCentre({ config: { ingest: { enabled: false } } });
  const { fleet, store } = t.centre.services;
  await fleet.upsertSector(SYSTEM, { id: 'nord', name: 'Nord' });
  await fleet.create(SYSTEM, {
    id: cam,
    name: 'PETS09 square',
    sectorId: 'nord',
    streams: { main: 'rtsp://127.0.0.1:9/none' },
    phase: 'pilot',
    status: 'active',
    tags: [],
  });
  T0 = t.clock.t - 2 * 3_600_000;
  const root = join(t.dataDir, 'recordings');
  for (const [i, f] of segments().entries()) await placeSegment(store, root, cam, T0 + i * 10_000, f);
  sup = await t.user('sup-nord', 'supervisor', ['nord']);
});
after(async () => {
  await t?.stop();
  rmSync(work, { recursive: true, force: true });
});

test('an access copy on PETS09 keeps the requester clear and hides everyone else; its hash is the file', {
  skip,
}, async () => {
  const gt = gtByFrame(readFileSync(datasetPath('pets09-s2l1', 'gt.txt'), 'utf8'));
  // The person seen in most pictures of the window, clicked where they stand clear of everyone else.
  const who = requesterIn(gt, 1, SECONDS * FPS)!;
  const created = await sup.req('POST', '/api/access-requests', {
    reference: 'DPO-2026-PETS',
    receivedOn: new Date(t.clock.t).toISOString().slice(0, 10),
    cameraIds: [cam],
    from: iso(T0),
    to: iso(T0 + SECONDS * 1000),
    description: 'dark jacket, crossing the square',
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  const id = created.json.id as string;
  // The supervisor clicks the middle of the person on the picture shown at that time.
  const at = iso(T0 + Math.round(((who.n - 1) * 1000) / FPS));
  const [x, y, w, h] = who.box;
  const shown = await sup.req('GET', `/api/access-requests/${id}/tracks?cameraId=${cam}&at=${encodeURIComponent(at)}`);
  assert.equal(shown.status, 200, JSON.stringify(shown.json));
  assert.ok(shown.json.tracks.length >= 2, 'several tracked people on the picture');
  const picked = await sup.req('POST', `/api/access-requests/${id}/picks`, {
    cameraId: cam,
    at,
    point: [(x + w / 2) / W, (y + h / 2) / H],
  });
  assert.equal(picked.status, 201, JSON.stringify(picked.json));
  assert.ok(picked.json.segments.length >= 1);
  const made = await sup.req('POST', `/api/access-requests/${id}/copies`, { cameraId: cam });
  assert.equal(made.status, 201, JSON.stringify(made.json));
  const m = made.json;
  assert.equal(m.reference, 'DPO-2026-PETS');
  assert.equal(m.madeBy, 'sup-nord');
  assert.ok(m.frames >= SECONDS * FPS - 2, `${m.frames} pictures`);
  assert.ok((m.blurred.boxesPerClass.person ?? 0) > m.frames, 'other people hidden on most pictures');
  // Downloaded: the bytes hash to the manifest's SHA-256.
  const res = await fetch(`${t.base}/api/access-requests/${id}/copies/${m.id}/file.mp4`, {
    headers: { cookie: sup.cookie },
  });
  assert.equal(res.status, 200);
  const bytes = Buffer.from(await res.arrayBuffer());
  const file = join(work, 'copy.mp4');
  writeFileSync(file, bytes);
  assert.equal(createHash('sha256').update(bytes).digest('hex'), m.sha256);
  assert.equal(res.headers.get('x-vigie-sha256'), m.sha256);
  const f = await scoreCopy({
    copyFile: file,
    sourceFile: CLIP,
    width: W,
    height: H,
    fps: FPS,
    expectedStart: 0,
    gt,
    requesterId: who.id,
    kept: m.keptPictures,
    cellPx: m.blurred.cellPx,
  });
  console.log(JSON.stringify({ requester: who.id, pickedAt: who.n, keptFrames: m.keptFrames, ...f }));
  assert.equal(f.offset, 0, 'copy picture 0 is source picture 0');
  assert.ok(f.alignmentError < 3, `block means match the source (${f.alignmentError})`);
  assert.ok(f.requesterFrames >= 40, `the tracker had the requester on ${f.requesterFrames} pictures`);
  assert.ok(f.requesterClearShare >= 0.95, `requester clear on ${f.requesterClearShare} of their pictures`);
  assert.ok(f.otherPersonFrames >= 500, `${f.otherPersonFrames} person-frames of others`);
  assert.ok(f.othersCoveredShare >= 0.99, `others covered on ${f.othersCoveredShare} of person-frames`);
  // Journaled: the pick, the copy, the download; the answer names the copy.
  const journal = async (action: string) => (await t.centre.services.store.audit.search({ action, limit: 10 })).length;
  assert.equal(await journal('access_request.pick'), 1);
  assert.equal(await journal('access_request.copy'), 1);
  assert.equal(await journal('access_request.copy_download'), 1);
  const answered = await sup.req('POST', `/api/access-requests/${id}/steps`, { step: 'answer', copyIds: [m.id] });
  assert.equal(answered.status, 200, JSON.stringify(answered.json));
  assert.deepEqual(answered.json.history.at(-1).copies, [m.id]);
});
