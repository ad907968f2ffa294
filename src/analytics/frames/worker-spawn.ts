// Starts one analysis worker thread on worker-entry, from compiled JavaScript or from TypeScript under tsx.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

// Same extension as this file: .ts under tsx (tests, dev), .js once compiled.
const ENTRY = new URL(`./worker-entry${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

export function startWorker(): Worker {
  if (!ENTRY.pathname.endsWith('.ts')) return new Worker(ENTRY);
  // Node 20 does not hand tsx's loader hooks to workers: under tsx the worker registers them itself first.
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return new Worker(`import(${tsx}).then((m) => { m.register(); return import(${JSON.stringify(ENTRY.href)}); })`, {
    eval: true,
  });
}
