// Runs per-camera pipelines on worker threads: each camera sticks to one worker (pipelines keep state), at most
// one frame per camera in flight, a bounded drop-oldest queue in front of it, frame bytes transferred both ways.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { assertFrame, type Frame, ownedCopy, ownsBuffer } from '../../media/frames/frame.js';
import { type CameraStats, StatsCounter } from './camera-stats.js';
import { LatestFrameQueue } from './frame-queue.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { startWorker } from './worker-spawn.js';

export interface AnalysisResult<R> {
  cameraId: string;
  seq: number;
  ptsMs: number;
  /** Analysis time inside the worker. */
  ms: number;
  result: R;
  /** The frame as the pipeline left it (e.g. masked), when the pool was created with returnFrames. */
  frame?: Frame;
}

export interface AnalysisPoolOptions<R> {
  /** Worker threads; default: the cores available. */
  workers?: number;
  /** Frames waiting per camera before the oldest is dropped. Default 2. */
  queueCapacity?: number;
  /** Ship the frame bytes back with each result (no copy: the buffer is transferred back). */
  returnFrames?: boolean;
  onResult?: (r: AnalysisResult<R>) => void;
  onError?: (cameraId: string, error: string, seq?: number) => void;
}

interface Camera {
  id: string;
  worker: number;
  moduleUrl: string;
  config: unknown;
  queue: LatestFrameQueue;
  stats: StatsCounter;
  inflight: Frame | undefined;
  ready: boolean;
  /** What the pipeline reported when it opened (its describe()). */
  info?: unknown;
}

type Pending = { resolve: () => void; reject: (e: Error) => void };

export class AnalysisPool<R = unknown> {
  private readonly workers: Worker[] = [];
  private readonly cameras = new Map<string, Camera>();
  private readonly pending = new Map<string, Pending>();
  private idleWaiters: (() => void)[] = [];
  private closing = false;
  private respawnDelay = 50;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Workers that died and were replaced. */
  respawns = 0;

  constructor(private readonly opts: AnalysisPoolOptions<R> = {}) {
    const n = opts.workers ?? availableParallelism();
    if (!Number.isInteger(n) || n < 1) throw new Error(`workers must be an integer >= 1, got ${n}`);
    for (let i = 0; i < n; i++) this.workers.push(this.spawn(i));
  }

  get size(): number {
    return this.workers.length;
  }

  private spawn(index: number): Worker {
    const w = startWorker();
    const bornAt = Date.now();
    w.on('message', (m: FromWorker) => this.onMessage(index, m));
    w.on('error', (err) => this.opts.onError?.('*', `worker ${index}: ${err.message}`));
    w.on('exit', () => {
      if (this.closing) return;
      // A worker that keeps dying at birth is retried ever more slowly (100 ms doubling to 10 s), not in a hot loop.
      this.respawnDelay = Date.now() - bornAt > 10_000 ? 100 : Math.min(this.respawnDelay * 2, 10_000);
      const t = setTimeout(() => {
        this.timers.delete(t);
        this.replace(index);
      }, this.respawnDelay);
      this.timers.add(t);
    });
    return w;
  }

  // A dead worker loses its pipelines' state; the cameras are reopened fresh on a new worker in the same slot.
  private replace(index: number): void {
    if (this.closing) return;
    this.respawns++;
    this.workers[index] = this.spawn(index);
    for (const cam of this.cameras.values()) {
      if (cam.worker !== index) continue;
      if (cam.inflight) this.finish(cam, 0, false, `worker ${index} died`);
      cam.ready = false;
      this.post(cam.worker, { type: 'open', cameraId: cam.id, moduleUrl: cam.moduleUrl, config: cam.config });
    }
  }

  private post(index: number, msg: ToWorker, transfer: ArrayBuffer[] = []): void {
    this.workers[index]!.postMessage(msg, transfer);
  }

  /** Opens a camera's pipeline (module exporting createPipeline) on the least loaded worker. */
  addCamera(cameraId: string, moduleUrl: string | URL, config: unknown = {}): Promise<void> {
    if (this.cameras.has(cameraId)) return Promise.reject(new Error(`camera ${cameraId} is already in the pool`));
    const load = this.workers.map(() => 0);
    for (const c of this.cameras.values()) load[c.worker]! += 1 + c.stats.msPerFrame;
    const worker = load.indexOf(Math.min(...load));
    const url = String(moduleUrl);
    const cam: Camera = {
      id: cameraId,
      worker,
      moduleUrl: url,
      config,
      queue: new LatestFrameQueue(this.opts.queueCapacity ?? 2),
      stats: new StatsCounter(),
      inflight: undefined,
      ready: false,
    };
    this.cameras.set(cameraId, cam);
    return new Promise<void>((resolve, reject) => {
      this.pending.set(`open:${cameraId}`, { resolve, reject });
      this.post(worker, { type: 'open', cameraId, moduleUrl: url, config });
    });
  }

