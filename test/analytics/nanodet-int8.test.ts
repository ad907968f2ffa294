import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { buildNanodetGraph, ensureNanodetOnnx } from '../../src/analytics/detect/convert/convert-nanodet.js';
import { NANODET_INT8_RANGES } from '../../src/analytics/detect/convert/nanodet-int8-ranges.js';
import { attr, emptyGraph, encodeModel } from '../../src/analytics/detect/convert/onnx/model.js';
import {
  activationTensors,
  quantizeQdq,
  uint8Params,
  WEIGHT_MAX,
} from '../../src/analytics/detect/convert/onnx/quantize.js';
import { OnnxDetector } from '../../src/analytics/detect/onnx-detector.js';
import { cpuInt8Support, int8SupportOf, resolvePrecision } from '../../src/analytics/detect/precision.js';
import { boxIou } from '../../src/analytics/geometry/box.js';
import { pets09Frame, pets09Missing } from './helpers/pets09.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'vigie-int8-'));
after(() => rmSync(cacheDir, { recursive: true, force: true }));

test('uint8 parameters keep zero exact and cover the range', () => {
  const { scale, zeroPoint } = uint8Params([-2, 6]);
  assert.ok(Math.abs(scale - 8 / 255) < 1e-9);
  assert.equal(zeroPoint, 64);
  assert.equal(Math.round(0 / scale) + zeroPoint, zeroPoint);
  assert.deepEqual(uint8Params([0.5, 3]), { scale: 3 / 255, zeroPoint: 0 });
});

test('the committed ranges cover every activation the quantiser needs', () => {
  const tensors = activationTensors(buildNanodetGraph({ inputSize: 416 }));
  assert.ok(tensors.length > 50, `${tensors.length} tensors`);
  const missing = tensors.filter((t) => !NANODET_INT8_RANGES[t]);
  assert.deepEqual(missing, [], 'run npx tsx scripts/calibrate-nanodet.ts');
});

test('a missing range is refused by name', () => {
  const g = buildNanodetGraph({ inputSize: 320 });
  assert.throws(() => quantizeQdq(g, {}), /no calibrated range for tensor input/);
});

test('quantised graph: integer weights, float heads', () => {
  const g = buildNanodetGraph({ inputSize: 320 });
  quantizeQdq(g, NANODET_INT8_RANGES);
  const convs = g.nodes.filter((n) => n.op === 'Conv');
  const intWeights = convs.filter(
    (n) => g.initializers.get(n.inputs[1]!.replace(/\/dq$/, '/q'))?.data instanceof Int8Array,
  );
  assert.equal(intWeights.length, convs.length - 3, 'all but the three output heads');
  assert.ok(g.nodes.some((n) => n.op === 'QuantizeLinear'));
  for (const n of intWeights) {
    const w = g.initializers.get(n.inputs[1]!.replace(/\/dq$/, '/q'))!.data as Int8Array;
    assert.ok(
      w.every((v) => Math.abs(v) <= WEIGHT_MAX),
      `${n.name}: weights within ±${WEIGHT_MAX}`,
    );
  }
});

/** A quantised 1x1 convolution of 8 channels into one: the same sum whatever order its channels are given in. */
async function oneByOne(weights: number[], inputs: number[]): Promise<Float32Array> {
  const g = emptyGraph('sums');
  g.inputs.push({ name: 'x', elemType: 'float32', dims: [1, 8, 1, 1] });
  g.outputs.push({ name: 'y', elemType: 'float32', dims: [1, 1, 1, 1] });
  g.initializers.set('w', { name: 'w', dims: [1, 8, 1, 1], data: Float32Array.from(weights) });
  g.initializers.set('b', { name: 'b', dims: [1], data: Float32Array.of(0) });
  g.nodes.push(
    { op: 'Conv', name: 'conv', inputs: ['x', 'w', 'b'], outputs: ['c'], attrs: { kernel_shape: attr.ints([1, 1]) } },
    { op: 'LeakyRelu', name: 'act', inputs: ['c'], outputs: ['y'], attrs: { alpha: attr.float(0.1) } },
  );
  quantizeQdq(g, { x: [0, 1], c: [-8, 8] });
  const session = await ort.InferenceSession.create(encodeModel(g), { intraOpNumThreads: 1, logSeverityLevel: 3 });
  const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from(inputs), [1, 8, 1, 1]) });
  await session.release();
  return out.y!.data as Float32Array;
}

// CPUs without VNNI add products two by two into int16 and saturate: with 8-bit weights the (+1, +1) pairs of full
// inputs below would lose half their sum, while interleaved with zeros nothing. Exact integers give both the same.
test('int8 convolutions compute exact sums on this CPU, however the products pair up', async () => {
  const paired = await oneByOne([1, 1, -1, -1, 1, 1, -1, -1], [1, 1, 0, 0, 1, 1, 0, 0]);
  const interleaved = await oneByOne([1, -1, 1, -1, 1, -1, 1, -1], [1, 0, 1, 0, 1, 0, 1, 0]);
  assert.deepEqual([...paired], [...interleaved]);
  assert.ok(Math.abs(paired[0]! - 4) < 0.1, `sum ${paired[0]}, expected 4`);
});

test("int8 support read from the CPU flags: 'auto' takes int8 where it is not 'none'", () => {
  assert.equal(int8SupportOf('processor\t: 0\nflags\t\t: fpu sse4_2 avx fma avx2 bmi2\n'), 'avx2');
  assert.equal(int8SupportOf('flags\t\t: fpu avx2 avx512f avx512_vnni\n'), 'vnni');
  assert.equal(int8SupportOf('flags\t\t: fpu sse4_1 sse4_2 avx\n'), 'none', 'AVX without AVX2');
  assert.equal(int8SupportOf('Features\t: fp asimd asimddp\n'), 'none', 'ARM: not measured');
  assert.equal(resolvePrecision('auto', 'cuda'), 'fp32');
  assert.equal(resolvePrecision('auto'), cpuInt8Support() === 'none' ? 'fp32' : 'int8');
});

// Calibrated on ShanghaiTech B and UCSD Ped2 frames only: PETS09 is unseen by the calibration.
test('int8 detector finds the same people as fp32 on unseen PETS09 frames', { skip: pets09Missing() }, async () => {
  const make = async (precision: 'fp32' | 'int8') =>
    OnnxDetector.create({
      modelPath: await ensureNanodetOnnx(cacheDir, 416, { precision }),
      inputSize: 416,
      threads: 1,
      classes: ['person'],
      scoreThreshold: 0.5,
      nmsIou: 0.5,
    });
  const [fp32, int8] = [await make('fp32'), await make('int8')];
  let matched = 0;
  let total = 0;
  for (const n of [50, 250, 450, 650]) {
    const frame = pets09Frame(n);
    const [a, b] = [await fp32.detect(frame), await int8.detect(frame)];
    total += a.length;
    for (const d of a) if (b.some((e) => boxIou(d.box, e.box) > 0.8 && Math.abs(d.score - e.score) < 0.1)) matched++;
    assert.ok(Math.abs(a.length - b.length) <= 1, `frame ${n}: ${a.length} fp32 vs ${b.length} int8 detections`);
  }
  assert.ok(total >= 16, `${total} people found by fp32`);
  assert.ok(matched / total >= 0.9, `${matched}/${total} fp32 detections matched by int8`);
  await fp32.close();
  await int8.close();
});
