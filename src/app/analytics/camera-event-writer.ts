// One camera's analytics events into the store: a situation's start is stored with a snapshot of the masked frame,
// its end closes the stored event; every time is the frame's own (live: when it arrived), never when the worker
// answered. Writes are chained, so a start is always stored before its end.
import { randomUUID } from 'node:crypto';
import type { SnapshotFiles } from '../../adapters/storage/snapshot-files.js';
import type { AnalysisResult } from '../../analytics/pool/worker-pool.js';
import type { EventService } from '../../core/events/event-service.js';
import type { VigieEvent } from '../../core/ports/recordings.js';
import { rgbOf } from '../../media/frames/yuv.js';
import { type CentreEvent, fromRule, fromSituation } from './centre-events.js';
import type { CentreFrameResult } from './pipeline-module.js';

export class CameraEventWriter {
  /** Open situations: situation id → stored event. */
  private readonly open = new Map<string, VigieEvent>();
  private chain = Promise.resolve();

  constructor(
    private readonly cameraId: string,
    private readonly events: EventService,
    private readonly snapshots: SnapshotFiles,
  ) {}

  write(r: AnalysisResult<CentreFrameResult>): Promise<void> {
    const all = [...r.result.ruleEvents.map(fromRule), ...(r.result.situationEvents ?? []).map(fromSituation)];
    if (all.length === 0) return this.chain;
    return this.queue(async () => {
      for (const ev of all) await this.one(r, ev);
    });
  }

  /** Ends every open situation (the camera stops or its pipeline is rebuilt). */
  endAll(at: number): Promise<void> {
    return this.queue(async () => {
      const open = [...this.open.values()];
      this.open.clear();
      for (const e of open) await this.events.end(e, at);
    });
  }

  private queue(job: () => Promise<void>): Promise<void> {
    const next = this.chain.then(job);
    this.chain = next.catch(() => {});
    return next;
  }

  private async one(r: AnalysisResult<CentreFrameResult>, ev: CentreEvent) {
    const at = r.ptsMs;
    if (ev.phase === 'start') {
      const id = randomUUID();
      const snapshot = r.frame ? await this.snapshots.save(this.cameraId, id, at, rgbOf(r.frame)) : undefined;
      const stored = await this.events.emit({
        id,
        cameraId: this.cameraId,
        kind: ev.kind,
        startedAt: at,
        score: ev.score,
        trackIds: ev.trackIds,
        ...(ev.box && { box: ev.box }),
        ...(ev.zoneId && { zoneId: ev.zoneId }),
        ...(snapshot && { snapshot }),
        // frameAt: when the frame that raised it arrived (live: wall clock), for end-to-end latency.
        details: { ...ev.details, frameWidth: r.frame?.width, frameHeight: r.frame?.height, frameAt: r.result.tMs },
      });
      // A crossing (wrong way) starts and ends in the same frame.
      if (ev.endedAt === undefined) this.open.set(ev.situationId, stored);
      else await this.events.end(stored, at);
    } else if (ev.phase === 'end') {
      const open = this.open.get(ev.situationId);
      if (open) {
        this.open.delete(ev.situationId);
        await this.events.end({ ...open, score: Math.max(open.score, ev.score), trackIds: ev.trackIds }, at);
      }
    }
  }
}
