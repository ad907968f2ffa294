import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cudaProviderAvailable, OnnxDetector } from '../../src/analytics/detect/onnx-detector.js';
import { iouXywh, testNanodetModel } from './helpers/models.js';
import { pets09Frame, pets09Gt, pets09Missing } from './helpers/pets09.js';

const FRAME = 250; // 7 ground-truth people, spread over the scene

test(`detector finds the PETS09 people of frame ${FRAME} (IoU ≥ 0.5 with ground truth)`, {
  skip: pets09Missing(),
}, async (t) => {
  const detector = await OnnxDetector.create({
    modelPath: await testNanodetModel(416),
    inputSize: 416,
    threads: 2,
    scoreThreshold: 0.4,
    nmsIou: 0.4,
  });
  try {
    const gt = pets09Gt(FRAME);
    const persons = (await detector.detect(pets09Frame(FRAME))).filter((d) => d.cls === 'person');
    const best = persons.map((d) => Math.max(0, ...gt.map((g) => iouXywh(d.box, g.box))));
    const found = gt.filter((g) => persons.some((d) => iouXywh(d.box, g.box) >= 0.5)).length;
    for (const [i, d] of persons.entries()) {
      t.diagnostic(
        `person ${d.score.toFixed(2)} [${d.box.map((v) => v.toFixed(0)).join(', ')}] best IoU ${best[i]!.toFixed(2)}`,
      );
    }
    t.diagnostic(`${persons.length} persons detected, ${found}/${gt.length} ground-truth people found`);
    assert.ok(persons.length >= 4, `only ${persons.length} persons`);
    assert.ok(best.filter((v) => v >= 0.5).length >= 0.75 * persons.length, 'most detections should match');
    assert.ok(found >= 0.7 * gt.length, `only ${found}/${gt.length} people found`);
  } finally {
    await detector.close();
  }
});

test('CUDA requested where unavailable: one log line, then CPU', {
  skip: cudaProviderAvailable() && 'CUDA provider present',
}, async () => {
  const lines: string[] = [];
  const detector = await OnnxDetector.create({
    modelPath: await testNanodetModel(320),
    inputSize: 320,
    threads: 1,
    scoreThreshold: 0.4,
    nmsIou: 0.4,
    executionProvider: 'cuda',
    logger: (m) => lines.push(m),
  });
  try {
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /CUDA.*CPU/);
    assert.equal(detector.executionProvider, 'cpu');
    const frame = { width: 64, height: 48, data: new Uint8Array(64 * 48 * 3).fill(128) };
    assert.deepEqual(await detector.detect(frame), []);
  } finally {
    await detector.close();
  }
  await assert.rejects(detector.detect({ width: 1, height: 1, data: new Uint8Array(3) }), /closed/);
});

test('unknown classes are refused', async () => {
  await assert.rejects(
    OnnxDetector.create({
      modelPath: 'unused.onnx',
      inputSize: 320,
      threads: 1,
      scoreThreshold: 0.4,
      nmsIou: 0.4,
      classes: ['person', 'face'],
    }),
    /unknown detector classes: face/,
  );
});
