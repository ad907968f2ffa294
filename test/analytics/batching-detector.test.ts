import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BatchingDetector } from '../../src/analytics/detect/batching-detector.js';
import { OnnxDetector } from '../../src/analytics/detect/onnx-detector.js';
import { testNanodetModel } from './helpers/models.js';
import { pets09Frame, pets09Missing } from './helpers/pets09.js';

const opts = { inputSize: 320, threads: 2, scoreThreshold: 0.3, nmsIou: 0.5 };

test('one batched inference gives each frame the same detections as single runs', {
  skip: pets09Missing(),
}, async () => {
  const det = await OnnxDetector.create({ ...opts, modelPath: await testNanodetModel(320) });
  const frames = [pets09Frame(10), pets09Frame(250), pets09Frame(600)];
  const singles: Awaited<ReturnType<typeof det.detect>>[] = [];
  for (const f of frames) singles.push(await det.detect(f));
  const batched = await det.detectBatch(frames);
  assert.equal(batched.length, 3);
  for (let i = 0; i < 3; i++) {
    assert.equal(batched[i]!.length, singles[i]!.length, `frame ${i}: same number of detections`);
    batched[i]!.forEach((d, j) => {
      const s = singles[i]![j]!;
      assert.equal(d.cls, s.cls);
      assert.ok(Math.abs(d.score - s.score) < 1e-4);
      for (const [k, v] of d.box.entries()) assert.ok(Math.abs(v - s.box[k]!) < 0.05, `box ${k}: ${v} vs ${s.box[k]}`);
    });
  }
  assert.ok(singles[1]!.length >= 4, 'people are found on frame 250');
  await det.close();
});

test('frames from several cameras are gathered into batches, each caller gets its own answer', {
  skip: pets09Missing(),
}, async () => {
  const det = await OnnxDetector.create({ ...opts, modelPath: await testNanodetModel(320) });
  const batching = new BatchingDetector(det, { maxBatch: 4, maxWaitMs: 20 });
  const frames = [pets09Frame(250), pets09Frame(10), pets09Frame(250), pets09Frame(600), pets09Frame(10)];
  const results = await Promise.all(frames.map((f) => batching.detect(f)));
  assert.equal(batching.frames, 5);
  assert.equal(batching.batches, 2, 'a full batch of 4, then the last frame after the wait');
  assert.deepEqual(results[0], results[2], 'the same picture gives the same detections whatever its batch');
  assert.deepEqual(results[1], results[4]);
  await batching.close();
});
