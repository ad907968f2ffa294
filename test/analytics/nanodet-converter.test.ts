import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import {
  convertNanodet,
  ensureNanodetOnnx,
  writeConverted,
} from '../../src/analytics/detect/convert/convert-nanodet.js';
import { letterbox } from '../../src/analytics/detect/letterbox.js';
import { letterboxPixels } from '../../src/analytics/detect/letterbox-pixels.js';
import { OnnxDetector } from '../../src/analytics/detect/onnx-detector.js';
import { fittedInput } from '../../src/analytics/detect/preprocess.js';
import { iouXywh } from './helpers/models.js';
import { pets09Frame, pets09Missing } from './helpers/pets09.js';
import { loadTfjsNanodet } from './helpers/tfjs-nanodet.js';

const OUTPUTS = ['boxes_s8', 'boxes_s16', 'boxes_s32', 'scores_s8', 'scores_s16', 'scores_s32'];

test('converted model has the expected interface at 416 and 320: uint8 RGB pixels in', async () => {
  for (const size of [416, 320]) {
    const session = await ort.InferenceSession.create(convertNanodet({ inputSize: size }), { intraOpNumThreads: 1 });
    try {
      assert.deepEqual(session.inputNames, ['input']);
      assert.deepEqual(session.inputMetadata[0], {
        name: 'input',
        isTensor: true,
        type: 'uint8',
        shape: ['N', size, size, 3],
      });
      assert.deepEqual([...session.outputNames].sort(), [...OUTPUTS].sort());
      const out = await session.run({
        input: new ort.Tensor('uint8', new Uint8Array(3 * size * size), [1, size, size, 3]),
      });
      for (const stride of [8, 16, 32]) {
        const anchors = (size / stride) ** 2;
        assert.deepEqual(out[`scores_s${stride}`]!.dims, [1, anchors, 80]);
        assert.deepEqual(out[`boxes_s${stride}`]!.dims, [1, anchors, 44]);
      }
    } finally {
      await session.release();
    }
  }
});

test('converter rejects input sizes that are not multiples of 32', () => {
  assert.throws(() => convertNanodet({ inputSize: 300 }), /multiple of 32/);
});

const cacheDir = mkdtempSync(join(tmpdir(), 'vigie-nanodet-cache-'));
after(() => rmSync(cacheDir, { recursive: true, force: true }));

test('ensureNanodetOnnx converts once and reuses the cached file', async () => {
  const first = await ensureNanodetOnnx(cacheDir, 320);
  const mtime = statSync(first).mtimeMs;
  const second = await ensureNanodetOnnx(cacheDir, 320);
  assert.equal(second, first);
  assert.equal(statSync(second).mtimeMs, mtime);
  assert.match(first, /nanodet-320-[0-9a-f]{16}\.onnx$/);
  // The model and the converter's provenance record (what the model guard asks for), nothing else.
  const name = first.split('/').pop()!;
  assert.deepEqual(readdirSync(cacheDir).sort(), [name, `${name}.provenance.json`]);
  assert.equal(statSync(first).mode & 0o777, 0o600, "the cached model is the centre user's only");
});

// ONNX vs the original TF.js graph on real frames: the converter's correctness check.
const CASES: Array<{ size: number; frames: number[] }> = [
  { size: 416, frames: [1, 300] },
  { size: 320, frames: [600] },
];
for (const { size, frames } of CASES) {
  test(`ONNX matches TF.js (wasm) on PETS09 frames ${frames.join(', ')} at ${size}`, {
    skip: pets09Missing(),
  }, async (t) => {
    const ref = await loadTfjsNanodet(size);
    const session = await ort.InferenceSession.create(convertNanodet({ inputSize: size, input: 'normalised' }), {
      intraOpNumThreads: 2,
    });
    try {
      let worst = { scores: 0, boxes: 0 };
      for (const n of frames) {
        const { tensor } = letterbox(pets09Frame(n), size);
        const expected = await ref.run(tensor);
        const actual = await session.run({ input: new ort.Tensor('float32', tensor, [1, 3, size, size]) });
        for (const name of OUTPUTS) {
          const a = actual[name]!.data as Float32Array;
          const e = expected[name]!;
          assert.equal(a.length, e.length, name);
          let diff = 0;
          for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i]! - e[i]!));
          const kind = name.startsWith('scores') ? 'scores' : 'boxes';
          worst = { ...worst, [kind]: Math.max(worst[kind], diff) };
        }
      }
      t.diagnostic(
        `max abs diff at ${size}: scores ${worst.scores.toExponential(2)}, boxes ${worst.boxes.toExponential(2)}`,
      );
      assert.ok(worst.scores < 1e-3 && worst.boxes < 1e-3, JSON.stringify(worst));
    } finally {
      ref.dispose();
      await session.release();
    }
  });
}

