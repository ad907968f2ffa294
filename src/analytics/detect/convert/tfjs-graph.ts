// Reads a TF.js graph model (model.json + weight shards) into plain nodes and float32/int32 constants.
import { join } from 'node:path';
import { readAllowedSource } from '../../models/model-guard.js';

export interface TfNode {
  name: string;
  op: string;
  inputs: string[];
  attr: Record<string, TfAttrValue>;
}

export interface TfAttrValue {
  i?: string;
  f?: number;
  b?: boolean;
  s?: string;
  list?: { i?: string[]; f?: number[] };
  shape?: { dim?: Array<{ size?: string }> };
  type?: string;
}

export interface TfConst {
  shape: number[];
  data: Float32Array | Int32Array;
}

export interface TfGraph {
  nodes: TfNode[];
  consts: Map<string, TfConst>;
  /** Signature output tensors (e.g. `Identity:0`), in the file's order. */
  outputs: string[];
}

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number };
}

interface ModelJson {
  format?: string;
  signature?: { outputs?: Record<string, unknown> };
  modelTopology: { node: Array<{ name: string; op: string; input?: string[]; attr?: Record<string, TfAttrValue> }> };
  weightsManifest: Array<{ paths: string[]; weights: WeightSpec[] }>;
}

/** IEEE 754 half → float. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function decodeWeight(spec: WeightSpec, bytes: Uint8Array): TfConst {
  const count = spec.shape.reduce((a, b) => a * b, 1);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const q = spec.quantization;
  const isInt = spec.dtype === 'int32' || spec.dtype === 'int64';
  if (!isInt && spec.dtype !== 'float32') throw new Error(`tfjs weight ${spec.name}: unsupported dtype ${spec.dtype}`);
  const out = isInt ? new Int32Array(count) : new Float32Array(count);
  for (let i = 0; i < count; i++) {
    if (!q) out[i] = isInt ? view.getInt32(i * 4, true) : view.getFloat32(i * 4, true);
    else if (q.dtype === 'float16') out[i] = halfToFloat(view.getUint16(i * 2, true));
    // Affine uint8/uint16 quantisation: value = q * scale + min.
    else if (q.dtype === 'uint8') out[i] = view.getUint8(i) * (q.scale ?? 1) + (q.min ?? 0);
    else if (q.dtype === 'uint16') out[i] = view.getUint16(i * 2, true) * (q.scale ?? 1) + (q.min ?? 0);
    else throw new Error(`tfjs weight ${spec.name}: unsupported quantization ${q.dtype}`);
  }
  return { shape: spec.shape, data: out };
}

function bytesPerElement(spec: WeightSpec): number {
  const q = spec.quantization?.dtype;
  if (q === 'uint8') return 1;
  if (q === 'float16' || q === 'uint16') return 2;
  return 4;
}

/** Loads `<dir>/<jsonName>` and its weight shards. */
export function loadTfjsGraph(dir: string, jsonName: string): TfGraph {
  // Every file through the model guard: only allow-listed weights are ever read (law.md L1).
  const model = JSON.parse(readAllowedSource(join(dir, jsonName)).toString('utf8')) as ModelJson;
  if (model.format && model.format !== 'graph-model') throw new Error(`${jsonName}: not a TF.js graph model`);
  const consts = new Map<string, TfConst>();
  for (const group of model.weightsManifest) {
    // A group's shards are one contiguous buffer cut into files.
    const shards = group.paths.map((p) => readAllowedSource(join(dir, p)));
    const buf = Buffer.concat(shards);
    let offset = 0;
    for (const spec of group.weights) {
      const size = spec.shape.reduce((a, b) => a * b, 1) * bytesPerElement(spec);
      consts.set(spec.name, decodeWeight(spec, buf.subarray(offset, offset + size)));
      offset += size;
    }
  }
  const nodes = model.modelTopology.node.map((n) => ({
    name: n.name,
    op: n.op,
    inputs: (n.input ?? []).filter((i) => !i.startsWith('^')),
    attr: n.attr ?? {},
  }));
  const outputs = Object.keys(model.signature?.outputs ?? {});
  return { nodes, consts, outputs };
}
