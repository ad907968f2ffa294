// A real full disk under a recording camera (a small tmpfs, no retention to rescue it): the segment being written
// when space ran out is kept with the media it holds and flagged partial, every indexed duration matches its file,
// and recording resumes once space is back.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { LocalDiskStorage } from '../../src/adapters/storage/local-disk.js';
import { openSqliteStore } from '../../src/adapters/store/sqlite.js';
import type { Segment } from '../../src/core/ports/recordings.js';
import type { Store } from '../../src/core/ports/store.js';
import { RecordingIndex } from '../../src/core/recordings/recorder-index.js';
import { fileInspector } from '../../src/media/ffmpeg/inspector.js';
import { probeMedia } from '../../src/media/ffmpeg/media-file.js';
import { CameraRecorder, type ClosedSegment } from '../../src/media/ingest/camera-recorder.js';
import { CameraSimulator } from '../../src/media/simulator/simulator.js';

const sim = new CameraSimulator({ port: 0 });
const base = mkdtempSync(join(tmpdir(), 'vigie-fullidx-'));
const root = join(base, 'rec');
let mounted = false;
let store: Store;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  mkdirSync(root);
  mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', root]).status === 0;
  if (!mounted) return;
  await sim.start([{ id: 'FULL' }]);
  store = await openSqliteStore(join(base, 'vigie.db'));
});
after(async () => {
  await store?.close();
  await sim.stop();
  if (mounted) spawnSync('umount', [root]);
  rmSync(base, { recursive: true, force: true });
});

test('the disk fills mid-segment: what was written is indexed as held and flagged, recording resumes after', {
  skip: process.platform !== 'linux' || process.getuid?.() !== 0 ? 'needs root to mount a small tmpfs' : false,
  timeout: 90_000,
}, async () => {
  assert.ok(mounted, 'tmpfs mounted');
  const storage = new LocalDiskStorage(root);
  const index = new RecordingIndex(store, storage, fileInspector());
  // A filler no retention knows about leaves room for ~10 s of this camera.
  const filler = join(root, 'filler.bin');
  const free = () => {
    const s = statfsSync(root);
    return s.bavail * s.bsize;
  };
  writeFileSync(filler, Buffer.alloc(Math.max(0, free() - 220 * 1024)));
  const rec = new CameraRecorder({
    cameraId: 'FULL',
    url: sim.urls('FULL').main,
    incomingDir: join(root, 'FULL', '.incoming'),
    // Long segments (six fragments): the disk runs out inside one, not between two.
    segmentSeconds: 6,
    ffmpegPath: 'ffmpeg',
    stallMs: 4000,
    backoffInitialMs: 300,
    backoffMaxMs: 1000,
  });
  const jobs: Promise<unknown>[] = [];
  const errors: string[] = [];
  rec.on('segment', (s: ClosedSegment) => jobs.push(index.indexClosed(s)));
  rec.on('leftover', (f: string) => jobs.push(index.recoverLeftover('FULL', f)));
  rec.on('retry', (r: { reason: string }) => errors.push(r.reason));
  rec.start();
  const until = async (what: string, ms: number, ok: () => boolean | Promise<boolean>) => {
    const end = Date.now() + ms;
    while (!(await ok())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; errors: ${errors.join(' | ')}`);
      await sleep(250);
    }
  };
  try {
    await until('the disk to fill', 40_000, () => errors.some((e) => /No space left/i.test(e)));
    await Promise.all(jobs);
    rmSync(filler);
    const freedAt = Date.now();
    const all = () => store.segments.range('FULL', 0, Number.MAX_SAFE_INTEGER);
    await until('recording after space came back', 30_000, async () => (await all()).some((s) => s.startMs > freedAt));
  } finally {
    await rec.stop();
  }
  await Promise.all(jobs);
  const list: Segment[] = await store.segments.range('FULL', 0, Number.MAX_SAFE_INTEGER);
  console.log(
    `segments: ${list.map((s) => `${s.endMs - s.startMs}${s.partial ? 'p' : ''}`).join(' ')}; errors: ${[...new Set(errors)].join(' | ')}`,
  );
  assert.ok(
    list.some((s) => s.partial),
    'the segment cut by the full disk is kept, flagged partial',
  );
  for (const s of list) {
    const probe = await probeMedia(storage.absolute(s.path));
    assert.ok(
      probe && Math.abs(probe.durationSec * 1000 - (s.endMs - s.startMs)) < 100,
      `${s.path}: file ${probe?.durationSec} s, indexed ${s.endMs - s.startMs} ms`,
    );
  }
  for (let i = 1; i < list.length; i++) assert.ok(list[i]!.startMs >= list[i - 1]!.endMs, 'no overlap');
});
