// Static int8 quantisation in QDQ form: onnxruntime fuses DequantizeLinear → op → QuantizeLinear into integer
// kernels (QLinearConv …), which run on the CPU's int8 multiply-add instructions (VNNI, or AVX2's pairwise ones).
import { attr, type OnnxAttr, type OnnxGraph, type OnnxNode } from './model.js';

/** Calibrated [min, max] of each float activation tensor, from real frames. */
export type ActivationRanges = Record<string, [number, number]>;

// Ops that get quantised inputs; their outputs are quantised where the next op is one of them too.
const QUANTISED_OPS = new Set(['Conv', 'LeakyRelu', 'Add', 'Concat', 'MaxPool', 'Resize']);
// Ops that must keep their input's scale, so onnxruntime can drop their Q/DQ and run them on uint8 directly.
const SAME_SCALE_OPS = new Set(['MaxPool', 'Resize']);
// Ops whose first output is float when their first input is.
const FLOAT_OPS = new Set([...QUANTISED_OPS, 'Sigmoid', 'Split', 'Reshape', 'Transpose', 'Sub', 'Mul']);

/** Convs that compute the outputs (scores, box bins): kept in float, where int8 rounding costs box precision. */
function headConvs(g: OnnxGraph): Set<OnnxNode> {
  const consumers = new Map<string, OnnxNode[]>();
  for (const n of g.nodes) for (const i of n.inputs) consumers.set(i, [...(consumers.get(i) ?? []), n]);
  return new Set(
    g.nodes.filter((n) => n.op === 'Conv' && consumers.get(n.outputs[0]!)?.every((c) => !QUANTISED_OPS.has(c.op))),
  );
}

const quantised = (n: OnnxNode, heads: Set<OnnxNode>) => QUANTISED_OPS.has(n.op) && !heads.has(n);

/** The float activation tensors to quantise: every float input of a quantised op, in graph order. */
export function activationTensors(g: OnnxGraph): string[] {
  const heads = headConvs(g);
  const float = new Set(g.inputs.filter((v) => v.elemType === 'float32').map((v) => v.name));
  for (const init of g.initializers.values()) if (init.data instanceof Float32Array) float.add(init.name);
  const out: string[] = [];
  const seen = new Set<string>();
  for (const n of g.nodes) {
    if (quantised(n, heads)) {
      for (const t of n.inputs) {
        if (!t || !float.has(t) || g.initializers.has(t) || seen.has(t)) continue;
        seen.add(t);
        out.push(t);
      }
    }
    if (FLOAT_OPS.has(n.op) && float.has(n.inputs[0] ?? '')) for (const o of n.outputs) float.add(o);
    if (n.op === 'Cast' && n.attrs.to?.value === 1) float.add(n.outputs[0]!);
  }
  return out;
}

/** A copy of the graph that also outputs the given tensors: run it on real frames to calibrate their ranges. */
export function withTensorOutputs(g: OnnxGraph, tensors: string[]): OnnxGraph {
  const extra = tensors.map((name) => ({ name, elemType: 'float32' as const, dims: [], rankUnknown: true }));
  return { ...g, outputs: [...g.outputs, ...extra] };
}

/** Scale and zero point of an asymmetric uint8 quantisation of [min, max] (0 must be exact). */
export function uint8Params([min, max]: [number, number]): { scale: number; zeroPoint: number } {
  const lo = Math.min(min, 0);
  const hi = Math.max(max, 0);
  const scale = hi > lo ? (hi - lo) / 255 : 1;
  return { scale, zeroPoint: Math.min(255, Math.max(0, Math.round(-lo / scale))) };
}

