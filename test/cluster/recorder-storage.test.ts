// Recorders sharing one recordings root and one PostgreSQL index (issue 23): a recorder taking a camera repairs only
// that camera's folder (a dead holder's `.incoming` file included, a live holder's fresh one left to it), each
// segment says which node wrote it, and retention run by every recorder deletes and journals each segment once.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { MemoryBus } from '../../src/adapters/bus/memory.js';
import { LocalDiskStorage } from '../../src/adapters/storage/local-disk.js';
import { openPostgresStore } from '../../src/adapters/store/postgres.js';
import { TakeoverSalvage } from '../../src/app/media/takeover-salvage.js';
import { AuditJournal } from '../../src/core/audit/journal.js';
import { EventService } from '../../src/core/events/event-service.js';
import type { Store } from '../../src/core/ports/store.js';
import { segmentId, segmentRelPath } from '../../src/core/recordings/layout.js';
import { RecordingIndex } from '../../src/core/recordings/recorder-index.js';
import { RetentionService } from '../../src/core/recordings/retention.js';
import { KeyRing } from '../../src/core/security/keys.js';
import { fileInspector } from '../../src/media/ffmpeg/inspector.js';
import { TestClock } from '../support/centre.js';
import { until } from '../support/cluster.js';
import { freshPostgres, postgresFactory } from '../support/stores.js';

const base = mkdtempSync(join(tmpdir(), 'vigie-recstore-'));
const root = join(base, 'rec');
/** A 2 s recorder-style segment: fragmented MP4, a keyframe (and a fragment) each second. */
const SRC = join(base, 'seg2s.mp4');
const T0 = Date.UTC(2026, 11, 5, 10, 0, 0);
const DAY = 86_400_000;
let db: Awaited<ReturnType<typeof freshPostgres>> | undefined;
let skip: string | undefined;
const stores: Store[] = [];
const open = async () => {
  const s = await openPostgresStore(db!.url, 4);
  stores.push(s);
  return s;
};

