// Object detector on onnxruntime-node: letterbox → NanoDet ONNX (from convert-nanodet.ts) → decode + NMS.

import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { assertAllowedOnnx } from '../models/model-guard.js';
import { COCO_CLASSES } from './coco-classes.js';
import { letterbox } from './letterbox.js';
import { letterboxPixels } from './letterbox-pixels.js';
import { type Detection, decodeNanodet, type HeadOutput } from './nanodet-decoder.js';
import type { InputShape, RgbFrameLike } from './preprocess.js';

export type { Detection } from './nanodet-decoder.js';

export const DEFAULT_DETECTOR_CLASSES: readonly string[] = ['person', 'bicycle', 'car', 'motorcycle', 'bus', 'truck'];

export interface OnnxDetectorOptions {
  /** A model written by convertNanodet / ensureNanodetOnnx. */
  modelPath: string;
  /** Model input width (and height when inputHeight is absent). */
  inputSize: number;
  /** Model input height, for a model converted with a non-square input. */
  inputHeight?: number;
  /** Intra-op threads of the session. */
  threads: number;
  /** COCO labels to report (default: people and vehicles). */
  classes?: readonly string[];
  /** Labels of the model's score channels (default all 80 COCO classes; a model converted with `classes`: those). */
  modelClasses?: readonly string[];
  scoreThreshold: number;
  nmsIou: number;
  executionProvider?: 'cpu' | 'cuda';
  /** Receives the one-line notice when CUDA is requested but unavailable (default console.warn). */
  logger?: (message: string) => void;
  maxDetections?: number;
}

/** Whether this onnxruntime-node install ships the CUDA execution provider library. */
export function cudaProviderAvailable(): boolean {
  const require = createRequire(import.meta.url);
  const bin = join(dirname(require.resolve('onnxruntime-node/package.json')), 'bin');
  if (!existsSync(bin)) return false;
  return readdirSync(bin).some((napi) =>
    existsSync(join(bin, napi, process.platform, process.arch, 'libonnxruntime_providers_cuda.so')),
  );
}

function sessionOptions(threads: number, ep: 'cpu' | 'cuda'): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [ep],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    // Warnings about initializers the optimiser folded away are noise in a centre's logs.
    logSeverityLevel: 3,
    graphOptimizationLevel: 'all',
    // Idle pool threads sleep instead of spinning: several sessions (cameras) share the cores.
    extra: { 'session.intra_op.allow_spinning': '0' },
  };
}