/** Rewrites the graph in QDQ form: uint8 activations (per tensor), int8 weights and int32 biases (per channel). */
export function quantizeQdq(g: OnnxGraph, ranges: ActivationRanges): void {
  const tensors = activationTensors(g);
  const producer = new Map<string, OnnxNode>();
  for (const n of g.nodes) for (const o of n.outputs) producer.set(o, n);
  const params = new Map<string, { scale: number; zeroPoint: number }>();
  for (const t of tensors) {
    const p = producer.get(t);
    // Outputs of MaxPool/Resize reuse their input's parameters (their input was quantised before them).
    const source = p && SAME_SCALE_OPS.has(p.op) ? p.inputs[0]! : t;
    const range = ranges[source] ?? ranges[t];
    if (!range) throw new Error(`no calibrated range for tensor ${t}: the ranges file is out of date`);
    params.set(t, params.get(source) ?? uint8Params(range));
  }
  const insertAfter = new Map<OnnxNode | undefined, OnnxNode[]>();
  for (const t of tensors) {
    const { scale, zeroPoint } = params.get(t)!;
    g.initializers.set(`${t}/scale`, { name: `${t}/scale`, dims: [], data: Float32Array.of(scale) });
    g.initializers.set(`${t}/zp`, { name: `${t}/zp`, dims: [], data: Uint8Array.of(zeroPoint) });
    for (const n of g.nodes) n.inputs = n.inputs.map((i) => (i === t ? `${t}/dq` : i));
    const q = qdqNode('QuantizeLinear', t, `${t}/q`, `${t}/scale`, `${t}/zp`);
    const dq = qdqNode('DequantizeLinear', `${t}/q`, `${t}/dq`, `${t}/scale`, `${t}/zp`);
    const at = producer.get(t);
    insertAfter.set(at, [...(insertAfter.get(at) ?? []), q, dq]);
  }
  const heads = headConvs(g);
  for (const n of g.nodes.filter((x) => x.op === 'Conv' && !heads.has(x)))
    quantizeConvWeights(g, n, params, insertAfter);
  const nodes: OnnxNode[] = [...(insertAfter.get(undefined) ?? [])];
  for (const n of g.nodes) nodes.push(n, ...(insertAfter.get(n) ?? []));
  g.nodes = nodes;
}

function qdqNode(op: string, input: string, output: string, scale: string, zp: string, axis?: number): OnnxNode {
  const attrs: Record<string, OnnxAttr> = axis === undefined ? {} : { axis: attr.int(axis) };
  return { op, name: output, inputs: [input, scale, zp], outputs: [output], attrs };
}

/**
 * Largest quantised weight magnitude: 7 bits, not 8. CPUs without VNNI (AVX2) multiply uint8 activations by int8
 * weights with an instruction that adds two products into int16 and saturates: 2·255·127 overflows, 2·255·63 does
 * not. With 7-bit weights every x86 CPU computes the same exact integers (ONNX Runtime's `reduce_range`).
 */
export const WEIGHT_MAX = 63;

// Per output channel, symmetric: int8 weights with scale max|w|/WEIGHT_MAX, and the bias as int32 at scale s_x·s_w.
function quantizeConvWeights(
  g: OnnxGraph,
  conv: OnnxNode,
  params: Map<string, { scale: number; zeroPoint: number }>,
  insertAfter: Map<OnnxNode | undefined, OnnxNode[]>,
): void {
  const [x, wName, bName] = conv.inputs;
  const w = g.initializers.get(wName ?? '');
  const xParams = params.get((x ?? '').replace(/\/dq$/, ''));
  if (!w || !(w.data instanceof Float32Array) || !xParams) return;
  const channels = w.dims[0]!;
  const per = w.data.length / channels;
  const scales = new Float32Array(channels);
  const q = new Int8Array(w.data.length);
  for (let c = 0; c < channels; c++) {
    let max = 0;
    for (let i = c * per; i < (c + 1) * per; i++) max = Math.max(max, Math.abs(w.data[i]!));
    const s = max > 0 ? max / WEIGHT_MAX : 1;
    scales[c] = s;
    for (let i = c * per; i < (c + 1) * per; i++) q[i] = Math.round(w.data[i]! / s);
  }
  const nodes: OnnxNode[] = [];
  const add = (
    name: string,
    dims: number[],
    data: Int8Array | Int32Array,
    zp: Int8Array | Int32Array,
    s: Float32Array,
  ) => {
    g.initializers.set(`${name}/q`, { name: `${name}/q`, dims, data });
    g.initializers.set(`${name}/scale`, { name: `${name}/scale`, dims: [channels], data: s });
    g.initializers.set(`${name}/zp`, { name: `${name}/zp`, dims: [channels], data: zp });
    nodes.push(qdqNode('DequantizeLinear', `${name}/q`, `${name}/dq`, `${name}/scale`, `${name}/zp`, 0));
  };
  add(wName!, w.dims, q, new Int8Array(channels), scales);
  conv.inputs[1] = `${wName}/dq`;
  const b = g.initializers.get(bName ?? '');
  if (b && b.data instanceof Float32Array) {
    const bScales = scales.map((s) => s * xParams.scale);
    const bq = Int32Array.from(b.data, (v, c) => Math.round(v / bScales[c]!));
    add(bName!, b.dims, bq, new Int32Array(channels), bScales);
    conv.inputs[2] = `${bName}/dq`;
  }
  for (const name of [wName!, bName ?? '']) {
    if (!g.nodes.some((n) => n.inputs.includes(name))) g.initializers.delete(name);
  }
  // Constant DQ nodes go first: they depend on initializers only.
  insertAfter.set(undefined, [...(insertAfter.get(undefined) ?? []), ...nodes]);
}
