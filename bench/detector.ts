// Detector speed: onnxruntime-node (1 and 2 threads) vs the TF.js wasm baseline on the same NanoDet model.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-node';
import { type DetectorPrecision, ensureNanodetOnnx } from '../src/analytics/detect/convert/convert-nanodet.js';
import { letterbox } from '../src/analytics/detect/letterbox.js';
import { letterboxPixels } from '../src/analytics/detect/letterbox-pixels.js';
import { OnnxDetector } from '../src/analytics/detect/onnx-detector.js';
import { fittedInput, type InputShape, type RgbFrameLike, squareInput } from '../src/analytics/detect/preprocess.js';
import { pets09Frame, pets09Missing } from '../test/analytics/helpers/pets09.js';
import { loadTfjsNanodet } from '../test/analytics/helpers/tfjs-nanodet.js';
import { machine } from './lib.js';

const SIZES = [320, 416] as const;
const RUNS = Number(process.env.VIGIE_BENCH_DETECTOR_RUNS ?? 15);
const TFJS_RUNS = Number(process.env.VIGIE_BENCH_DETECTOR_TFJS_RUNS ?? 5);
const CACHE = join(tmpdir(), 'vigie-bench-models');

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median ms of `runs` timed calls after two warm-up calls. */
async function time(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

// A PETS09 frame when the dataset is here; otherwise noise (the speed does not depend on content).
function benchFrame(): { frame: RgbFrameLike; source: string } {
  if (!pets09Missing()) return { frame: pets09Frame(100), source: 'PETS09-S2L1 frame 100 (768x576)' };
  const data = new Uint8Array(768 * 576 * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
  return { frame: { width: 768, height: 576, data }, source: 'synthetic 768x576 frame' };
}

/** What the centre's converted models read: the frame's pixels, uint8 NHWC RGB (the tfjs baseline gets floats). */
const pixelTensor = (frame: RgbFrameLike, shape: InputShape) =>
  new ort.Tensor('uint8', letterboxPixels(frame, shape).tensor, [1, shape.height, shape.width, 3]);

interface Row {
  label: string;
  ms: Record<number, number>;
}

export async function runDetectorBench(): Promise<string> {
  const { frame, source } = benchFrame();
  const rows: Row[] = [];
  const models = (precision: DetectorPrecision) =>
    Promise.all(SIZES.map((s) => ensureNanodetOnnx(CACHE, s, { precision }))).then((paths) =>
      Object.fromEntries(SIZES.map((s, i) => [s, paths[i]!])),
    );
  const byPrecision = { fp32: await models('fp32'), int8: await models('int8') };
  for (const precision of ['fp32', 'int8'] as const) {
    for (const threads of [1, 2]) {
      const label = `onnxruntime-node ${precision}, ${threads} thread${threads > 1 ? 's' : ''}, inference`;
      const row: Row = { label, ms: {} };
      for (const size of SIZES) {
        const session = await ort.InferenceSession.create(byPrecision[precision][size]!, {
          intraOpNumThreads: threads,
          interOpNumThreads: 1,
          graphOptimizationLevel: 'all',
          logSeverityLevel: 3,
          extra: { 'session.intra_op.allow_spinning': '0' },
        });
        const input = pixelTensor(frame, squareInput(size));
        row.ms[size] = await time(RUNS, () => session.run({ input }));
        await session.release();
      }
      rows.push(row);
    }
  }
  for (const precision of ['fp32', 'int8'] as const) {
    const e2e: Row = {
      label: `OnnxDetector.detect ${precision}, 1 thread (letterbox + inference + decode + NMS)`,
      ms: {},
    };
    for (const size of SIZES) {
      const det = await OnnxDetector.create({
        modelPath: byPrecision[precision][size]!,
        inputSize: size,
        threads: 1,
        scoreThreshold: 0.4,
        nmsIou: 0.4,
      });
      e2e.ms[size] = await time(RUNS, () => det.detect(frame));
      await det.close();
    }
    rows.push(e2e);
  }
  const baseline: Row = { label: 'tfjs-backend-wasm (baseline), inference', ms: {} };
  for (const size of SIZES) {
    const ref = await loadTfjsNanodet(size);
    const input = letterbox(frame, size).tensor;
    baseline.ms[size] = await time(TFJS_RUNS, () => ref.run(input));
    ref.dispose();
  }
  rows.push(baseline);
  const fitted = await fittedRows(frame);

  const cell = (r: Row, s: number) => `${r.ms[s]!.toFixed(1)} (×${(baseline.ms[s]! / r.ms[s]!).toFixed(1)})`;
  return [
    `### Person/vehicle detector (NanoDet-m), ms per frame, median (${RUNS} runs; tfjs ${TFJS_RUNS})`,
    '',
    `Input: ${source}. In brackets: speed-up over tfjs-backend-wasm at the same size.`,
    'int8: the same model quantised by `convertNanodet({ precision: "int8" })` (static QDQ, ranges calibrated on',
    'ShanghaiTech B and UCSD Ped2 frames, 7-bit weights: the same integers with or without VNNI). Accuracy of each on',
    'PETS09: docs/analytics.md.',
    '',
    `Machine: ${machine()}.`,
    '',
    `| setup | ${SIZES.map((s) => `${s}×${s}`).join(' | ')} |`,
    `|---|${SIZES.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.label} | ${SIZES.map((s) => cell(r, s)).join(' | ')} |`),
    '',
    'Full-frame input fitted to the frame (`inputShape: fit`): the long side at the size, the short side at the',
    "frame's aspect rounded up to 32, the same scale as the square input, less padding computed. int8, 1 thread,",
    'inference, in brackets the share of the square run measured in the same run:',
    '',
    '| size | square | 4:3 (PETS09, sub streams 640x480) | 16:9 (1280x720, 1920x1080) |',
    '|---|---|---|---|',
    ...fitted,
    '',
  ].join('\n');
}

/** Inference time of square vs frame-shaped inputs (int8, 1 thread), one line per size. */
async function fittedRows(frame: RgbFrameLike): Promise<string[]> {
  const out: string[] = [];
  for (const size of SIZES) {
    const shapes = [squareInput(size), fittedInput(4, 3, size), fittedInput(16, 9, size)];
    const ms: number[] = [];
    for (const shape of shapes) {
      const path = await ensureNanodetOnnx(CACHE, shape.width, { precision: 'int8', inputHeight: shape.height });
      const session = await ort.InferenceSession.create(path, {
        intraOpNumThreads: 1,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
        logSeverityLevel: 3,
        extra: { 'session.intra_op.allow_spinning': '0' },
      });
      const input = pixelTensor(frame, shape);
      ms.push(await time(RUNS, () => session.run({ input })));
      await session.release();
    }
    const cells = shapes.map(
      (s, i) => `${s.width}x${s.height}: ${ms[i]!.toFixed(1)} ms (${(ms[i]! / ms[0]!).toFixed(2)})`,
    );
    out.push(`| ${size} | ${cells.join(' | ')} |`);
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await runDetectorBench());
}