export class OnnxDetector {
  // Runs are queued: one inference at a time per session, and the input buffer is reused safely.
  private tail: Promise<unknown> = Promise.resolve();
  private readonly input: Float32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>;
  private readonly shape: InputShape;
  /** Converted models read uint8 NHWC RGB pixels; older ones (and other exports) the normalised NCHW floats. */
  private readonly pixels: boolean;
  private closed = false;

  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly opts: OnnxDetectorOptions,
    private readonly keep: number[],
    private readonly strides: number[],
    /** The provider actually in use (after any fallback). */
    readonly executionProvider: 'cpu' | 'cuda',
  ) {
    this.shape = { width: opts.inputSize, height: opts.inputHeight ?? opts.inputSize };
    const meta = session.inputMetadata[0];
    this.pixels = meta?.isTensor === true && meta.type === 'uint8';
    this.input = this.allocate(1);
  }

  private allocate(frames: number): Float32Array<ArrayBuffer> | Uint8Array<ArrayBuffer> {
    const n = 3 * this.shape.width * this.shape.height * frames;
    return this.pixels ? new Uint8Array(n) : new Float32Array(n);
  }

  static async create(opts: OnnxDetectorOptions): Promise<OnnxDetector> {
    const classes = opts.classes ?? DEFAULT_DETECTOR_CLASSES;
    const unknown = classes.filter((c) => !COCO_CLASSES.includes(c));
    if (unknown.length > 0) throw new Error(`unknown detector classes: ${unknown.join(', ')}`);
    const labels = opts.modelClasses ?? COCO_CLASSES;
    const missing = classes.filter((c) => !labels.includes(c));
    if (missing.length > 0) throw new Error(`${opts.modelPath} does not score ${missing.join(', ')}`);
    const keep = classes.map((c) => labels.indexOf(c));
    // The one place a detector model is opened: the guard admits only Vigie's conversions of allow-listed weights.
    assertAllowedOnnx(opts.modelPath);
    const log = opts.logger ?? ((m: string) => console.warn(m));
    let ep = opts.executionProvider ?? 'cpu';
    let session: ort.InferenceSession | undefined;
    if (ep === 'cuda') {
      if (!cudaProviderAvailable()) {
        log('detector: CUDA requested but onnxruntime-node has no CUDA provider library here; running on CPU');
        ep = 'cpu';
      } else {
        try {
          session = await ort.InferenceSession.create(opts.modelPath, sessionOptions(opts.threads, 'cuda'));
        } catch (err) {
          log(`detector: CUDA requested but unavailable (${(err as Error).message}); running on CPU`);
          ep = 'cpu';
        }
      }
    }
    session ??= await ort.InferenceSession.create(opts.modelPath, sessionOptions(opts.threads, 'cpu'));
    const strides = session.outputNames
      .map((n) => /^scores_s(\d+)$/.exec(n)?.[1])
      .filter((s): s is string => s !== undefined)
      .map(Number);
    if (strides.length === 0 || !strides.every((s) => session.outputNames.includes(`boxes_s${s}`))) {
      await session.release();
      throw new Error(`${opts.modelPath}: not a converted NanoDet model (outputs ${session.outputNames.join(', ')})`);
    }
    const channels = session.outputMetadata.find((m) => m.name === `scores_s${strides[0]}`);
    const dims = channels?.isTensor ? channels.shape : [];
    if (typeof dims[2] === 'number' && dims[2] !== labels.length) {
      await session.release();
      throw new Error(`${opts.modelPath} scores ${dims[2]} classes, ${labels.length} labels given`);
    }
    return new OnnxDetector(session, { ...opts, modelClasses: labels }, keep, strides, ep);
  }

  /** Detections in frame pixels, highest score first. */
  detect(frame: RgbFrameLike): Promise<Detection[]> {
    if (this.closed) return Promise.reject(new Error('detector is closed'));
    const run = this.tail.then(() => this.run(frame));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Several frames (e.g. of several cameras) in one inference: what a GPU needs to be used well. */
  detectBatch(frames: RgbFrameLike[]): Promise<Detection[][]> {
    if (this.closed) return Promise.reject(new Error('detector is closed'));
    const run = this.tail.then(() => this.runBatch(frames));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async run(frame: RgbFrameLike): Promise<Detection[]> {
    return (await this.runBatch([frame]))[0]!;
  }

  private async runBatch(frames: RgbFrameLike[]): Promise<Detection[][]> {
    const { width, height } = this.shape;
    const per = 3 * width * height;
    const input = frames.length === 1 ? this.input : this.allocate(frames.length);
    const transforms = frames.map((f, i) =>
      input instanceof Uint8Array
        ? letterboxPixels(f, this.shape, input.subarray(i * per, (i + 1) * per)).transform
        : letterbox(f, this.shape, undefined, input.subarray(i * per, (i + 1) * per)).transform,
    );
    const tensor =
      input instanceof Uint8Array
        ? new ort.Tensor('uint8', input, [frames.length, height, width, 3])
        : new ort.Tensor('float32', input, [frames.length, 3, height, width]);
    const out = await this.session.run({ input: tensor });
    return frames.map((frame, i) => {
      const heads: HeadOutput[] = this.strides.map((stride) => {
        const scores = out[`scores_s${stride}`]!.data as Float32Array;
        const boxes = out[`boxes_s${stride}`]!.data as Float32Array;
        const [sn, bn] = [scores.length / frames.length, boxes.length / frames.length];
        return { stride, scores: scores.subarray(i * sn, (i + 1) * sn), boxes: boxes.subarray(i * bn, (i + 1) * bn) };
      });
      return decodeNanodet(heads, {
        classNames: this.opts.modelClasses ?? COCO_CLASSES,
        keep: this.keep,
        scoreThreshold: this.opts.scoreThreshold,
        nmsIou: this.opts.nmsIou,
        transform: transforms[i]!,
        frameWidth: frame.width,
        frameHeight: frame.height,
        maxDetections: this.opts.maxDetections,
      });
    });
  }

  /** Lets queued detections finish, then frees the session. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.tail;
    await this.session.release();
  }
}
