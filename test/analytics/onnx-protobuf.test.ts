import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { attr, emptyGraph, encodeModel } from '../../src/analytics/detect/convert/onnx/model.js';
import { ProtoWriter } from '../../src/analytics/detect/convert/onnx/protobuf.js';

// Reads back one varint (test-only decoder) to check the writer's encoding.
function readVarint(bytes: Uint8Array, at: number): [bigint, number] {
  let v = 0n;
  let shift = 0n;
  let i = at;
  for (;;) {
    const b = bytes[i++]!;
    v |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [v, i];
    shift += 7n;
  }
}

test('protobuf varints round-trip, negatives as 10-byte two complement', () => {
  for (const value of [0, 1, 127, 128, 300, 2 ** 31, 2 ** 53 - 1]) {
    const w = new ProtoWriter();
    w.varint(3, value);
    const bytes = w.finish();
    assert.equal(bytes[0], (3 << 3) | 0);
    assert.equal(readVarint(bytes, 1)[0], BigInt(value));
  }
  const w = new ProtoWriter();
  w.varint(1, -1);
  const bytes = w.finish();
  assert.equal(bytes.length, 11);
  assert.equal(BigInt.asIntN(64, readVarint(bytes, 1)[0]), -1n);
});

test('protobuf length-delimited, packed and nested fields', () => {
  const w = new ProtoWriter();
  w.string(2, 'hé');
  w.packedFloats(4, [1.5, -2]);
  w.message(5, (m) => m.varint(1, 150));
  const b = w.finish();
  assert.deepEqual([...b.subarray(0, 5)], [0x12, 3, 0x68, 0xc3, 0xa9]);
  assert.deepEqual([...b.subarray(5, 7)], [0x22, 8]);
  const floats = new DataView(b.buffer, b.byteOffset + 7, 8);
  assert.equal(floats.getFloat32(0, true), 1.5);
  assert.equal(floats.getFloat32(4, true), -2);
  // field 5 wire 2, length 3, then field 1 varint 150 = 0x96 0x01 (the protobuf docs' own example)
  assert.deepEqual([...b.subarray(15)], [0x2a, 3, 0x08, 0x96, 0x01]);
});

test('onnxruntime loads a hand-built model and computes Add, Transpose and LeakyRelu', async () => {
  const g = emptyGraph('tiny');
  g.inputs.push({ name: 'x', elemType: 'float32', dims: ['n', 3] });
  g.outputs.push({ name: 'y', elemType: 'float32', dims: [3, 'n'] });
  g.initializers.set('b', { name: 'b', dims: [3], data: new Float32Array([10, -20, 30]) });
  g.nodes.push({ op: 'Add', name: 'add', inputs: ['x', 'b'], outputs: ['s'], attrs: {} });
  g.nodes.push({ op: 'Transpose', name: 't', inputs: ['s'], outputs: ['st'], attrs: { perm: attr.ints([1, 0]) } });
  g.nodes.push({ op: 'LeakyRelu', name: 'l', inputs: ['st'], outputs: ['y'], attrs: { alpha: attr.float(0.5) } });
  const session = await ort.InferenceSession.create(encodeModel(g));
  try {
    const x = new ort.Tensor('float32', new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
    const out = await session.run({ x });
    assert.deepEqual(out.y!.dims, [3, 2]);
    assert.deepEqual([...(out.y!.data as Float32Array)], [11, 14, -9, -7.5, 33, 36]);
  } finally {
    await session.release();
  }
});
