// Lets a converted detector read frame pixels as they are: uint8, NHWC, RGB. The model's normalisation and channel
// order are folded into its first convolution, so nothing is converted per pixel in JavaScript, and in an int8 model
// the pixels are the first convolution's quantised input as they stand (no QuantizeLinear, no float tensor at all).
import type { Normalisation } from '../../preprocess.js';
import { PAD_PIXEL } from '../../preprocess.js';
import { attr, type OnnxGraph, type OnnxNode } from './model.js';
import { removeDeadNodes } from './optimize.js';
import type { ActivationRanges } from './quantize.js';

// Pixels are centred on the letterbox grey: the convolution's own zero padding then reads as that grey too.
const PIXEL_ZERO = PAD_PIXEL;

/** The float tensor the first convolution reads: (pixel - PIXEL_ZERO) * scale, per-channel differences folded away. */
const CENTRED = 'input/centred';
const NCHW = 'input/nchw';

const pixelScale = (norm: Normalisation) => 3 / (norm.std[0] + norm.std[1] + norm.std[2]);

/** The calibrated range of the centred tensor: exactly what uint8 pixels give, so its quantisation is the identity. */
export function pixelRanges(norm: Normalisation): ActivationRanges {
  const s = pixelScale(norm);
  return { [CENTRED]: [-PIXEL_ZERO * s, (255 - PIXEL_ZERO) * s] };
}

/**
 * Rewrites a float graph whose input is the normalised NCHW tensor into one whose input `input` is [N, H, W, 3]
 * uint8 RGB: Transpose → Cast → (p - PIXEL_ZERO) * scale → the first Conv, whose weights and bias absorb each
 * channel's mean, std and position. Exact but at the image border, where the Conv pads with PIXEL_ZERO grey instead
 * of each channel's mean colour (≤ 0.2 in normalised units).
 */
export function takePixels(g: OnnxGraph, norm: Normalisation): void {
  const input = g.inputs[0]!;
  const [n, c, h, w] = input.dims;
  if (c !== 3) throw new Error(`detector input has ${c} channels, expected 3`);
  const users = g.nodes.filter((x) => x.inputs.includes(input.name));
  const conv = users[0];
  if (users.length !== 1 || conv?.op !== 'Conv' || conv.inputs[0] !== input.name) {
    throw new Error('the detector input must feed exactly one Conv to take pixels');
  }
  foldNormalisation(g, conv, norm);
  const s = pixelScale(norm);
  g.initializers.set('input/zero', { name: 'input/zero', dims: [], data: Float32Array.of(PIXEL_ZERO) });
  g.initializers.set('input/scale', { name: 'input/scale', dims: [], data: Float32Array.of(s) });
  const node = (op: string, inputs: string[], output: string, attrs: OnnxNode['attrs'] = {}): OnnxNode => ({
    op,
    name: output,
    inputs,
    outputs: [output],
    attrs,
  });
  g.nodes.unshift(
    node('Transpose', ['input'], NCHW, { perm: attr.ints([0, 3, 1, 2]) }),
    node('Cast', [NCHW], 'input/float', { to: attr.int(1) }),
    node('Sub', ['input/float', 'input/zero'], 'input/sub'),
    node('Mul', ['input/sub', 'input/scale'], CENTRED),
  );
  conv.inputs[0] = CENTRED;
  g.inputs[0] = { name: 'input', elemType: 'uint8', dims: [n!, h!, w!, 3] };
}

// n_m = (p[src(m)] - mean_m) / std_m = d[src(m)] / (s·std_m) + (Z - mean_m) / std_m, with d = (p - Z)·s.
function foldNormalisation(g: OnnxGraph, conv: OnnxNode, norm: Normalisation): void {
  const wt = g.initializers.get(conv.inputs[1]!);
  if (!wt || !(wt.data instanceof Float32Array) || wt.dims[1] !== 3)
    throw new Error('first Conv has no 3-channel weights');
  const group = conv.attrs.group;
  if (group?.kind === 'int' && group.value !== 1) throw new Error('first Conv is grouped');
  const [outC, , kh, kw] = wt.dims as [number, number, number, number];
  const k = kh * kw;
  const src = norm.order === 'rgb' ? [0, 1, 2] : [2, 1, 0];
  const s = pixelScale(norm);
  const w = new Float32Array(wt.data.length);
  const bias = new Float32Array(outC);
  const old = conv.inputs[2] ? g.initializers.get(conv.inputs[2]) : undefined;
  if (old?.data instanceof Float32Array) bias.set(old.data);
  for (let o = 0; o < outC; o++) {
    for (let m = 0; m < 3; m++) {
      const from = (o * 3 + m) * k;
      const to = (o * 3 + src[m]!) * k;
      let sum = 0;
      for (let i = 0; i < k; i++) {
        w[to + i] = wt.data[from + i]! / (s * norm.std[m]!);
        sum += wt.data[from + i]!;
      }
      bias[o] = bias[o]! + (sum * (PIXEL_ZERO - norm.mean[m]!)) / norm.std[m]!;
    }
  }
  const name = `${conv.inputs[1]}/pixels`;
  g.initializers.set(name, { name, dims: wt.dims, data: w });
  const bName = `${conv.inputs[1]}/pixels_bias`;
  g.initializers.set(bName, { name: bName, dims: [outC], data: bias });
  conv.inputs = [conv.inputs[0]!, name, bName];
  removeDeadNodes(g);
}

/**
 * After QDQ quantisation: the centred tensor's QuantizeLinear (scale s, zero point PIXEL_ZERO) gives back the pixels
 * themselves, so its DequantizeLinear reads the transposed uint8 input and Cast, Sub, Mul and QuantizeLinear go.
 */
export function quantisedPixels(g: OnnxGraph): void {
  const q = g.nodes.find((n) => n.op === 'QuantizeLinear' && n.inputs[0] === CENTRED);
  if (!q) throw new Error('no QuantizeLinear on the pixel input: quantise the graph first');
  const zp = g.initializers.get(q.inputs[2]!)?.data;
  if (!(zp instanceof Uint8Array) || zp[0] !== PIXEL_ZERO) throw new Error('pixel input quantised off its grey');
  for (const n of g.nodes) n.inputs = n.inputs.map((i) => (i === q.outputs[0] ? NCHW : i));
  removeDeadNodes(g);
}
