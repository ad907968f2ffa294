// Recorded footage is blurred in playback like live (issue 21): an operator playing back a PETS09 range gets people
// pixelated, and the timeline's thumbnail too; with a reveal of that camera in force, the same range plays clear.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SYSTEM } from '../../src/core/users/principal.js';
import { datasetPath, hasDataset } from '../../src/eval/datasets/paths.js';
import { alignFrame, boxCoverage, cellStats, cellsOf, pixelatedCells } from '../../src/eval/metrics/blur-coverage.js';
import { groupByFrame, parseMot } from '../../src/eval/metrics/mot-format.js';
import { cellSizeFor } from '../../src/media/frames/pixelate.js';
import { placeSegment } from '../recordings/helpers.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';

const DIR = datasetPath('pets09-s2l1');
const skip = hasDataset('pets09-s2l1', 'PETS09-S2L1.mp4') ? false : 'PETS09 not in ../shared/datasets';
const W = 768;
const H = 576;
/** The recorded segment: PETS09 from 20 s on (frame 141 of the ground truth), 10 s, 1 s GOP like a camera. */
const FIRST = 140;
const cam = 'CAM-P';
const tmp = mkdtempSync(join(tmpdir(), 'vigie-playback-blur-'));
let t: TestCentre;
let op: Client;
let T0: number;

