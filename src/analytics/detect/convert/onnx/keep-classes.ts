// Cuts a NanoDet graph's class scores to the classes a camera reports: each head's last Conv computes only those
// score channels (and the box bins), so the unwanted classes cost no multiply, no sigmoid and no output copy.
import type { OnnxGraph } from './model.js';

/** Keeps score channels `keep` (indices into the model's classes, in that order) of every head. */
export function keepClasses(g: OnnxGraph, keep: readonly number[]): void {
  if (keep.length === 0) throw new Error('keepClasses needs at least one class');
  // A head: its last Conv split into class scores (then a Sigmoid) and box bins; ShuffleNet's channel splits are not.
  const heads = g.nodes.filter(
    (n) =>
      n.op === 'Split' &&
      g.initializers.get(n.inputs[1] ?? '')?.data.length === 2 &&
      g.nodes.some((s) => s.op === 'Sigmoid' && s.inputs[0] === n.outputs[0]),
  );
  if (heads.length === 0) throw new Error('no NanoDet head (Conv → Split into scores and boxes) in the graph');
  for (const split of heads) {
    const sizes = g.initializers.get(split.inputs[1]!)!;
    const [classes, bins] = [...sizes.data].map(Number) as [number, number];
    if (keep.some((k) => !Number.isInteger(k) || k < 0 || k >= classes))
      throw new Error(`class index out of 0-${classes - 1}`);
    const conv = g.nodes.find((n) => n.op === 'Conv' && n.outputs[0] === split.inputs[0]);
    const w = conv && g.initializers.get(conv.inputs[1]!);
    const b = conv && g.initializers.get(conv.inputs[2] ?? '');
    const [wd, bd] = [w?.data, b?.data];
    if (!conv || !w || !b || !(wd instanceof Float32Array) || !(bd instanceof Float32Array)) {
      throw new Error(`head ${split.name}: no float Conv with bias before the split`);
    }
    const rows = [...keep, ...Array.from({ length: bins }, (_, i) => classes + i)];
    const per = wd.length / w.dims[0]!;
    const nw = new Float32Array(rows.length * per);
    for (const [i, r] of rows.entries()) nw.set(wd.subarray(r * per, (r + 1) * per), i * per);
    const suffix = `/k${keep.length}`;
    g.initializers.set(`${w.name}${suffix}`, {
      name: `${w.name}${suffix}`,
      dims: [rows.length, ...w.dims.slice(1)],
      data: nw,
    });
    g.initializers.set(`${b.name}${suffix}`, {
      name: `${b.name}${suffix}`,
      dims: [rows.length],
      data: Float32Array.from(rows, (r) => bd[r]!),
    });
    conv.inputs = [conv.inputs[0]!, `${w.name}${suffix}`, `${b.name}${suffix}`];
    g.initializers.delete(w.name);
    g.initializers.delete(b.name);
    const split2 = `${sizes.name}${suffix}`;
    g.initializers.set(split2, { name: split2, dims: [2], data: BigInt64Array.of(BigInt(keep.length), BigInt(bins)) });
    split.inputs[1] = split2;
    fixScoreReshape(g, split.outputs[0]!, classes, keep.length);
  }
  for (const o of g.outputs) {
    if (o.name.startsWith('scores_') && o.dims[2] !== undefined) o.dims = [...o.dims.slice(0, 2), keep.length];
  }
}

// Sigmoid → Reshape [0, classes, -1]: the reshape's class dimension follows.
function fixScoreReshape(g: OnnxGraph, scores: string, classes: number, kept: number): void {
  const sig = g.nodes.find((n) => n.op === 'Sigmoid' && n.inputs[0] === scores);
  const reshape = sig && g.nodes.find((n) => n.op === 'Reshape' && n.inputs[0] === sig.outputs[0]);
  const shape = reshape && g.initializers.get(reshape.inputs[1]!);
  if (!reshape || !shape || !(shape.data instanceof BigInt64Array) || Number(shape.data[1]) !== classes) {
    throw new Error('head scores are not Sigmoid → Reshape [0, classes, -1]');
  }
  const name = `${shape.name}/k${kept}`;
  g.initializers.set(name, {
    name,
    dims: shape.dims,
    data: BigInt64Array.of(shape.data[0]!, BigInt(kept), shape.data[2]!),
  });
  reshape.inputs[1] = name;
}
