// Starts one analysis worker thread on worker-entry, from compiled JavaScript or from TypeScript under tsx.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';

/**
 * Old-generation size a new analysis isolate starts with. An analysis worker keeps ~15 MB alive and allocates per
 * frame; from V8's small default start it re-marked that heap every ~25 busy frames (25 full collections over
 * PETS09's 568, their concurrent marking ~0.35 ms a frame on the other core); from 64 MB, 1.
 */
export const ANALYSIS_INITIAL_HEAP_MB = 64;
let heapConfigured = false;

/** Read by V8 when an isolate is made, so set before the first worker starts (process-wide, once). */
function configureAnalysisHeap(): void {
  if (heapConfigured) return;
  heapConfigured = true;
  v8.setFlagsFromString(`--initial-heap-size=${ANALYSIS_INITIAL_HEAP_MB}`);
}

// Same extension as this file: .ts under tsx (tests, dev), .js once compiled.
const ENTRY = new URL(`./worker-entry${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

export function startWorker(): Worker {
  configureAnalysisHeap();
  if (!ENTRY.pathname.endsWith('.ts')) return new Worker(ENTRY);
  // Node 20 does not hand tsx's loader hooks to workers: under tsx the worker registers them itself first.
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return new Worker(`import(${tsx}).then((m) => { m.register(); return import(${JSON.stringify(ENTRY.href)}); })`, {
    eval: true,
  });
}
