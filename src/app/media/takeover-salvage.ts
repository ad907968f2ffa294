import { stat } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { SegmentStorage } from '../../core/ports/segment-storage.js';
import type { RecordingIndex } from '../../core/recordings/recorder-index.js';

const INCOMING = /^[^/]+\/\.incoming\//;

/**
 * A cluster recorder's repair of one camera's folder as it takes the camera (issue 23): what an earlier holder left —
 * the file a killed node was writing, a closed segment it had not indexed yet, a file moved into place before a crash —
 * is indexed (repaired if cut), and rows of that camera whose file is gone are dropped. Other cameras' files and rows
 * are never touched: their holders, live on other nodes, are writing them. A file in `.incoming` written less than
 * `quietMs` ago may be a live former holder's last segment (it indexes it itself): it is looked at again later.
 */
export class TakeoverSalvage {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly index: RecordingIndex,
    private readonly storage: SegmentStorage,
    private readonly log: Logger,
    private readonly quietMs: number,
    /** Whether this node still records the camera (a later look is dropped once it lost it). */
    private readonly holds: (cameraId: string) => boolean,
    /** Runs a job the supervisor's clean stop waits for. */
    private readonly track: (job: Promise<void>) => void,
    /** Whether this node's own recorder is indexing that file now (absolute path): looked at again later. */
    private readonly busy: (file: string) => boolean = () => false,
  ) {}

  /**
   * The camera's `.incoming` folder now, before this node's recorder writes into it: all of it was left by earlier
   * holders (a small folder: the camera starts recording without waiting for the listing of its whole history).
   */
  listBefore(cameraId: string): Promise<string[]> {
    return this.index.listFiles(`${cameraId}/.incoming`).catch(() => []);
  }

  /** Salvages `incoming` (listed by listBefore) and the files in place in the camera's folder, in the background. */
  salvage(cameraId: string, incoming: string[]): void {
    const all = this.index
      .listFiles(cameraId)
      .catch(() => [])
      .then((files) => [...incoming, ...files.filter((f) => !INCOMING.test(f))]);
    this.track(all.then((files) => this.pass(cameraId, files, 0)));
  }

  private async pass(cameraId: string, files: string[], round: number): Promise<void> {
    const now = Date.now();
    const ready: string[] = [];
    const young: string[] = [];
    for (const rel of files) {
      if (!INCOMING.test(rel)) {
        ready.push(rel);
        continue;
      }
      const abs = this.storage.absolute(rel);
      const s = await stat(abs).catch(() => undefined);
      if (!s) continue; // indexed (or removed) by its writer meanwhile
      (now - s.mtimeMs < this.quietMs || this.busy(abs) ? young : ready).push(rel);
    }
    try {
      const report = await this.index.reconcile(ready, cameraId);
      if (report.indexed || report.repaired || report.discarded || report.staleRows)
        this.log.info({ camera: cameraId, ...report, round }, 'camera taken over: its leftovers reconciled');
    } catch (err) {
      this.log.error(
        { err, camera: cameraId },
        'could not reconcile a taken-over camera (retried when it is taken again)',
      );
    }
    if (!young.length || this.stopped || !this.holds(cameraId)) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped && this.holds(cameraId)) this.track(this.pass(cameraId, young, round + 1));
    }, this.quietMs);
    this.timers.add(t);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
