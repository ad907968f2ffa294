// Graph clean-ups after a literal op-by-op mapping: Transpose pairs, zero Pads before Conv, dead nodes.
import type { OnnxGraph, OnnxNode } from './model.js';
import { attr } from './model.js';

function producers(g: OnnxGraph): Map<string, OnnxNode> {
  const m = new Map<string, OnnxNode>();
  for (const n of g.nodes) for (const o of n.outputs) m.set(o, n);
  return m;
}

function consumers(g: OnnxGraph): Map<string, OnnxNode[]> {
  const m = new Map<string, OnnxNode[]>();
  for (const n of g.nodes) for (const i of n.inputs) m.set(i, [...(m.get(i) ?? []), n]);
  return m;
}

function isGraphOutput(g: OnnxGraph, name: string): boolean {
  return g.outputs.some((o) => o.name === name);
}

/** Points every consumer of `from` at `to`. */
export function replaceUses(g: OnnxGraph, from: string, to: string): void {
  for (const n of g.nodes) n.inputs = n.inputs.map((i) => (i === from ? to : i));
}

/** Renames a tensor everywhere (producer, consumers, graph outputs). */
export function renameTensor(g: OnnxGraph, from: string, to: string): void {
  for (const n of g.nodes) {
    n.inputs = n.inputs.map((i) => (i === from ? to : i));
    n.outputs = n.outputs.map((o) => (o === from ? to : o));
  }
  for (const o of g.outputs) if (o.name === from) o.name = to;
}

/** Drops nodes and initializers that no graph output depends on. */
export function removeDeadNodes(g: OnnxGraph): void {
  const prod = producers(g);
  const live = new Set<OnnxNode>();
  const needed = new Set<string>();
  const stack = g.outputs.map((o) => o.name);
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (needed.has(t)) continue;
    needed.add(t);
    const p = prod.get(t);
    if (p && !live.has(p)) {
      live.add(p);
      stack.push(...p.inputs.filter((i) => i !== ''));
    }
  }
  g.nodes = g.nodes.filter((n) => live.has(n));
  for (const name of [...g.initializers.keys()]) if (!needed.has(name)) g.initializers.delete(name);
}

/** Merges Transpose(Transpose(x)) into one Transpose, or into nothing when the perms cancel. */
export function cancelTransposes(g: OnnxGraph): void {
  for (let changed = true; changed; ) {
    changed = false;
    const prod = producers(g);
    for (const n of g.nodes) {
      if (n.op !== 'Transpose') continue;
      const p = prod.get(n.inputs[0]!);
      if (p?.op !== 'Transpose') continue;
      const outer = permOf(n);
      const inner = permOf(p);
      const composed = outer.map((axis) => inner[axis]!);
      const identity = composed.every((axis, i) => axis === i);
      if (identity && !isGraphOutput(g, n.outputs[0]!)) {
        replaceUses(g, n.outputs[0]!, p.inputs[0]!);
        n.inputs = [];
        n.op = 'Dead';
      } else if (!identity) {
        n.inputs = [p.inputs[0]!];
        n.attrs.perm = attr.ints(composed);
      } else continue;
      changed = true;
    }
    g.nodes = g.nodes.filter((n) => n.op !== 'Dead');
  }
  removeDeadNodes(g);
}

function permOf(n: OnnxNode): number[] {
  const a = n.attrs.perm;
  if (a?.kind !== 'ints') throw new Error(`Transpose ${n.name} without perm`);
  return a.value;
}

/** Folds a constant Pad on H/W into the pads of the Conv (value 0) or MaxPool (value -inf) reading it. */
export function foldPads(g: OnnxGraph): void {
  const cons = consumers(g);
  for (const pad of g.nodes) {
    if (pad.op !== 'Pad' || (pad.attrs.mode && pad.attrs.mode.value !== 'constant')) continue;
    const pads = g.initializers.get(pad.inputs[1]!)?.data;
    if (!(pads instanceof BigInt64Array) || pads.length !== 8) continue;
    const [nb, cb, hb, wb, ne, ce, he, we] = [...pads].map(Number) as number[];
    if (nb || cb || ne || ce || [hb, wb, he, we].some((p) => p! < 0)) continue;
    const valueName = pad.inputs[2];
    const value = valueName ? g.initializers.get(valueName)?.data[0] : 0;
    const users = cons.get(pad.outputs[0]!) ?? [];
    const target = value === 0 ? 'Conv' : value === Number.NEGATIVE_INFINITY ? 'MaxPool' : undefined;
    if (users.length === 0 || isGraphOutput(g, pad.outputs[0]!)) continue;
    if (!users.every((u) => u.op === target && u.inputs[0] === pad.outputs[0])) continue;
    for (const u of users) {
      const old = u.attrs.pads?.kind === 'ints' ? u.attrs.pads.value : [0, 0, 0, 0];
      u.attrs.pads = attr.ints([old[0]! + hb!, old[1]! + wb!, old[2]! + he!, old[3]! + we!]);
      u.inputs[0] = pad.inputs[0]!;
    }
    pad.op = 'Dead';
  }
  g.nodes = g.nodes.filter((n) => n.op !== 'Dead');
  removeDeadNodes(g);
}