  /**
   * Hands a frame over (the pool takes ownership: its bytes are transferred to a worker). Returns false when an
   * older frame of that camera had to be dropped to make room.
   */
  submit(frame: Frame): boolean {
    const cam = this.cameras.get(frame.cameraId);
    if (!cam) throw new Error(`camera ${frame.cameraId} is not in the pool`);
    assertFrame(frame);
    const dropped = cam.queue.push(frame);
    this.pump(cam);
    return dropped === undefined;
  }

  private pump(cam: Camera): void {
    if (cam.inflight || !cam.ready) return;
    const next = cam.queue.shift();
    if (!next) {
      this.checkIdle();
      return;
    }
    const frame = ownsBuffer(next.data) ? next : { ...next, data: ownedCopy(next.data) };
    cam.inflight = frame;
    const returnFrame = this.opts.returnFrames ?? false;
    this.post(cam.worker, { type: 'frame', frame, returnFrame }, [frame.data.buffer as ArrayBuffer]);
  }

  private finish(cam: Camera, ms: number, ok: boolean, error?: string): Frame | undefined {
    const frame = cam.inflight;
    cam.inflight = undefined;
    cam.stats.record(ms, ok);
    if (!ok) this.opts.onError?.(cam.id, error ?? 'failed', frame?.seq);
    return frame;
  }

  private onMessage(index: number, m: FromWorker): void {
    const cam = this.cameras.get(m.cameraId);
    if (m.type === 'opened' || m.type === 'open-failed') {
      const p = this.pending.get(`open:${m.cameraId}`);
      this.pending.delete(`open:${m.cameraId}`);
      if (m.type === 'open-failed') {
        this.cameras.delete(m.cameraId);
        const err = new Error(`camera ${m.cameraId}: pipeline failed to open: ${m.error}`);
        if (p) p.reject(err);
        else this.opts.onError?.(m.cameraId, err.message);
        return;
      }
      if (cam && cam.worker === index) {
        cam.ready = true;
        cam.info = m.info;
      }
      p?.resolve();
      if (cam) this.pump(cam);
    } else if (m.type === 'closed') {
      this.pending.get(`close:${m.cameraId}`)?.resolve();
      this.pending.delete(`close:${m.cameraId}`);
    } else if (cam && cam.inflight?.seq === m.seq) {
      const sent = this.finish(cam, m.ms, m.type === 'result', m.type === 'frame-failed' ? m.error : undefined);
      if (m.type === 'result' && sent) {
        const frame = m.data ? { ...sent, data: m.data } : undefined;
        this.opts.onResult?.({
          cameraId: cam.id,
          seq: m.seq,
          ptsMs: sent.ptsMs,
          ms: m.ms,
          result: m.result as R,
          frame,
        });
      }
      this.pump(cam);
    }
  }

  /**
   * Rebuilds a camera's pipeline with a new config on the same worker, keeping its queue and counters: the frame in
   * flight finishes on the old pipeline, the next ones go to the new one (the decoder upstream never stops). A new
   * pipeline that fails to open removes the camera, as a failed addCamera does.
   */
  reopen(cameraId: string, config: unknown): Promise<void> {
    const cam = this.cameras.get(cameraId);
    if (!cam) return Promise.reject(new Error(`camera ${cameraId} is not in the pool`));
    cam.ready = false;
    cam.config = config;
    cam.info = undefined;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(`open:${cameraId}`, { resolve, reject });
      this.post(cam.worker, { type: 'close', cameraId });
      this.post(cam.worker, { type: 'open', cameraId, moduleUrl: cam.moduleUrl, config });
    });
  }

  /** Closes a camera's pipeline; frames still queued for it are dropped. */
  async removeCamera(cameraId: string): Promise<void> {
    const cam = this.cameras.get(cameraId);
    if (!cam) return;
    this.cameras.delete(cameraId);
    cam.queue.close();
    await new Promise<void>((resolve, reject) => {
      this.pending.set(`close:${cameraId}`, { resolve, reject });
      this.post(cam.worker, { type: 'close', cameraId });
    });
    this.checkIdle();
  }

  stats(): CameraStats[] {
    return [...this.cameras.values()].map((c) => ({
      cameraId: c.id,
      received: c.queue.received,
      analysed: c.stats.analysed,
      dropped: c.queue.dropped,
      failed: c.stats.failed,
      msPerFrame: c.stats.msPerFrame,
      msPerFrameMean: c.stats.msPerFrameMean,
      queued: c.queue.length,
      queueHighWater: c.queue.highWater,
      worker: c.worker,
      ...(c.info !== undefined && { pipeline: c.info }),
    }));
  }

  /** Resolves once no camera has a frame queued or in flight. */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.checkIdle();
    });
  }

  private checkIdle(): void {
    if (this.idleWaiters.length === 0) return;
    for (const c of this.cameras.values()) if (c.inflight || c.queue.length > 0) return;
    const ws = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of ws) w();
  }

  /** Closes every pipeline, then the workers. */
  async close(): Promise<void> {
    await Promise.all([...this.cameras.keys()].map((id) => this.removeCamera(id)));
    this.closing = true;
    for (const t of this.timers) clearTimeout(t);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
