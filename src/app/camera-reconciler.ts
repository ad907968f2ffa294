// Keeps what runs per camera (a recorder, an analysis) equal to what the fleet and its configuration want. Changes
// arrive pushed on the bus and are applied at once; a slow pass remains only as a safety net. Each camera fails
// alone: a start that throws is reported in that camera's health and retried with backoff, the others start anyway.
import type { Logger } from 'pino';
import type { Bus } from '../core/ports/bus.js';
import type { CameraGate } from './camera-gate.js';

export interface CameraWork<T> {
  /** What each camera should run now: camera id → its wanted state (plain data, compared as JSON). */
  wanted(): Promise<Map<string, T>>;
  start(cameraId: string, want: T): Promise<void>;
  stop(cameraId: string): Promise<void>;
  /** Applies a change in place when it can (e.g. new rules, same stream); false: stop and start again. */
  update?(cameraId: string, from: T, to: T): Promise<boolean>;
}

export interface CameraRunState {
  state: 'starting' | 'running' | 'failed';
  /** Epoch ms of the last change of state. */
  since: number;
  /** Why the last start failed. */
  error?: string;
  /** Failed starts in a row. */
  attempts: number;
  /** When the next start is tried (failed only). */
  retryAt?: number;
}

export interface ReconcilerOptions {
  bus?: Bus;
  /** Bus topics whose messages mean "the wanted state may have changed". */
  topics?: string[];
  /** The safety-net pass (ms); default 60 s. */
  safetyMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** Delay between consecutive starts of one pass (spreads ffmpeg starts); default 0. */
  staggerMs?: number;
  /** A cluster node runs only the cameras it holds a lease for; without a gate, every wanted camera. */
  gate?: CameraGate;
}

interface Entry<T> {
  want: T;
  key: string;
  run: CameraRunState;
}

export class CameraReconciler<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly unsubscribe: (() => void)[] = [];
  private chain = Promise.resolve();
  private queued = false;
  private timer?: NodeJS.Timeout;
  private readonly retries = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly work: CameraWork<T>,
    private readonly log: Logger,
    private readonly o: ReconcilerOptions = {},
  ) {}

  async start(): Promise<void> {
    for (const topic of this.o.topics ?? []) this.unsubscribe.push(this.o.bus!.subscribe(topic, () => this.poke()));
    this.o.gate?.onChange(() => void this.poke());
    await this.poke();
    // Timers never keep a process alive on their own: the centre's server does; a stopped-by-error caller must exit.
    this.timer = setInterval(() => void this.poke(), this.o.safetyMs ?? 60_000).unref();
  }

  /** Runs one pass after any pass in progress; calls made meanwhile share that one next pass. */
  poke(): Promise<void> {
    if (this.queued) return this.chain;
    this.queued = true;
    this.chain = this.chain
      .then(() => {
        this.queued = false;
        return this.stopped ? undefined : this.pass();
      })
      .catch((err) => this.log.error({ err }, `${this.name}: reconcile pass failed (retried)`));
    return this.chain;
  }

  state(cameraId: string): CameraRunState | undefined {
    const e = this.entries.get(cameraId);
    return e && { ...e.run };
  }

  ids(): string[] {
    return [...this.entries.keys()];
  }

  private async pass(): Promise<void> {
    const all = await this.work.wanted();
    const wanted = this.o.gate ? this.o.gate.filter(all) : all;
    for (const [id, e] of [...this.entries]) {
      const want = wanted.get(id);
      if (want !== undefined && JSON.stringify(want) === e.key) continue;
      if (want !== undefined && e.run.state === 'running' && (await this.updated(id, e, want))) continue;
      await this.remove(id, e);
    }
    const starts: Promise<void>[] = [];
    for (const [id, want] of wanted) {
      const e = this.entries.get(id);
      if (e && e.run.state !== 'failed') continue;
      // A retry timer may fire a little before retryAt by the wall clock (node's timers run on the loop's cached
      // monotonic time, stale on a loaded host): the camera is then not due yet, and must get a timer again, or it
      // would wait for the next safety pass (CI caught one left failed for good).
      const wait = (e?.run.retryAt ?? 0) - Date.now();
      if (e && wait > 0) {
        this.retryIn(id, wait);
        continue;
      }
      if (starts.length && this.o.staggerMs) await new Promise((r) => setTimeout(r, this.o.staggerMs));
      starts.push(this.startOne(id, want, e?.run.attempts ?? 0));
    }
    await Promise.all(starts);
  }

  private async updated(id: string, e: Entry<T>, want: T): Promise<boolean> {
    try {
      if (!(await this.work.update?.(id, e.want, want))) return false;
      this.entries.set(id, { want, key: JSON.stringify(want), run: { ...e.run, since: Date.now() } });
      return true;
    } catch (err) {
      this.log.warn({ err, camera: id }, `${this.name}: in-place update failed, restarting the camera`);
      return false;
    }
  }

  private async remove(id: string, e: Entry<T>): Promise<void> {
    this.entries.delete(id);
    clearTimeout(this.retries.get(id));
    this.retries.delete(id);
    if (e.run.state === 'failed') return;
    await this.work.stop(id).catch((err) => this.log.error({ err, camera: id }, `${this.name}: stop failed`));
  }

  private async startOne(id: string, want: T, attempts: number): Promise<void> {
    const key = JSON.stringify(want);
    const entry: Entry<T> = { want, key, run: { state: 'starting', since: Date.now(), attempts } };
    this.entries.set(id, entry);
    try {
      await this.work.start(id, want);
      if (this.entries.get(id) === entry) entry.run = { state: 'running', since: Date.now(), attempts: 0 };
    } catch (err) {
      // Whatever half-started is undone, so the retry starts clean.
      await this.work.stop(id).catch(() => {});
      if (this.entries.get(id) !== entry) return;
      const n = attempts + 1;
      const delay = Math.min((this.o.backoffInitialMs ?? 2_000) * 2 ** (n - 1), this.o.backoffMaxMs ?? 300_000);
      const error = err instanceof Error ? err.message : String(err);
      entry.run = { state: 'failed', since: Date.now(), attempts: n, error, retryAt: Date.now() + delay };
      this.log.warn({ camera: id, attempts: n, retryInMs: delay, error }, `${this.name}: camera failed to start`);
      this.retryIn(id, delay);
    }
  }

  private retryIn(id: string, ms: number): void {
    clearTimeout(this.retries.get(id));
    this.retries.set(id, setTimeout(() => void this.poke(), ms).unref());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    for (const u of this.unsubscribe) u();
    for (const t of this.retries.values()) clearTimeout(t);
    await this.chain;
    await Promise.all([...this.entries].map(([id, e]) => this.remove(id, e)));
  }
}
