// The segment index from media time, with real ffmpeg files made the way the recorder makes them (fragmented MP4,
// one fragment per keyframe): durations from what the file holds, cut files flagged partial with what plays, no
// overlaps between consecutive segments, and a crash's in-progress files salvaged rather than thrown away.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { LocalDiskStorage } from '../../src/adapters/storage/local-disk.js';
import { openSqliteStore } from '../../src/adapters/store/sqlite.js';
import type { Store } from '../../src/core/ports/store.js';
import { RecordingIndex } from '../../src/core/recordings/recorder-index.js';
import { readFmp4Timing } from '../../src/media/ffmpeg/fmp4-timing.js';
import { fileInspector } from '../../src/media/ffmpeg/inspector.js';
import { probeMedia } from '../../src/media/ffmpeg/media-file.js';

const base = mkdtempSync(join(tmpdir(), 'vigie-segidx-'));
const root = join(base, 'rec');
let store: Store;
let index: RecordingIndex;
let storage: LocalDiskStorage;
const CAM = 'IDX';
const T0 = Date.UTC(2026, 11, 4, 10, 0, 0);
/** A 4 s recorder-style segment: 25 fps, a keyframe (and a fragment) each second. */
const SRC = join(base, 'seg4s.mp4');

before(async () => {
  execFileSync('ffmpeg', [
    ...['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25', '-t', '4'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-pix_fmt', 'yuv420p'],
    ...['-f', 'mp4', '-movflags', 'frag_keyframe+empty_moov+default_base_moof', SRC],
  ]);
});
beforeEach(async () => {
  await store?.close();
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, CAM, '.incoming'), { recursive: true });
  store = await openSqliteStore(join(base, `db-${Date.now()}-${Math.random()}.db`));
  storage = new LocalDiskStorage(root);
  index = new RecordingIndex(store, storage, fileInspector());
});
after(async () => {
  await store?.close();
  rmSync(base, { recursive: true, force: true });
});

/** A copy of the source in the incoming folder, optionally cut to a share of its bytes. */
function incoming(name: string, share = 1): string {
  const f = join(root, CAM, '.incoming', name);
  copyFileSync(SRC, f);
  if (share < 1) truncateSync(f, Math.floor(statSync(f).size * share));
  return f;
}

const segs = () => store.segments.range(CAM, 0, Number.MAX_SAFE_INTEGER);

