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
  const next = (chains.get(cameraId) ?? Promise.resolve()).then(job, job);
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
        await p;
        send({ type: 'opened', cameraId });
      } catch (err) {
        pipelines.delete(cameraId);
        send({ type: 'open-failed', cameraId, error: errorText(err) });
      }
    });
  } else if (msg.type === 'frame') {
    const { frame, returnFrame } = msg;
    enqueue(frame.cameraId, async () => {
      const t0 = performance.now();
      const back = (): [Uint8Array | undefined, ArrayBuffer[]] =>
        returnFrame ? [frame.data, [frame.data.buffer as ArrayBuffer]] : [undefined, []];
      try {
        const pipeline = pipelines.get(frame.cameraId);
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
    enqueue(cameraId, async () => {
      const p = pipelines.get(cameraId);
      pipelines.delete(cameraId);
      chains.delete(cameraId);
      try {
        await (await p)?.close?.();
      } catch {
        // A failing close must not keep the camera half-open; the pool only needs to know it is gone.
      }
      send({ type: 'closed', cameraId });
    });
  }
});
