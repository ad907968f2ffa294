// Worker thread entry of the analysis pool: keeps one pipeline per camera and runs frames through it.
import { parentPort } from 'node:worker_threads';
import type { FramePipeline, PipelineModule } from './pipeline.js';
import { errorText, type FromWorker, type ToWorker } from './protocol.js';

if (!parentPort) throw new Error('worker-entry must run in a worker thread');
const port = parentPort;
const pipelines = new Map<string, Promise<FramePipeline>>();
const modules = new Map<string, Promise<PipelineModule>>();
// One chain per camera: its frames are analysed in order even when analyse() is async.
const chains = new Map<string, Promise<void>>();

function send(msg: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(msg, transfer);
}

function loadModule(url: string): Promise<PipelineModule> {
  let m = modules.get(url);
  if (!m) {
    m = import(url) as Promise<PipelineModule>;
    modules.set(url, m);
  }
  return m;
}

function enqueue(cameraId: string, job: () => Promise<void>): void {
  const next: Promise<void> = (chains.get(cameraId) ?? Promise.resolve()).then(job, job).finally(() => {
    // The camera's last job done: forget its chain (a closed camera leaves nothing behind).
    if (chains.get(cameraId) === next) chains.delete(cameraId);
  });
  chains.set(cameraId, next);
}

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'open') {
    const { cameraId, moduleUrl, config } = msg;
    const p = loadModule(moduleUrl).then((mod) => {
      if (typeof mod.createPipeline !== 'function') throw new Error(`${moduleUrl} does not export createPipeline`);
      return mod.createPipeline(cameraId, config);
    });
    pipelines.set(cameraId, p);
    enqueue(cameraId, async () => {
      try {
        const pipeline = await p;
        send({ type: 'opened', cameraId, info: pipeline.describe?.() });
      } catch (err) {
        if (pipelines.get(cameraId) === p) pipelines.delete(cameraId);
        send({ type: 'open-failed', cameraId, error: errorText(err) });
      }
    });
  } else if (msg.type === 'frame') {
    const { frame, returnFrame } = msg;
    // Taken now: a reopen that arrives while this frame waits must not hand it to the new pipeline.
    const pipeline = pipelines.get(frame.cameraId);
    enqueue(frame.cameraId, async () => {
      const t0 = performance.now();
      const back = (): [Uint8Array | undefined, ArrayBuffer[]] =>
        returnFrame ? [frame.data, [frame.data.buffer as ArrayBuffer]] : [undefined, []];
      try {
        if (!pipeline) throw new Error(`no pipeline open for camera ${frame.cameraId}`);
        const result = await (await pipeline).analyse(frame);
        const [data, transfer] = back();
        send(
          { type: 'result', cameraId: frame.cameraId, seq: frame.seq, ms: performance.now() - t0, result, data },
          transfer,
        );
      } catch (err) {
        const [data, transfer] = back();
        const ms = performance.now() - t0;
        send(
          { type: 'frame-failed', cameraId: frame.cameraId, seq: frame.seq, ms, error: errorText(err), data },
          transfer,
        );
      }
    });
  } else if (msg.type === 'close') {
    const { cameraId } = msg;
    // The pipeline open now is the one closed: an 'open' right behind this 'close' (a reopen) installs its own.
    const p = pipelines.get(cameraId);
    enqueue(cameraId, async () => {
      if (pipelines.get(cameraId) === p) pipelines.delete(cameraId);
      try {
        await (await p)?.close?.();
      } catch {
        // A failing close must not keep the camera half-open; the pool only needs to know it is gone.
      }
      send({ type: 'closed', cameraId });
    });
  }
});