/** Decodes the whole file: true when ffmpeg reads it without an error. */
function playsCleanly(file: string): boolean {
  try {
    execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-xerror', '-i', file, '-f', 'null', '-'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

test('a closed segment is indexed with the media time it holds, not the span the recorder listed', async () => {
  const whole = await index.indexClosed({
    cameraId: CAM,
    file: incoming('IDX_1_aa.mp4'),
    startMs: T0,
    endMs: T0 + 4030,
  });
  assert.equal(whole!.endMs - whole!.startMs, 4000);
  assert.equal(whole!.partial, undefined, 'listed and held agree within a frame: whole');
  // Listed 1.3 s longer than the file holds (the disk filled between two fragments): indexed as held, flagged.
  const start = T0 + 60_000;
  const short = await index.indexClosed({
    cameraId: CAM,
    file: incoming('IDX_2_aa.mp4'),
    startMs: start,
    endMs: start + 5300,
  });
  assert.equal(short!.endMs - short!.startMs, 4000);
  assert.equal(short!.partial, true);
  const probe = await probeMedia(join(root, short!.path));
  assert.ok(Math.abs(probe!.durationSec * 1000 - 4000) < 50, `file holds ${probe!.durationSec} s`);
});

test('a segment cut mid-fragment (write failed) is repaired, flagged partial, indexed with what plays', async () => {
  const file = incoming('IDX_3_aa.mp4', 0.62);
  const playable = (await readFmp4Timing(file))!;
  assert.ok(playable.truncated && playable.declaredSec > playable.durationSec, JSON.stringify(playable));
  const seg = await index.indexClosed({ cameraId: CAM, file, startMs: T0, endMs: T0 + 4000 });
  assert.equal(seg!.partial, true);
  const held = seg!.endMs - seg!.startMs;
  // ffprobe on the cut file would say 4 s (what its fragments announce); only ~2.5 s is on disk.
  assert.ok(held < 3000 && Math.abs(held - playable.durationSec * 1000) <= 80, `indexed ${held} ms`);
  const abs = join(root, seg!.path);
  const probe = await probeMedia(abs);
  assert.ok(Math.abs(probe!.durationSec * 1000 - held) < 50, `repaired file ${probe!.durationSec} s, indexed ${held}`);
  assert.ok(playsCleanly(abs), 'the repaired file decodes without an error');
  assert.ok(!existsSync(file), 'nothing left in the incoming folder');
});

test('consecutive segments never overlap: a later start within 2 s of the previous end is moved to it', async () => {
  const a = await index.indexClosed({ cameraId: CAM, file: incoming('IDX_4_aa.mp4'), startMs: T0, endMs: T0 + 4000 });
  // The wall-clock anchor moved back 600 ms between the two: the second would start inside the first.
  const b = await index.indexClosed({
    cameraId: CAM,
    file: incoming('IDX_5_aa.mp4'),
    startMs: T0 + 3400,
    endMs: T0 + 7400,
  });
  assert.equal(b!.startMs, a!.endMs);
  assert.equal(b!.endMs - b!.startMs, 4000, 'its duration is kept');
  const list = await segs();
  for (let i = 1; i < list.length; i++) assert.ok(list[i]!.startMs >= list[i - 1]!.endMs, 'no overlap');
});

test('after a crash, in-progress files are salvaged: whole ones kept, cut ones repaired, only empty ones removed', async () => {
  // The last listed segment, then the files open at the crash (named by whole seconds: they overlap it by 900 ms).
  await index.indexClosed({ cameraId: CAM, file: incoming('IDX_9_aa.mp4'), startMs: T0 - 3100, endMs: T0 + 900 });
  const sec = T0 / 1000;
  incoming(`IDX_${sec}_b1.mp4`); // closed by SIGTERM: whole
  incoming(`IDX_${sec + 10}_b2.mp4`, 0.62); // cut mid-fragment
  incoming(`IDX_${sec + 20}_b3.mp4`, 0.2); // cut inside its first fragment: a few frames remain
  const empty = join(root, CAM, '.incoming', `IDX_${sec + 30}_b4.mp4`);
  copyFileSync(SRC, empty);
  truncateSync(empty, readFileSync(SRC).indexOf('moof') - 4); // ftyp + moov, no fragment: nothing to keep
  const report = await index.reconcile();
  assert.deepEqual(
    { indexed: report.indexed, repaired: report.repaired, discarded: report.discarded, partial: report.partial },
    { indexed: 1, repaired: 2, discarded: 1, partial: 2 },
  );
  const list = await segs();
  assert.equal(list.length, 4);
  assert.equal(list[1]!.startMs, list[0]!.endMs, 'the salvaged file starts where the last listed one ended');
  assert.equal(list[1]!.endMs - list[1]!.startMs, 4000);
  assert.equal(list[1]!.partial, undefined);
  for (const s of list.slice(2)) assert.equal(s.partial, true);
  for (const s of list) {
    const probe = await probeMedia(join(root, s.path));
    assert.ok(
      probe && Math.abs(probe.durationSec * 1000 - (s.endMs - s.startMs)) < 50,
      `${s.path}: file ${probe?.durationSec} s, indexed ${s.endMs - s.startMs} ms`,
    );
  }
  for (let i = 1; i < list.length; i++) assert.ok(list[i]!.startMs >= list[i - 1]!.endMs, 'no overlap');
  const left = [];
  for await (const rel of storage.list()) if (rel.includes('.incoming/')) left.push(rel);
  assert.deepEqual(left, [], 'the incoming folder is empty');
});

test('a leftover holding whole fragments but less than its recorder passed on is flagged partial', async () => {
  const sec = T0 / 1000;
  const cut = await index.recoverLeftover(CAM, incoming(`IDX_${sec}_c1.mp4`), 5500);
  assert.deepEqual([cut.indexed, cut.partial], [1, 1]);
  const whole = await index.recoverLeftover(CAM, incoming(`IDX_${sec + 60}_c2.mp4`), 3800);
  assert.deepEqual([whole.indexed, whole.partial], [1, 0], 'progress reports lag: less recorded than held is whole');
  const list = await segs();
  assert.deepEqual(
    list.map((s) => [s.endMs - s.startMs, s.partial]),
    [
      [4000, true],
      [4000, undefined],
    ],
  );
});
