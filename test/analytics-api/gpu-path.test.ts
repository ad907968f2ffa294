import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { squareInput } from '../../src/analytics/detect/preprocess.js';
import { parseCameraSpec } from '../../src/analytics/pipeline/camera-spec.js';
import { parsePipelineSettings } from '../../src/analytics/pipeline/settings.js';
import { sharedBatchingFactory } from '../../src/app/analytics/shared-gpu-detector.js';
import { pets09Frame, pets09Missing } from '../analytics/helpers/pets09.js';

test('the CUDA path is chosen by config, shared by the cameras of a worker, and falls back to CPU with one log line', {
  skip: pets09Missing(),
}, async () => {
  const lines: string[] = [];
  const settings = parsePipelineSettings({ executionProvider: 'cuda', inputSize: 320, threads: 2 });
  const factory = sharedBatchingFactory(settings, join(tmpdir(), 'vigie-test-models'), (m) => lines.push(m));
  const [camA, camB] = await Promise.all([factory(squareInput(320)), factory(squareInput(320))]);
  const [a, b] = await Promise.all([camA.detect(pets09Frame(250)), camB.detect(pets09Frame(250))]);
  assert.ok(a.length >= 4, 'people detected through the shared session');
  assert.deepEqual(a, b, 'both cameras got their own (here identical) answer from one batch');
  assert.equal(lines.length, 1, `one fallback line: ${JSON.stringify(lines)}`);
  assert.match(lines[0]!, /CUDA requested.*running on CPU/);
});

test('a camera configured for CUDA runs its pipeline through the shared session (worker module)', {
  skip: pets09Missing(),
}, async () => {
  const { createPipeline } = await import('../../src/app/analytics/pipeline-module.js');
  const spec = parseCameraSpec({ pipeline: { executionProvider: 'cuda', inputSize: 320, gating: { enabled: false } } });
  const p = await createPipeline('GPU-1', { spec });
  assert.deepEqual(p.describe().spec, spec, 'the worker module runs the spec it was given');
  const f = pets09Frame(250);
  const r = await p.analyse({
    cameraId: 'GPU-1',
    seq: 0,
    ptsMs: 0,
    width: f.width,
    height: f.height,
    format: 'rgb24',
    data: f.data,
  });
  assert.equal(r.seq, 0);
  assert.equal(r.gated, false, 'the detector ran');
  await p.close?.();
});
