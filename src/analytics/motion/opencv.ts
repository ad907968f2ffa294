// Loads opencv-js (an 11 MB WASM build) once per thread, lazily: only cameras configured for MOG2 pay for it.
import { createRequire } from 'node:module';

/** The few opencv-js bindings used here (the package's own typings lack the video module). */
export interface CvMat {
  data: Uint8Array;
  delete(): void;
}

export interface CvBackgroundSubtractor {
  apply(image: CvMat, fgmask: CvMat, learningRate: number): void;
  delete(): void;
}

export interface OpenCv {
  CV_8UC1: number;
  Mat: new (rows?: number, cols?: number, type?: number) => CvMat;
  BackgroundSubtractorMOG2: new (
    history: number,
    varThreshold: number,
    detectShadows: boolean,
  ) => CvBackgroundSubtractor;
}

// Boxed: the Emscripten module is a thenable resolving to itself, so returning it from a promise would loop forever.
let loading: Promise<{ cv: OpenCv }> | undefined;
/** Milliseconds the last load took (require + WASM compile + runtime init), for logs and benchmarks. */
export let openCvLoadMs = 0;

/** Resolves to `{ cv }`, boxed for the reason above: never `await` or return the bare module from an async function. */
export function loadOpenCv(): Promise<{ cv: OpenCv }> {
  loading ??= (async () => {
    const t0 = performance.now();
    const m = createRequire(import.meta.url)('@techstark/opencv-js') as OpenCv & { onRuntimeInitialized?: () => void };
    // onRuntimeInitialized fires once the WASM is compiled; Mat exists only after that.
    if (typeof m.Mat !== 'function') {
      await new Promise<void>((resolve) => {
        m.onRuntimeInitialized = resolve;
      });
    }
    openCvLoadMs = performance.now() - t0;
    return { cv: m };
  })();
  return loading;
}
