import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { attr, emptyGraph, encodeModel, type OnnxGraph } from '../../src/analytics/detect/convert/onnx/model.js';
import { cancelTransposes, foldPads } from '../../src/analytics/detect/convert/onnx/optimize.js';

// x NCHW → NHWC → NCHW (cancels) → zero Pad → Conv; and a -inf Pad → MaxPool; plus an unused branch.
function sample(): OnnxGraph {
  const g = emptyGraph('opt');
  g.inputs.push({ name: 'x', elemType: 'float32', dims: [1, 2, 5, 5] });
  g.outputs.push({ name: 'conv', elemType: 'float32', dims: [1, 3, 5, 5] });
  g.outputs.push({ name: 'pool', elemType: 'float32', dims: [1, 2, 3, 3] });
  const w = Float32Array.from({ length: 3 * 2 * 9 }, (_, i) => Math.sin(i));
  g.initializers.set('w', { name: 'w', dims: [3, 2, 3, 3], data: w });
  g.initializers.set('pads', { name: 'pads', dims: [8], data: BigInt64Array.from([0n, 0n, 1n, 1n, 0n, 0n, 1n, 1n]) });
  g.initializers.set('ninf', { name: 'ninf', dims: [], data: new Float32Array([Number.NEGATIVE_INFINITY]) });
  const node = (op: string, inputs: string[], out: string, attrs = {}) =>
    g.nodes.push({ op, name: out, inputs, outputs: [out], attrs });
  node('Transpose', ['x'], 'nhwc', { perm: attr.ints([0, 2, 3, 1]) });
  node('Transpose', ['nhwc'], 'nchw', { perm: attr.ints([0, 3, 1, 2]) });
  node('Transpose', ['nhwc'], 'unused', { perm: attr.ints([0, 3, 2, 1]) });
  node('Pad', ['nchw', 'pads'], 'padded', { mode: attr.string('constant') });
  node('Conv', ['padded', 'w'], 'conv', { kernel_shape: attr.ints([3, 3]) });
  node('Pad', ['nchw', 'pads', 'ninf'], 'padded2', { mode: attr.string('constant') });
  node('MaxPool', ['padded2'], 'pool', { kernel_shape: attr.ints([3, 3]), strides: attr.ints([2, 2]) });
  return g;
}

async function run(g: OnnxGraph, x: Float32Array): Promise<Float32Array[]> {
  const session = await ort.InferenceSession.create(encodeModel(g), { graphOptimizationLevel: 'disabled' });
  try {
    const out = await session.run({ x: new ort.Tensor('float32', x, [1, 2, 5, 5]) });
    return [out.conv!.data as Float32Array, out.pool!.data as Float32Array];
  } finally {
    await session.release();
  }
}

test('Transpose pairs cancel, Pads fold into Conv and MaxPool, results unchanged', async () => {
  const x = Float32Array.from({ length: 50 }, (_, i) => Math.cos(i * 0.7) - 0.2);
  const before = await run(sample(), x);
  const g = sample();
  cancelTransposes(g);
  foldPads(g);
  assert.deepEqual(
    g.nodes.map((n) => n.op),
    ['Conv', 'MaxPool'],
  );
  assert.deepEqual(g.nodes[0]!.attrs.pads, attr.ints([1, 1, 1, 1]));
  assert.deepEqual(g.nodes[0]!.inputs, ['x', 'w']);
  assert.deepEqual([...g.initializers.keys()], ['w']);
  const after = await run(g, x);
  for (const [i, out] of after.entries()) {
    const max = Math.max(...out.map((v, j) => Math.abs(v - before[i]![j]!)));
    assert.ok(max < 1e-6, `output ${i} differs by ${max}`);
  }
});

test('non-cancelling Transposes compose into one', () => {
  const g = emptyGraph('t');
  g.inputs.push({ name: 'x', elemType: 'float32', dims: [1, 2, 3, 4] });
  g.outputs.push({ name: 'b', elemType: 'float32', dims: [1, 4, 2, 3] });
  g.nodes.push({ op: 'Transpose', name: 'a', inputs: ['x'], outputs: ['a'], attrs: { perm: attr.ints([0, 2, 3, 1]) } });
  g.nodes.push({ op: 'Transpose', name: 'b', inputs: ['a'], outputs: ['b'], attrs: { perm: attr.ints([0, 2, 3, 1]) } });
  cancelTransposes(g);
  assert.equal(g.nodes.length, 1);
  assert.deepEqual(g.nodes[0]!.inputs, ['x']);
  // [1,2,3,4] → [1,3,4,2] → [1,4,2,3]: axes (0, 3, 1, 2) of x
  assert.deepEqual(g.nodes[0]!.attrs.perm, attr.ints([0, 3, 1, 2]));
});
