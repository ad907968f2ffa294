import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { probeMedia } from '../../src/media/ffmpeg/media-file.js';
import { CameraSimulator } from '../../src/media/simulator/simulator.js';
import { addSimulatedCameras } from '../support/sim-cameras.js';

const sim = new CameraSimulator({ port: 0 });
const dir = mkdtempSync(join(tmpdir(), 'vigie-crash-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ids = ['K-1', 'K-2'];

function files(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

function serve(): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '-c', join(dir, 'vigie.yaml'), 'serve'], {
    env: { ...process.env, VIGIE_LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
}

async function seed() {
  const { createServices } = await import('../../src/app/centre.js');
  const { loadConfig } = await import('../../src/config/load.js');
  const { services } = await createServices(loadConfig(join(dir, 'vigie.yaml')));
  await addSimulatedCameras(services.fleet, sim, ids);
  await services.store.close();
}

before(async () => {
  await sim.start(ids.map((id) => ({ id })));
  writeFileSync(
    join(dir, 'vigie.yaml'),
    `dataDir: ${dir}\nhttp: { port: 0 }\nrecordings: { segmentSeconds: 2 }\ningest: { stallSeconds: 3, backoffInitialMs: 500, backoffMaxMs: 2000 }\n`,
  );
  await seed();
});
after(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}-keys`, { recursive: true, force: true }); // the key and anchors live beside the data dir
});

test('kill -9 during recording: after restart every finished segment is indexed and playable, no orphan file', async () => {
  const root = join(dir, 'recordings');
  const first = serve();
  // Wait (under any load) until each camera has finished a few segments, then kill mid-recording.
  const deadline = Date.now() + 60_000;
  const finished = () => {
    try {
      return files(root).filter((f) => !f.includes('.incoming')).length;
    } catch {
      return 0;
    }
  };
  while (finished() < 6 && Date.now() < deadline) await sleep(300);
  await sleep(700);
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  await sleep(1500); // the kernel SIGTERMs the orphaned ffmpeg children (PDEATHSIG); they close their files
  const beforeRestart = files(root).filter((f) => !f.includes('.incoming'));
  assert.ok(beforeRestart.length >= 4, `finished segments on disk before restart: ${beforeRestart.length}`);

  const restartedAt = Date.now();
  const second = serve();
  // Done when the leftovers are indexed and every camera has recorded since the restart (under load, one camera can
  // close two segments before another closes its first).
  const progress = () => {
    try {
      const d = new Database(join(dir, 'vigie.db'), { readonly: true });
      const n = (d.prepare('select count(*) n from segments').get() as { n: number }).n;
      const since = d
        .prepare('select count(distinct camera_id) n from segments where start_ms >= ?')
        .get(restartedAt) as {
        n: number;
      };
      d.close();
      return n >= beforeRestart.length + 2 && since.n >= ids.length;
    } catch {
      return false;
    }
  };
  const until = Date.now() + 60_000;
  while (!progress() && Date.now() < until) await sleep(300);
  second.kill('SIGTERM');
  await new Promise((r) => second.once('exit', r));

  const db = new Database(join(dir, 'vigie.db'), { readonly: true });
  const rows = db.prepare('select path, start_ms, end_ms from segments order by start_ms').all() as {
    path: string;
    start_ms: number;
    end_ms: number;
  }[];
  db.close();
  // `serve` runs under umask 077: whatever it and its ffmpeg children created is the centre user's only.
  const loose = readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => join(e.parentPath, e.name))
    .filter((p) => p !== join(dir, 'vigie.yaml'))
    .map((p) => ({ p: relative(dir, p), mode: statSync(p).mode }))
    .filter(({ mode }) => (mode & 0o777) !== ((mode & 0o170000) === 0o040000 ? 0o700 : 0o600));
  assert.deepEqual(loose, [], 'files 0600, folders 0700');
  const indexed = new Set(rows.map((r) => r.path));
  for (const f of beforeRestart) assert.ok(indexed.has(f), `${f} finished before the kill is indexed`);
  const onDisk = files(root);
  assert.deepEqual(
    onDisk.filter((f) => !indexed.has(f)),
    [],
    'no orphan file: every file on disk is indexed',
  );
  for (const r of rows) {
    const p = await probeMedia(join(root, r.path));
    assert.ok(
      p && p.durationSec > 0,
      `${r.path} is playable (${JSON.stringify(p)}, indexed ${r.end_ms - r.start_ms} ms)`,
    );
    // The index says what the file holds (media time), salvaged files included.
    assert.ok(
      Math.abs(p.durationSec * 1000 - (r.end_ms - r.start_ms)) < 100,
      `${r.path}: file ${p.durationSec} s, indexed ${r.end_ms - r.start_ms} ms`,
    );
  }
  for (const id of ids) {
    const mine = rows.filter((r) => r.path.startsWith(`${id}/`));
    for (let i = 1; i < mine.length; i++)
      assert.ok(mine[i]!.start_ms >= mine[i - 1]!.end_ms, `${id}: ${mine[i]!.path} overlaps the segment before`);
    // Recording again soon after the restart: recorders start before the leftovers are salvaged.
    const resumed = mine.find((r) => r.start_ms >= restartedAt);
    assert.ok(resumed, `${id} recorded after the restart`);
    console.log(`${id}: recording ${resumed.start_ms - restartedAt} ms after the restarted centre was launched`);
    assert.ok(
      resumed.start_ms - restartedAt < 15_000,
      `${id} resumed ${resumed.start_ms - restartedAt} ms after restart`,
    );
  }
});
