// The data directory is the centre user's only: after recording, exporting and snapshotting, every folder is 0700 and
// every file 0600 — under the usual umask 022, so that the modes come from the centre, not from the environment.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SnapshotFiles } from '../../src/adapters/storage/snapshot-files.js';
import { privateDataDir } from '../../src/app/private-dir.js';
import { CameraSimulator } from '../../src/media/simulator/simulator.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';
import { addSimulatedCameras } from '../support/sim-cameras.js';

const sim = new CameraSimulator({ port: 0 });
let t: TestCentre;
let sup: Client;
const umask = process.umask(0o022);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  await sim.start([{ id: 'MODES' }]);
  t = await startCentre({
    config: { recordings: { segmentSeconds: 2 }, ingest: { stallSeconds: 8, backoffInitialMs: 300 } },
  });
  await addSimulatedCameras(t.centre.services.fleet, sim, ['MODES']);
  sup = await t.user('sup', 'supervisor', ['gare']);
  await t.centre.start();
});
after(async () => {
  await t?.stop();
  await sim.stop();
  process.umask(umask);
});

/** Every entry under `dir` whose permission bits differ from 0700 (folders) / 0600 (files). */
function loose(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    const mode = statSync(p).mode & 0o777;
    const want = e.isDirectory() ? 0o700 : 0o600;
    if (mode !== want) out.push(`${p.slice(t.dataDir.length)} ${mode.toString(8)}`);
    if (e.isDirectory()) out.push(...loose(p));
  }
  return out;
}

test('database, keys, recordings (in progress too), exports and snapshots: folders 0700, files 0600', {
  timeout: 60_000,
}, async () => {
  const segs = () => t.centre.services.store.segments.range('MODES', 0, Number.MAX_SAFE_INTEGER);
  const deadline = Date.now() + 30_000;
  while ((await segs()).length < 3 && Date.now() < deadline) await sleep(300);
  const list = await segs();
  assert.ok(list.length >= 3, `${list.length} segments`);
  const r = await sup.req('POST', '/api/cameras/MODES/exports', {
    from: new Date(list[0]!.startMs).toISOString(),
    to: new Date(list[2]!.endMs).toISOString(),
    reason: 'réquisition 2026/118 (modes)',
  });
  assert.equal(r.status, 201, r.text);
  // The centre's snapshot adapter, where the centre keeps snapshots (an analytics event would write the same way).
  const frame = { width: 8, height: 8, data: new Uint8Array(8 * 8 * 3) };
  await new SnapshotFiles(join(t.dataDir, 'snapshots')).save('MODES', 'ev-1', Date.now(), frame);
  const names = readdirSync(t.dataDir, { recursive: true }).map(String);
  for (const want of [/\.(db|sqlite)$/, /^recordings\/MODES\/.+\.mp4$/, /^exports\/.+\.mp4$/])
    assert.ok(
      names.some((n) => want.test(n)),
      `${want} in ${names.join(' ')}`,
    );
  assert.ok(
    names.some((n) => n.includes('.incoming/') && n.endsWith('.mp4')),
    'a segment being written is checked too',
  );
  assert.equal(statSync(t.dataDir).mode & 0o777, 0o700);
  assert.deepEqual(loose(t.dataDir), []);
  // The master key and the journal's anchors live beside the data dir, never inside it (docs/security.md).
  const keys = `${t.dataDir}-keys`;
  assert.ok(!names.includes('secret.key'), 'no key inside the data dir');
  assert.ok(readdirSync(keys).includes('secret.key'), `secret.key in ${keys}`);
  assert.equal(statSync(keys).mode & 0o777, 0o700);
  assert.deepEqual(loose(keys), []);
});

test('a data directory made with wider modes is tightened at start', () => {
  const root = mkdtempSync(join(tmpdir(), 'vigie-modes-'));
  try {
    const dir = join(root, 'data');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    privateDataDir(dir);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    privateDataDir(join(root, 'new', 'data'));
    assert.equal(statSync(join(root, 'new', 'data')).mode & 0o777, 0o700);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
