import { attr, type OnnxGraph, type OnnxNode } from './model.js';

const i64 = (values: number[]) => BigInt64Array.from(values.map(BigInt));

/**
 * Makes a converted graph accept any batch size N: inputs and outputs get a symbolic first dimension, Reshape
 * targets copy the batch from their input (0), and Resize output sizes take N from the tensor at run time.
 * One model then serves one camera (N = 1) or a batch of cameras at once (GPU).
 */
export function makeBatchDynamic(g: OnnxGraph): void {
  for (const v of [...g.inputs, ...g.outputs]) v.dims[0] = 'N';
  const added: { before: OnnxNode; nodes: OnnxNode[] }[] = [];
  for (const n of g.nodes) {
    if (n.op === 'Reshape') {
      const shape = g.initializers.get(n.inputs[1]!);
      if (shape && shape.data instanceof BigInt64Array && shape.data[0] === 1n) {
        g.initializers.set(shape.name, { ...shape, data: i64([0, ...Array.from(shape.data.slice(1), Number)]) });
      }
    } else if (n.op === 'Resize' && n.inputs[3]) {
      const sizes = g.initializers.get(n.inputs[3]);
      if (!sizes || !(sizes.data instanceof BigInt64Array)) continue;
      // sizes = concat(shape(x)[0:2], [H, W]): the batch and channels follow the input.
      const p = `${n.name}/dyn`;
      g.initializers.set(`${p}/hw`, { name: `${p}/hw`, dims: [2], data: sizes.data.slice(2) });
      g.initializers.set(`${p}/s0`, { name: `${p}/s0`, dims: [1], data: i64([0]) });
      g.initializers.set(`${p}/s2`, { name: `${p}/s2`, dims: [1], data: i64([2]) });
      const nodes: OnnxNode[] = [
        { op: 'Shape', name: `${p}/shape`, inputs: [n.inputs[0]!], outputs: [`${p}/shape`], attrs: {} },
        { op: 'Slice', name: `${p}/nc`, inputs: [`${p}/shape`, `${p}/s0`, `${p}/s2`], outputs: [`${p}/nc`], attrs: {} },
        {
          op: 'Concat',
          name: `${p}/sizes`,
          inputs: [`${p}/nc`, `${p}/hw`],
          outputs: [`${p}/sizes`],
          attrs: { axis: attr.int(0) },
        },
      ];
      n.inputs[3] = `${p}/sizes`;
      added.push({ before: n, nodes });
    }
  }
  for (const { before, nodes } of added) g.nodes.splice(g.nodes.indexOf(before), 0, ...nodes);
}