before(async () => {
  skip = await postgresFactory.unavailable();
  if (skip) return;
  db = await freshPostgres();
  execFileSync('ffmpeg', [
    ...['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=10', '-t', '2'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', '-pix_fmt', 'yuv420p'],
    ...['-f', 'mp4', '-movflags', 'frag_keyframe+empty_moov+default_base_moof', SRC],
  ]);
});
after(async () => {
  for (const s of stores) await s.close();
  await db?.dispose();
  rmSync(base, { recursive: true, force: true });
});

/** A copy of the footage at `rel`, last written `ageMs` ago. */
function put(rel: string, ageMs: number): string {
  const abs = join(root, rel);
  mkdirSync(dirname(abs), { recursive: true });
  copyFileSync(SRC, abs);
  const t = new Date(Date.now() - ageMs);
  utimesSync(abs, t, t);
  return abs;
}
const incomingName = (cam: string, startMs: number, run: string) =>
  `${cam}/.incoming/${cam}_${Math.floor(startMs / 1000)}_${run}.mp4`;

test('a recorder taking a camera salvages that camera only, a quiet leftover now and a fresh one once still', async (t) => {
  if (skip) return t.skip(skip);
  const store = await open();
  const storage = new LocalDiskStorage(root);
  const index = new RecordingIndex(store, storage, fileInspector(), 'h264', 'rec-2');
  // Camera T: the file a killed holder was writing (quiet 5 s), one moved into place but never indexed, a row whose
  // file is gone, and a fresh file (a live holder closing it). Camera O, held by another node: a leftover and a row.
  const dead = put(incomingName('T', T0 + 20_000, 'dead01'), 5000);
  const placed = segmentRelPath('T', T0);
  put(placed, 60_000);
  // Written "half a second from now": young at the first pass (a few hundred ms from here), quiet 1.3 s after this line.
  const fresh = put(incomingName('T', T0 + 40_000, 'cafe01'), -500);
  const stale = { cameraId: 'T', startMs: T0 - 10_000, endMs: T0 - 8000, bytes: 1, codec: 'h264' };
  await store.segments.add({ ...stale, id: segmentId('T', stale.startMs), path: segmentRelPath('T', stale.startMs) });
  const other = put(incomingName('O', T0, 'abcd01'), 60_000);
  const oRow = { cameraId: 'O', startMs: T0 - 10_000, endMs: T0 - 8000, bytes: 1, codec: 'h264' };
  await store.segments.add({ ...oRow, id: segmentId('O', oRow.startMs), path: segmentRelPath('O', oRow.startMs) });

  const jobs: Promise<void>[] = [];
  const salvage = new TakeoverSalvage(
    index,
    storage,
    pino({ level: 'silent' }),
    800,
    () => true,
    (j) => jobs.push(j),
  );
  try {
    const left = await salvage.listBefore('T');
    assert.equal(left.length, 2, 'the two files of T/.incoming');
    salvage.salvage('T', left);
    await Promise.all(jobs);
    const segsOf = (cam: string) => store.segments.range(cam, 0, Number.MAX_SAFE_INTEGER);
    let tSegs = await segsOf('T');
    assert.deepEqual(
      tSegs.map((s) => [s.startMs - T0, s.node]),
      [
        [0, 'rec-2'],
        [20_000, 'rec-2'],
      ],
      "the placed file and the dead holder's leftover indexed, by this node; the stale row dropped",
    );
    assert.ok(!existsSync(dead), 'the leftover moved into place');
    assert.ok(existsSync(fresh), 'the fresh file left to its writer for now');
    assert.ok(existsSync(other), "another camera's leftover is not touched");
    assert.equal((await segsOf('O')).length, 1, "another camera's row is not judged (its file is absent here)");
    // Once still for quietMs, the fresh file is taken too (its writer died after all): nothing finished is lost.
    tSegs = await until(
      async () => {
        await Promise.all(jobs);
        const segs = await segsOf('T');
        return segs.length === 3 ? segs : undefined;
      },
      15_000,
      'the fresh file salvaged once still',
    );
    assert.deepEqual(
      tSegs.map((s) => s.startMs - T0),
      [0, 20_000, 40_000],
    );
    assert.ok(!existsSync(fresh));
  } finally {
    salvage.stop();
    await Promise.all(jobs);
  }
});

test('two recorders running retention over one index delete and journal each segment once', async (t) => {
  if (skip) return t.skip(skip);
  const [a, b] = [await open(), await open()];
  const clock = new TestClock();
  const storage = new LocalDiskStorage(join(base, 'retention'));
  const N = 60;
  for (let i = 0; i < N; i++) {
    const cam = `R-${i % 3}`;
    const startMs = clock.t - 40 * DAY + i * 2000;
    const path = segmentRelPath(cam, startMs);
    mkdirSync(dirname(storage.absolute(path)), { recursive: true });
    writeFileSync(storage.absolute(path), 'x');
    await a.segments.add({
      id: segmentId(cam, startMs),
      cameraId: cam,
      startMs,
      endMs: startMs + 2000,
      path,
      bytes: 1,
      codec: 'h264',
    });
  }
  const key = KeyRing.generate().derive('audit');
  const node = (store: Store) =>
    new RetentionService(
      store,
      new AuditJournal(store, key, clock),
      new EventService(store, new MemoryBus(), clock),
      storage,
      clock,
      {
        defaultDays: 30,
        highWaterPercent: 100,
        lowWaterPercent: 90,
        intervalMs: 60_000,
        // Small batches: the two passes interleave over the same rows.
        batchSize: 4,
      },
    );
  const [ra, rb] = await Promise.all([node(a).runOnce(), node(b).runOnce()]);
  t.diagnostic(`node A deleted ${ra.age.segments}, node B ${rb.age.segments}`);
  assert.equal(ra.age.segments + rb.age.segments, N, 'each segment deleted by exactly one node');
  assert.deepEqual(
    (await a.segments.allPaths()).filter((p) => p.startsWith('R-')),
    [],
    'no row left',
  );
  const entries = await a.audit.search({ action: 'retention.delete', limit: 1000 });
  const journaled = entries.reduce((n, e) => n + Number(JSON.parse(e.details).segments), 0);
  assert.equal(journaled, N, 'each deletion journaled once');
});

test("the index: a camera folder's paths exactly (ids with _), take() once, rows without a node (older version)", async (t) => {
  if (skip) return t.skip(skip);
  const s = await open();
  const row = (cam: string, startMs: number) => ({
    id: segmentId(cam, startMs),
    cameraId: cam,
    startMs,
    endMs: startMs + 1000,
    path: segmentRelPath(cam, startMs),
    bytes: 1,
    codec: 'h264',
  });
  // Only that camera's folder: `AB1` (which a LIKE on `A_1/%` would match) is not in it.
  await s.segments.add({ ...row('A_1', T0), node: 'rec-1' });
  await s.segments.add(row('AB1', T0));
  assert.deepEqual(await s.segments.pathsIn('A_1'), [segmentRelPath('A_1', T0)]);
  // A node of the version before 019_segment_node inserts without the column: the row has no node.
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: db!.url });
  await c.connect();
  await c.query(
    "insert into segments (id, camera_id, start_ms, end_ms, path, bytes, codec) values ('OLD:1', 'OLD', 1, 2, 'OLD/x.mp4', 1, 'h264')",
  );
  await c.end();
  const [old] = await s.segments.range('OLD', 0, 10);
  assert.equal(old?.node, undefined);
  assert.equal((await s.segments.range('A_1', 0, Number.MAX_SAFE_INTEGER))[0]?.node, 'rec-1');
  assert.deepEqual(await s.segments.take([segmentId('A_1', T0), 'OLD:1', 'none']), [segmentId('A_1', T0), 'OLD:1']);
  assert.deepEqual(await s.segments.take([segmentId('A_1', T0)]), [], 'already taken');
});
