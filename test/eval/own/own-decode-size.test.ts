// `vigie eval --clip` and `vigie learn` decode a camera's files as the centre decodes the camera (camera-decode.ts):
// a source narrower than the spec's width (Ped2, 360 wide) is scored on frames of the size the model was learnt on.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { parseCameraSpec } from '../../../src/analytics/pipeline/camera-spec.js';
import { cameraFrames } from '../../../src/analytics/pipeline/unusual-files.js';
import { datasetPath } from '../../../src/eval/datasets/paths.js';
import { runClip } from '../../../src/eval/own/run-clip.js';
import { TEST_MODEL_CACHE } from '../../analytics/helpers/models.js';

process.env.VIGIE_MODEL_CACHE ??= TEST_MODEL_CACHE;
const clip = datasetPath('ucsd-ped2', 'test', 'Test001.mp4');

test('a 360-wide clip under a 480-wide spec: learnt and scored on the same 480-wide frames', {
  skip: process.env.CI !== 'true' && !existsSync(clip) ? 'UCSD Ped2 not found' : undefined,
  timeout: 60_000,
}, async () => {
  const spec = parseCameraSpec({ fps: 2, width: 480, pipeline: { inputSize: 320, precision: 'int8' } });
  let learnt: { width: number; height: number } | undefined;
  for await (const f of cameraFrames(clip, spec)) {
    learnt = { width: f.width, height: f.height };
    break;
  }
  const run = await runClip(clip, spec, { untilFrame: 1 });
  assert.deepEqual(run.source, { width: 360, height: 240, fps: 10 });
  assert.deepEqual(learnt, { width: 480, height: 320 }, 'learning decodes as the centre does');
  assert.deepEqual({ width: run.analysed.width, height: run.analysed.height }, learnt, 'scored as learnt');
});