before(async () => {
  if (skip) return;
  t = await startCentre({ config: { live: { privacy: 'blur' } } });
  const { fleet, store } = t.centre.services;
  await fleet.upsertSector(SYSTEM, { id: 'gare', name: 'Gare' });
  await fleet.create(SYSTEM, {
    id: cam,
    name: 'Parvis',
    sectorId: 'gare',
    streams: { main: 'rtsp://h/x' },
    phase: 'pilot',
    status: 'active',
    tags: [],
  });
  const seg = join(tmp, 'seg.mp4');
  execFileSync('ffmpeg', [
    ...['-nostdin', '-v', 'error', '-ss', String(FIRST / 7), '-i', join(DIR, 'PETS09-S2L1.mp4'), '-t', '10'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-g', '7', '-bf', '0', '-an'],
    ...['-movflags', '+frag_keyframe+empty_moov+default_base_moof', seg],
  ]);
  T0 = t.clock.t - 3_600_000;
  await placeSegment(store, join(t.dataDir, 'recordings'), cam, T0, seg);
  op = await t.user('op-gare', 'operator', ['gare']);
});
after(async () => {
  await t?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const iso = (ms: number) => new Date(ms).toISOString();

let n = 0;
/** Gray pictures of an encoded file (or JPEG), given as bytes (written aside: an MP4 is read from a file) or a path. */
function grayOf(input: Buffer | string, w: number, h: number): Uint8Array[] {
  let file = input as string;
  if (typeof input !== 'string') {
    file = join(tmp, `in-${++n}`);
    writeFileSync(file, input);
  }
  const r = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], {
    maxBuffer: 1 << 30,
  });
  assert.equal(r.status, 0, String(r.stderr));
  const size = w * h;
  return Array.from(
    { length: r.stdout.length / size },
    (_, i) => new Uint8Array(r.stdout.subarray(i * size, (i + 1) * size)),
  );
}

/** The source frames around the segment, as cell statistics (to align a played picture and judge its cells). */
const source = (() => {
  if (skip) return [];
  const frames = grayOf(join(DIR, 'PETS09-S2L1.mp4'), W, H).slice(FIRST - 10, FIRST + 90);
  return frames.map((f) => cellStats(f, W, H, cellsOf(W, H, cellSizeFor(W, H))));
})();
const gt = skip ? new Map() : groupByFrame(parseMot(readFileSync(join(DIR, 'gt.txt'), 'utf8')).filter((r) => r.score));

/** Of the pictures 3 s and more into the clip: share of GT person boxes ≥ 90 % pixelated, and of pixelated cells. */
function judge(mp4: Buffer) {
  const g = cellsOf(W, H, cellSizeFor(W, H));
  let boxes = 0;
  let hidden = 0;
  let share = 0;
  const pics = grayOf(mp4, W, H).slice(21);
  assert.ok(pics.length >= 30, `${pics.length} pictures`);
  for (const pic of pics) {
    const st = cellStats(pic, W, H, g);
    const { index, diff } = alignFrame(
      st.means,
      source.map((s) => s.means),
      undefined,
    );
    assert.ok(diff < 3, `picture aligned to its source frame (diff ${diff})`);
    const cells = pixelatedCells(st.stds, source[index]!.stds);
    share += cells.reduce((a, b) => a + b, 0) / cells.length;
    for (const row of gt.get(FIRST - 10 + index + 1) ?? []) {
      const c = boxCoverage(row.box, cells, g, W, H);
      if (c === null) continue;
      boxes++;
      if (c >= 0.9) hidden++;
    }
  }
  return { recall: hidden / boxes, share: share / pics.length, boxes };
}

/** What a playback.view journal entry says the viewer saw. */
const privacyOf = (e: { details?: unknown } | undefined) =>
  (typeof e?.details === 'string' ? JSON.parse(e.details) : (e?.details ?? {})).privacy;

async function play(expect: 'blurred' | 'clear'): Promise<Buffer> {
  const res = await fetch(`${t.base}/api/cameras/${cam}/playback.mp4?from=${iso(T0)}&to=${iso(T0 + 8000)}`, {
    headers: { cookie: op.cookie },
  });
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(res.headers.get('x-vigie-privacy'), expect);
  return Buffer.from(await res.arrayBuffer());
}

async function thumbnail(): Promise<Uint8Array> {
  const res = await fetch(`${t.base}/api/cameras/${cam}/thumbnail?at=${iso(T0 + 5000)}`, {
    headers: { cookie: op.cookie },
  });
  assert.equal(res.status, 200, await res.clone().text());
  return grayOf(Buffer.from(await res.arrayBuffer()), 320, 240)[0]!;
}

/** Share of a 320x240 thumbnail's 8 px cells that are flat (the blurred thumbnail's mosaic). */
function flatThumbCells(pic: Uint8Array): number {
  const st = cellStats(pic, 320, 240, cellsOf(320, 240, 8));
  return st.stds.reduce((n, s) => n + (s <= 2 ? 1 : 0), 0) / st.stds.length;
}

test('an operator plays back people pixelated (thumbnail too); with a reveal in force, clear', {
  skip,
  timeout: 240_000,
}, async () => {
  const blurred = judge(await play('blurred'));
  assert.ok(blurred.boxes >= 100, `${blurred.boxes} boxes`);
  assert.ok(blurred.recall >= 0.95, `blurred playback: ${JSON.stringify(blurred)}`);
  assert.ok(blurred.share > 0.05 && blurred.share < 0.6, `people hidden, not the whole picture: ${blurred.share}`);
  const [view] = await t.centre.services.store.audit.search({ action: 'playback.view', limit: 1 });
  assert.equal(privacyOf(view), 'blurred');
  assert.ok(flatThumbCells(await thumbnail()) > 0.9, 'blurred thumbnail: a mosaic');

  const r = await op.req('POST', `/api/live/${cam}/reveal`, { reason: 'bagarre signalée sur le parvis' });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  const clear = judge(await play('clear'));
  assert.ok(clear.recall < 0.05, `revealed playback is clear: ${JSON.stringify(clear)}`);
  assert.ok(clear.share < 0.05, `revealed playback: ${clear.share} pixelated`);
  const [again] = await t.centre.services.store.audit.search({ action: 'playback.view', limit: 1 });
  assert.equal(privacyOf(again), 'clear');
  assert.ok(flatThumbCells(await thumbnail()) < 0.3, 'revealed thumbnail keeps its detail');
});

test('an export (a requisition) of the same range stays clear in a blurring centre', {
  skip,
  timeout: 120_000,
}, async () => {
  const sup = await t.user('sup-gare', 'supervisor', ['gare']);
  const r = await sup.req('POST', `/api/cameras/${cam}/exports`, {
    from: iso(T0),
    to: iso(T0 + 8000),
    reason: 'PV 2026/212',
  });
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.note, /Stream copy/);
  const exported = judge(readFileSync(join(t.dataDir, 'exports', `${r.json.id}.mp4`)));
  assert.ok(exported.recall < 0.05 && exported.share < 0.05, `export is clear: ${JSON.stringify(exported)}`);
});
