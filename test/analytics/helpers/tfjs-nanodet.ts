// Reference NanoDet on TF.js (wasm backend): the converter's ground truth and the benchmark baseline.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import { NANODET_NATIVE_SIZE, nanodetModelDir } from '../../../src/analytics/detect/convert/convert-nanodet.js';

export interface TfjsNanodet {
  /** Outputs keyed like the ONNX model's (`scores_s8`, `boxes_s8`, …). */
  run(input: Float32Array): Promise<Record<string, Float32Array>>;
  dispose(): void;
}

let ready: Promise<void> | undefined;

function initWasm(): Promise<void> {
  ready ??= (async () => {
    const require = createRequire(import.meta.url);
    setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
    setThreadsCount(1);
    await tf.setBackend('wasm');
    await tf.ready();
  })();
  return ready;
}

interface ModelJson {
  modelTopology: { node: Array<{ name: string; op: string; input?: string[]; attr?: Record<string, any> }> };
  weightsManifest: Array<{
    paths: string[];
    weights: Array<{ name: string; shape: number[]; dtype: string; quantization?: { dtype: string } }>;
  }>;
}

/**
 * Loads the TF.js graph; for another input size the Placeholder shape and the constant Resize sizes are
 * patched the same way the converter rescales them.
 */
export async function loadTfjsNanodet(inputSize: number, modelDir = nanodetModelDir()): Promise<TfjsNanodet> {
  await initWasm();
  const json = JSON.parse(readFileSync(join(modelDir, 'nanodet.json'), 'utf8')) as ModelJson;
  const group = json.weightsManifest[0]!;
  const bin = Buffer.concat(group.paths.map((p) => readFileSync(join(modelDir, p))));
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length) as ArrayBuffer;
  const scale = inputSize / NANODET_NATIVE_SIZE;
  const resizeSizes = new Set(
    json.modelTopology.node.filter((n) => n.op === 'ResizeBilinear').map((n) => n.input![1]!),
  );
  let offset = 0;
  const view = new DataView(weightData);
  for (const w of group.weights) {
    const count = w.shape.reduce((a, b) => a * b, 1);
    if (resizeSizes.has(w.name)) {
      for (let i = 0; i < count; i++) view.setInt32(offset + 4 * i, view.getInt32(offset + 4 * i, true) * scale, true);
    }
    offset += count * (w.quantization ? 2 : 4);
  }
  for (const n of json.modelTopology.node) {
    if (n.op === 'Placeholder')
      n.attr!.shape.shape.dim = [1, 3, inputSize, inputSize].map((d) => ({ size: String(d) }));
  }
  const model = await loadGraphModel({
    load: async () => ({
      modelTopology: json.modelTopology,
      weightSpecs: group.weights as never,
      weightData,
      format: 'graph-model',
    }),
  });
  return {
    async run(input) {
      const x = tf.tensor4d(input, [1, 3, inputSize, inputSize]);
      const outs = model.execute(x) as tf.Tensor[];
      const result: Record<string, Float32Array> = {};
      for (const t of outs) {
        const [, anchors, channels] = t.shape as number[];
        const stride = inputSize / Math.sqrt(anchors!);
        result[`${channels === 80 ? 'scores' : 'boxes'}_s${stride}`] = (await t.data()) as Float32Array;
      }
      tf.dispose([x, ...outs]);
      return result;
    },
    dispose: () => model.dispose(),
  };
}
