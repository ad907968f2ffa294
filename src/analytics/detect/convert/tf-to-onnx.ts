// Op-by-op mapping of a TF.js graph to ONNX, with static shapes and conversion-time constant folding.
// NHWC ops (Conv2D, MaxPool, ResizeBilinear) are wrapped in Transposes; optimize.ts cancels the pairs.
import { attr, emptyGraph, type OnnxAttr, type OnnxGraph } from './onnx/model.js';
import { broadcast, decodeString, foldConstant, listInts, size, windowOut, windowPads } from './tf-op-helpers.js';
import type { TfConst, TfGraph, TfNode } from './tfjs-graph.js';

export interface TfToOnnxOptions {
  /** TF tensors to expose as graph outputs (e.g. the Identity nodes). */
  outputs: string[];
  /** Replaces Placeholder shapes (e.g. another input size). */
  inputShapes?: Record<string, number[]>;
  /** Multiplies ResizeBilinear constant output sizes, [height, width] (the FPN sizes follow the input size). */
  resizeScale?: [number, number];
}

const TO_NCHW = [0, 3, 1, 2];
const TO_NHWC = [0, 2, 3, 1];

const ref = (name: string): string => (name.endsWith(':0') ? name.slice(0, -2) : name);
const nodeOf = (tensor: string): string => tensor.replace(/:\d+$/, '');
export function tfToOnnx(tf: TfGraph, opts: TfToOnnxOptions): OnnxGraph {
  const g = emptyGraph('main');
  const byName = new Map(tf.nodes.map((n) => [n.name, n]));
  const consts = new Map<string, TfConst>(tf.consts);
  const shapes = new Map<string, number[]>();
  const alias = new Map<string, string>();
  const skipped = new Set<string>();
  const users = new Map<string, TfNode[]>();
  for (const n of tf.nodes) for (const i of n.inputs) users.set(nodeOf(i), [...(users.get(nodeOf(i)) ?? []), n]);

  const resolve = (t: string): string => {
    let r = ref(t);
    while (alias.has(r)) r = alias.get(r)!;
    return r;
  };
  const constOf = (t: string): TfConst | undefined => consts.get(resolve(t));
  const mustConst = (n: TfNode, idx: number): TfConst => {
    const c = constOf(n.inputs[idx]!);
    if (!c) throw new Error(`${n.op} ${n.name}: input ${idx} must be constant`);
    return c;
  };
  const shapeOf = (t: string): number[] => {
    const r = resolve(t);
    const s = shapes.get(r) ?? consts.get(r)?.shape;
    if (!s) throw new Error(`no shape for ${t}`);
    return s;
  };
  // A TF constant used as a tensor input becomes an initializer on first use.
  const tensor = (t: string): string => {
    const r = resolve(t);
    const c = consts.get(r);
    if (c && !g.initializers.has(r)) {
      if (!(c.data instanceof Float32Array)) throw new Error(`integer constant ${r} used as a tensor`);
      g.initializers.set(r, { name: r, dims: c.shape, data: c.data });
    }
    return r;
  };
  const int64 = (name: string, values: number[]): string => {
    g.initializers.set(name, { name, dims: [values.length], data: BigInt64Array.from(values.map(BigInt)) });
    return name;
  };
  const emit = (op: string, name: string, inputs: string[], outputs: string[], attrs: Record<string, OnnxAttr> = {}) =>
    g.nodes.push({ op, name, inputs, outputs, attrs });
  // Runs an NCHW ONNX op on an NHWC TF tensor.
  const nhwc = (
    n: TfNode,
    op: string,
    inputs: string[],
    attrs: Record<string, OnnxAttr>,
    outNhwc: number[],
    out = n.name,
  ) => {
    emit('Transpose', `${n.name}/to_nchw`, [inputs[0]!], [`${n.name}/nchw_in`], { perm: attr.ints(TO_NCHW) });
    emit(op, n.name, [`${n.name}/nchw_in`, ...inputs.slice(1)], [`${n.name}/nchw_out`], attrs);
    emit('Transpose', `${n.name}/to_nhwc`, [`${n.name}/nchw_out`], [out], { perm: attr.ints(TO_NHWC) });
    shapes.set(out, outNhwc);
  };
  const convert = (n: TfNode): void => {
    const x = n.inputs[0] ? resolve(n.inputs[0]) : '';
    switch (n.op) {
      case 'Placeholder': {
        const shape = opts.inputShapes?.[n.name] ?? (n.attr.shape?.shape?.dim ?? []).map((d) => Number(d.size));
        g.inputs.push({ name: n.name, elemType: 'float32', dims: shape });
        shapes.set(n.name, shape);
        return;
      }
      case 'Identity':
        alias.set(n.name, x);
        return;
      case 'Transpose': {
        const perm = [...mustConst(n, 1).data];
        emit('Transpose', n.name, [x], [n.name], { perm: attr.ints(perm) });
        shapes.set(
          n.name,
          perm.map((p) => shapeOf(x)[p]!),
        );
        return;
      }
      case 'Conv2D':
        convertConv(n, x);
        return;
      case 'MaxPool': {
        const inS = shapeOf(x);
        const k = listInts(n, 'ksize', [1, 1, 1, 1]).slice(1, 3);
        const s = listInts(n, 'strides', [1, 1, 1, 1]).slice(1, 3);
        const pads = windowPads(n, inS.slice(1, 3), k, s, [1, 1]);
        const [oh, ow] = windowOut(inS.slice(1, 3), k, s, [1, 1], pads);
        const a = { kernel_shape: attr.ints(k), strides: attr.ints(s), pads: attr.ints(pads) };
        nhwc(n, 'MaxPool', [x], a, [inS[0]!, oh!, ow!, inS[3]!]);
        return;
      }
      case 'Pad':
      case 'PadV2': {
        const p = mustConst(n, 1).data;
        const rank = p.length / 2;
        const pads = [
          ...Array.from({ length: rank }, (_, i) => p[2 * i]!),
          ...Array.from({ length: rank }, (_, i) => p[2 * i + 1]!),
        ];
        const inputs = [x, int64(`${n.name}/pads`, pads)];
        if (n.op === 'PadV2') inputs.push(tensor(n.inputs[2]!));
        emit('Pad', n.name, inputs, [n.name], { mode: attr.string('constant') });
        shapes.set(
          n.name,
          shapeOf(x).map((d, i) => d + pads[i]! + pads[i + rank]!),
        );
        return;
      }
      case 'LeakyRelu':
        emit('LeakyRelu', n.name, [x], [n.name], { alpha: attr.float(n.attr.alpha?.f ?? 0.2) });
        shapes.set(n.name, shapeOf(x));
        return;
      case 'Relu':
      case 'Sigmoid':
        emit(n.op, n.name, [x], [n.name]);
        shapes.set(n.name, shapeOf(x));
        return;
      case 'Add':
      case 'AddV2':
      case 'Mul':
      case 'Sub': {
        const op = n.op === 'AddV2' ? 'Add' : n.op;
        emit(op, n.name, [tensor(n.inputs[0]!), tensor(n.inputs[1]!)], [n.name]);
        shapes.set(n.name, broadcast(shapeOf(n.inputs[0]!), shapeOf(n.inputs[1]!)));
        return;
      }
      case 'ConcatV2': {
        const parts = n.inputs.slice(0, -1);
        const rank = shapeOf(parts[0]!).length;
        const axis = (mustConst(n, parts.length).data[0]! + rank) % rank;
        emit('Concat', n.name, parts.map(tensor), [n.name], { axis: attr.int(axis) });
        const out = [...shapeOf(parts[0]!)];
        out[axis] = parts.reduce((sum, p) => sum + shapeOf(p)[axis]!, 0);
        shapes.set(n.name, out);
        return;
      }
      case 'ResizeBilinear': {
        const inS = shapeOf(x);
        const hw = [...mustConst(n, 1).data].map((v, i) => v * (opts.resizeScale?.[i] ?? 1));
        if (!hw.every(Number.isInteger)) throw new Error(`${n.name}: resize to ${hw} is not whole`);
        const mode = n.attr.align_corners?.b
          ? 'align_corners'
          : n.attr.half_pixel_centers?.b
            ? 'half_pixel'
            : 'asymmetric';
        const sizes = int64(`${n.name}/sizes`, [inS[0]!, inS[3]!, hw[0]!, hw[1]!]);
        const a = { mode: attr.string('linear'), coordinate_transformation_mode: attr.string(mode) };
        nhwc(n, 'Resize', [x, '', '', sizes], a, [inS[0]!, hw[0]!, hw[1]!, inS[3]!]);
        return;
      }
      case 'SplitV': {
        const inS = shapeOf(x);
        const axis = (mustConst(n, 2).data[0]! + inS.length) % inS.length;
        const parts = [...mustConst(n, 1).data];
        const known = parts.reduce((a, b) => (b >= 0 ? a + b : a), 0);
        const split = parts.map((p) => (p < 0 ? inS[axis]! - known : p));
        const outs = split.map((_, i) => (i === 0 ? n.name : `${n.name}:${i}`));
        emit('Split', n.name, [x, int64(`${n.name}/split`, split)], outs, { axis: attr.int(axis) });
        for (const [i, o] of outs.entries())
          shapes.set(
            o,
            inS.map((d, j) => (j === axis ? split[i]! : d)),
          );
        return;
      }
      case 'Reshape': {
        const target = [...mustConst(n, 1).data];
        if (target.includes(0)) throw new Error(`${n.name}: zero-sized Reshape not supported`);
        const known = size(target.filter((d) => d >= 0));
        const out = target.map((d) => (d < 0 ? size(shapeOf(x)) / known : d));
        emit('Reshape', n.name, [x, int64(`${n.name}/shape`, target)], [n.name]);
        shapes.set(n.name, out);
        return;
      }
      case 'Const':
        throw new Error(`constant ${n.name} has no data in the weights manifest`);
      default:
        throw new Error(`TF op ${n.op} (${n.name}) is not supported by the converter`);
    }
  };

  const convertConv = (n: TfNode, x: string): void => {
    if (decodeString(n.attr.data_format) !== 'NHWC') throw new Error(`${n.name}: only NHWC Conv2D is supported`);
    const w = mustConst(n, 1);
    const [kh, kw, ci, co] = w.shape as [number, number, number, number];
    const inS = shapeOf(x);
    // HWIO → OIHW.
    const oihw = new Float32Array(w.data.length);
    for (let h = 0; h < kh; h++)
      for (let q = 0; q < kw; q++)
        for (let i = 0; i < ci; i++)
          for (let o = 0; o < co; o++)
            oihw[((o * ci + i) * kh + h) * kw + q] = w.data[((h * kw + q) * ci + i) * co + o]!;
    g.initializers.set(`${n.name}/W`, { name: `${n.name}/W`, dims: [co, ci, kh, kw], data: oihw });
    const inputs = [x, `${n.name}/W`];
    // A bias Add that only this Conv feeds folds into the Conv's B input.
    let out = n.name;
    const next = users.get(n.name) ?? [];
    const bias = next.length === 1 && ['Add', 'AddV2', 'BiasAdd'].includes(next[0]!.op) ? next[0]! : undefined;
    const b = bias && constOf(bias.inputs.find((i) => nodeOf(i) !== n.name)!);
    if (bias && b && b.data instanceof Float32Array && b.data.length === co && size(b.shape) === co) {
      g.initializers.set(`${n.name}/B`, { name: `${n.name}/B`, dims: [co], data: b.data });
      inputs.push(`${n.name}/B`);
      skipped.add(bias.name);
      out = bias.name;
    }
    const s = listInts(n, 'strides', [1, 1, 1, 1]).slice(1, 3);
    const d = listInts(n, 'dilations', [1, 1, 1, 1]).slice(1, 3);
    const pads = windowPads(n, inS.slice(1, 3), [kh, kw], s, d);
    const [oh, ow] = windowOut(inS.slice(1, 3), [kh, kw], s, d, pads);
    const a = {
      kernel_shape: attr.ints([kh, kw]),
      strides: attr.ints(s),
      dilations: attr.ints(d),
      pads: attr.ints(pads),
      group: attr.int(inS[3]! / ci),
    };
    nhwc(n, 'Conv', inputs, a, [inS[0]!, oh!, ow!, co], out);
  };

  // Depth-first from the requested outputs: a topological order that also drops unused nodes.
  const done = new Set<string>();
  const visit = (name: string): void => {
    if (done.has(name)) return;
    done.add(name);
    const n = byName.get(name);
    if (!n) throw new Error(`unknown TF node ${name}`);
    for (const i of n.inputs) visit(nodeOf(i));
    if (skipped.has(n.name) || consts.has(n.name)) return;
    const folded = foldConstant(n, n.inputs.map(constOf));
    if (folded) consts.set(n.name, folded);
    else convert(n);
  };
  for (const o of opts.outputs) visit(nodeOf(o));
  for (const o of opts.outputs) {
    const r = resolve(o);
    g.outputs.push({ name: r, elemType: 'float32', dims: shapeOf(r) });
  }
  return g;
}
