import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { convertNanodet, ensureNanodetOnnx } from '../../src/analytics/detect/convert/convert-nanodet.js';
import { OnnxDetector } from '../../src/analytics/detect/onnx-detector.js';
import { pets09Frame, pets09Missing } from './helpers/pets09.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'vigie-nanodet-classes-'));
after(() => rmSync(cacheDir, { recursive: true, force: true }));

test('a model converted for some classes scores only those, in the order given', async () => {
  const session = await ort.InferenceSession.create(convertNanodet({ inputSize: 320, classes: ['car', 'person'] }));
  try {
    const out = await session.run({ input: new ort.Tensor('uint8', new Uint8Array(3 * 320 * 320), [1, 320, 320, 3]) });
    for (const stride of [8, 16, 32]) {
      assert.deepEqual(out[`scores_s${stride}`]!.dims, [1, (320 / stride) ** 2, 2]);
      assert.deepEqual(out[`boxes_s${stride}`]!.dims, [1, (320 / stride) ** 2, 44]);
    }
  } finally {
    await session.release();
  }
  assert.throws(() => convertNanodet({ inputSize: 320, classes: ['unicorn'] }), /unknown detector classes: unicorn/);
  assert.throws(() => convertNanodet({ inputSize: 320, classes: ['car', 'car'] }), /distinct/);
});

for (const precision of ['fp32', 'int8'] as const) {
  test(`a person-only model finds exactly the 80-class model's people (${precision}, PETS09)`, {
    skip: pets09Missing(),
  }, async (t) => {
    const shape = { inputSize: 416, inputHeight: 320 };
    const opts = { ...shape, threads: 1, classes: ['person'], scoreThreshold: 0.1, nmsIou: 0.5 };
    const all = await OnnxDetector.create({
      ...opts,
      modelPath: await ensureNanodetOnnx(cacheDir, 416, { precision, inputHeight: 320 }),
    });
    const personPath = await ensureNanodetOnnx(cacheDir, 416, { precision, inputHeight: 320, classes: ['person'] });
    assert.match(personPath, /nanodet-416x320(-int8)?-person-[0-9a-f]{16}\.onnx$/);
    const person = await OnnxDetector.create({ ...opts, modelPath: personPath, modelClasses: ['person'] });
    try {
      let n = 0;
      for (const k of [1, 300, 600]) {
        const f = pets09Frame(k);
        const [a, b] = [await all.detect(f), await person.detect(f)];
        assert.equal(b.length, a.length, `frame ${k}`);
        b.forEach((d, i) => {
          assert.equal(d.cls, 'person');
          assert.ok(Math.abs(d.score - a[i]!.score) < 1e-5, `frame ${k} #${i} score`);
          for (const [j, v] of d.box.entries()) assert.ok(Math.abs(v - a[i]!.box[j]!) < 1e-3, `frame ${k} #${i} box`);
        });
        n += a.length;
      }
      t.diagnostic(`${n} detections (score ≥ 0.1) identical on 3 frames`);
      assert.ok(n >= 20, `${n}`);
    } finally {
      await Promise.all([all.close(), person.close()]);
    }
    await assert.rejects(
      OnnxDetector.create({ ...opts, classes: ['car'], modelPath: personPath, modelClasses: ['person'] }),
      /does not score car/,
    );
    await assert.rejects(OnnxDetector.create({ ...opts, modelPath: personPath }), /scores 1 classes, 80 labels given/);
  });
}
