// Shape arithmetic, attribute decoding and constant folding for the TF.js → ONNX mapping.
import type { TfConst, TfNode } from './tfjs-graph.js';

export const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

export function broadcast(a: number[], b: number[]): number[] {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    return x === 1 ? y : x;
  });
}

export function decodeString(a: { s?: string } | undefined): string {
  return a?.s ? Buffer.from(a.s, 'base64').toString('utf8') : '';
}

export function listInts(node: TfNode, key: string, fallback: number[]): number[] {
  return node.attr[key]?.list?.i?.map(Number) ?? fallback;
}

// Explicit [top, left, bottom, right] pads for TF's VALID / SAME on a 2-D window.
export function windowPads(n: TfNode, inHW: number[], k: number[], s: number[], d: number[]): number[] {
  const padding = decodeString(n.attr.padding);
  if (padding === 'VALID') return [0, 0, 0, 0];
  if (padding !== 'SAME') throw new Error(`${n.op} ${n.name}: padding ${padding} not supported`);
  const total = [0, 1].map((i) => {
    const span = (k[i]! - 1) * d[i]! + 1;
    return Math.max((Math.ceil(inHW[i]! / s[i]!) - 1) * s[i]! + span - inHW[i]!, 0);
  });
  return [Math.floor(total[0]! / 2), Math.floor(total[1]! / 2), Math.ceil(total[0]! / 2), Math.ceil(total[1]! / 2)];
}

// Output height/width of a 2-D window op with explicit pads.
export function windowOut(inHW: number[], k: number[], s: number[], d: number[], p: number[]): number[] {
  return [0, 1].map((i) => Math.floor((inHW[i]! + p[i]! + p[i + 2]! - ((k[i]! - 1) * d[i]! + 1)) / s[i]!) + 1);
}

/** Value of a node whose inputs are all constant (computed at conversion time), else undefined. */
export function foldConstant(n: TfNode, ins: Array<TfConst | undefined>): TfConst | undefined {
  if (ins.some((c) => !c) || n.op === 'Const' || n.op === 'Placeholder') return undefined;
  const c = ins as TfConst[];
  if (n.op === 'SparseToDense') {
    const [indices, outShape, values, dflt] = c as [TfConst, TfConst, TfConst, TfConst];
    const shape = [...outShape.data];
    const out = new Int32Array(size(shape)).fill(dflt.data[0]!);
    const rank = shape.length;
    for (let k = 0; k < size(indices.shape) / rank; k++) {
      let flat = 0;
      for (let j = 0; j < rank; j++) flat = flat * shape[j]! + indices.data[k * rank + j]!;
      out[flat] = values.data.length === 1 ? values.data[0]! : values.data[k]!;
    }
    return { shape, data: out };
  }
  if ((n.op === 'Add' || n.op === 'AddV2') && c[0]!.data.length === c[1]!.data.length) {
    const out = c[0]!.data.slice();
    for (let i = 0; i < out.length; i++) out[i] = out[i]! + c[1]!.data[i]!;
    return { shape: c[0]!.shape, data: out };
  }
  throw new Error(`${n.op} ${n.name}: cannot fold constant op`);
}