// The model the detector runs reads pixels (normalisation folded into its first Conv): the same outputs as the
// op-for-op graph above fed the normalised floats of the same pixels, but near the image border (the Conv pads grey).
for (const precision of ['fp32', 'int8'] as const) {
  test(`the pixel-input model gives the normalised-input model's outputs (${precision}, PETS09)`, {
    skip: pets09Missing(),
  }, async (t) => {
    const shape = { width: 416, height: 320 };
    const opts = { inputSize: shape.width, inputHeight: shape.height, precision };
    const [px, fl] = await Promise.all(
      (['pixels', 'normalised'] as const).map((input) =>
        ort.InferenceSession.create(convertNanodet({ ...opts, input }), { intraOpNumThreads: 2, logSeverityLevel: 3 }),
      ),
    );
    try {
      let [worst, sum, n] = [0, 0, 0];
      for (const k of [1, 300, 600]) {
        const pixels = letterboxPixels(pets09Frame(k), shape).tensor;
        const floats = letterbox({ ...shape, data: pixels }, shape).tensor;
        const a = await px!.run({ input: new ort.Tensor('uint8', pixels, [1, shape.height, shape.width, 3]) });
        const b = await fl!.run({ input: new ort.Tensor('float32', floats, [1, 3, shape.height, shape.width]) });
        for (const name of OUTPUTS.filter((o) => o.startsWith('scores'))) {
          const [x, y] = [a[name]!.data as Float32Array, b[name]!.data as Float32Array];
          for (let i = 0; i < x.length; i++) {
            const d = Math.abs(x[i]! - y[i]!);
            worst = Math.max(worst, d);
            sum += d;
            n++;
          }
        }
      }
      t.diagnostic(`${precision}: score diff max ${worst.toExponential(2)}, mean ${(sum / n).toExponential(2)}`);
      // fp32: the border padding only; int8: the first layer's input is now exact pixels instead of a rounded float.
      assert.ok(worst < (precision === 'fp32' ? 0.02 : 0.1) && sum / n < 1e-3, `${worst} ${sum / n}`);
    } finally {
      await Promise.all([px!.release(), fl!.release()]);
    }
  });
}

const floatDir = mkdtempSync(join(tmpdir(), 'vigie-nanodet-float-'));
after(() => rmSync(floatDir, { recursive: true, force: true }));

// A float-input model (an earlier conversion, recorded as Vigie's by the converter) still runs: the detector feeds
// what it reads. (A model from elsewhere is refused by the model guard: test/analytics/model-guard.test.ts.)
test('the detector feeds a normalised-float model floats and a pixel model bytes: the same people', {
  skip: pets09Missing(),
}, async () => {
  const floatPath = join(floatDir, 'nanodet-320-normalised.onnx');
  writeConverted(floatPath, convertNanodet({ inputSize: 320, input: 'normalised' }));
  const opts = { inputSize: 320, threads: 1, classes: ['person'], scoreThreshold: 0.5, nmsIou: 0.5 };
  const [fl, px] = await Promise.all([
    OnnxDetector.create({ ...opts, modelPath: floatPath }),
    OnnxDetector.create({ ...opts, modelPath: await ensureNanodetOnnx(cacheDir, 320) }),
  ]);
  try {
    for (const n of [1, 400]) {
      const [a, b] = [await fl.detect(pets09Frame(n)), await px.detect(pets09Frame(n))];
      assert.ok(a.length >= 3 && Math.abs(a.length - b.length) <= 1, `frame ${n}: ${a.length} vs ${b.length}`);
      for (const d of a)
        assert.ok(
          b.some((e) => iouXywh(d.box, e.box) >= 0.8),
          `frame ${n}: ${JSON.stringify(d)}`,
        );
    }
  } finally {
    await Promise.all([fl.close(), px.close()]);
  }
});

// A model shaped like the frame (4:3 → 416x320) sees the frame at the same scale with less padding: same people.
test('a model input fitted to the frame finds the people the square input finds, at the same places', {
  skip: pets09Missing(),
}, async (t) => {
  const fit = fittedInput(768, 576, 416);
  assert.deepEqual(fit, { width: 416, height: 320 });
  const opts = { threads: 1, classes: ['person'], scoreThreshold: 0.5, nmsIou: 0.5 };
  const square = await OnnxDetector.create({
    ...opts,
    modelPath: await ensureNanodetOnnx(cacheDir, 416),
    inputSize: 416,
  });
  const fitted = await OnnxDetector.create({
    ...opts,
    modelPath: await ensureNanodetOnnx(cacheDir, fit.width, { inputHeight: fit.height }),
    inputSize: fit.width,
    inputHeight: fit.height,
  });
  try {
    let [matched, total, worstIou] = [0, 0, 1];
    for (const n of [1, 200, 400, 600]) {
      const frame = pets09Frame(n);
      const [a, b] = [await square.detect(frame), await fitted.detect(frame)];
      total += a.length;
      for (const d of a) {
        const best = Math.max(0, ...b.map((e) => iouXywh(d.box, e.box)));
        if (best >= 0.8) matched++;
        worstIou = Math.min(worstIou, best);
      }
      assert.ok(Math.abs(a.length - b.length) <= 1, `frame ${n}: ${a.length} vs ${b.length} people`);
    }
    t.diagnostic(
      `${matched}/${total} square detections found again (IoU ≥ 0.8) by 416x320; worst IoU ${worstIou.toFixed(2)}`,
    );
    assert.ok(total >= 12 && matched >= 0.9 * total, `${matched}/${total}`);
  } finally {
    await Promise.all([square.close(), fitted.close()]);
  }
});
