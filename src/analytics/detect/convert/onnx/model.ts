// In-memory ONNX graph (mutable, so optimisation passes can rewrite it) and its ModelProto encoding.
// Field numbers follow onnx/onnx.proto; opset 13, IR version 8.
import { littleEndianBytes, ProtoWriter } from './protobuf.js';

export type OnnxTensorData = Float32Array | Int32Array | BigInt64Array | Int8Array | Uint8Array;

export interface OnnxTensor {
  name: string;
  dims: number[];
  data: OnnxTensorData;
}

export type OnnxAttr =
  | { kind: 'int'; value: number }
  | { kind: 'ints'; value: number[] }
  | { kind: 'float'; value: number }
  | { kind: 'floats'; value: number[] }
  | { kind: 'string'; value: string };

export interface OnnxNode {
  op: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, OnnxAttr>;
}

export interface OnnxValueInfo {
  name: string;
  elemType: 'float32' | 'int64' | 'uint8';
  /** A number, or a symbolic name for a dynamic dimension. */
  dims: Array<number | string>;
  /** Shape not declared at all (calibration outputs of any rank). */
  rankUnknown?: boolean;
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: Map<string, OnnxTensor>;
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}

export const attr = {
  int: (value: number): OnnxAttr => ({ kind: 'int', value }),
  ints: (value: number[]): OnnxAttr => ({ kind: 'ints', value }),
  float: (value: number): OnnxAttr => ({ kind: 'float', value }),
  floats: (value: number[]): OnnxAttr => ({ kind: 'floats', value }),
  string: (value: string): OnnxAttr => ({ kind: 'string', value }),
};

export function emptyGraph(name: string): OnnxGraph {
  return { name, nodes: [], initializers: new Map(), inputs: [], outputs: [] };
}

// TensorProto.DataType values.
const DATA_TYPE = { float32: 1, uint8: 2, int8: 3, int32: 6, int64: 7 } as const;
// AttributeProto.AttributeType values.
const ATTR_TYPE = { float: 1, int: 2, string: 3, floats: 6, ints: 7 } as const;

function dataType(data: OnnxTensorData): number {
  if (data instanceof Float32Array) return DATA_TYPE.float32;
  if (data instanceof Int32Array) return DATA_TYPE.int32;
  if (data instanceof Int8Array) return DATA_TYPE.int8;
  if (data instanceof Uint8Array) return DATA_TYPE.uint8;
  return DATA_TYPE.int64;
}

function writeTensor(w: ProtoWriter, t: OnnxTensor): void {
  if (t.dims.length > 0) w.packedVarints(1, t.dims);
  w.varint(2, dataType(t.data));
  w.string(8, t.name);
  w.bytes(9, littleEndianBytes(t.data));
}

function writeAttr(w: ProtoWriter, name: string, a: OnnxAttr): void {
  w.string(1, name);
  w.varint(20, ATTR_TYPE[a.kind]);
  switch (a.kind) {
    case 'float':
      w.float(2, a.value);
      break;
    case 'int':
      w.varint(3, a.value);
      break;
    case 'string':
      w.string(4, a.value);
      break;
    case 'floats':
      w.packedFloats(7, a.value);
      break;
    case 'ints':
      w.packedVarints(8, a.value);
      break;
  }
}

function writeNode(w: ProtoWriter, n: OnnxNode): void {
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name);
  w.string(4, n.op);
  for (const [name, a] of Object.entries(n.attrs)) w.message(5, (aw) => writeAttr(aw, name, a));
}

function writeValueInfo(w: ProtoWriter, v: OnnxValueInfo): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.varint(1, DATA_TYPE[v.elemType]);
      if (v.rankUnknown) return;
      tensor.message(2, (shape) => {
        for (const d of v.dims) {
          shape.message(1, (dim) => (typeof d === 'number' ? dim.varint(1, d) : dim.string(2, d)));
        }
      });
    }),
  );
}

export interface EncodeOptions {
  opset?: number;
  producer?: string;
  docString?: string;
}

/** Serialises the graph as an ONNX ModelProto. */
export function encodeModel(g: OnnxGraph, opts: EncodeOptions = {}): Uint8Array {
  const w = new ProtoWriter();
  w.varint(1, 8); // ir_version
  w.string(2, opts.producer ?? 'vigie');
  w.message(7, (gw) => {
    for (const n of g.nodes) gw.message(1, (nw) => writeNode(nw, n));
    gw.string(2, g.name);
    for (const t of g.initializers.values()) gw.message(5, (tw) => writeTensor(tw, t));
    for (const v of g.inputs) gw.message(11, (vw) => writeValueInfo(vw, v));
    for (const v of g.outputs) gw.message(12, (vw) => writeValueInfo(vw, v));
  });
  w.message(8, (ow) => {
    ow.string(1, '');
    ow.varint(2, opts.opset ?? 13);
  });
  if (opts.docString) w.string(6, opts.docString);
  return w.finish();
}
