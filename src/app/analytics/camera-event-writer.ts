// One camera's analytics events into the store, assembled by the product's one EventAssembler (as `vigie analyze`
// does): a situation is stored when it starts (its alarm cannot wait for the end), with a snapshot of the masked
// frame, and closed when it ends. Every time is the frame's own (live: the stream's clock), never when the worker
// answered. Writes are chained, so a start is always stored before its end.
import { randomUUID } from 'node:crypto';
import type { SnapshotFiles } from '../../adapters/storage/snapshot-files.js';
import { type AnalysisEvent, EventAssembler } from '../../analytics/events/event-assembler.js';
import type { AnalysisResult } from '../../analytics/pool/worker-pool.js';
import type { EventService } from '../../core/events/event-service.js';
import type { VigieEvent } from '../../core/ports/recordings.js';
import { rgbOf } from '../../media/frames/yuv.js';
import type { CentreFrameResult } from './pipeline-module.js';

export class CameraEventWriter {
  private readonly assembler: EventAssembler;
  /** Stored events of the open situations: assembler id → stored event. */
  private readonly stored = new Map<string, VigieEvent>();
  private chain = Promise.resolve();

  constructor(
    private readonly cameraId: string,
    private readonly events: EventService,
    private readonly snapshots: SnapshotFiles,
  ) {
    this.assembler = new EventAssembler(cameraId, 'epoch');
  }

  write(r: AnalysisResult<CentreFrameResult>): Promise<void> {
    const step = this.assembler.step([...r.result.ruleEvents, ...(r.result.situationEvents ?? [])], r.seq + 1);
    if (step.started.length === 0 && step.ended.length === 0) return this.chain;
    return this.queue(async () => {
      for (const ev of step.started) await this.start(r, ev);
      for (const ev of step.ended) await this.end(ev, ev.endedAt ?? r.ptsMs);
    });
  }

  /** Ends every open situation (the camera stops or its pipeline is rebuilt). */
  endAll(at: number): Promise<void> {
    const open = this.assembler.abandon();
    return this.queue(async () => {
      for (const ev of open) await this.end(ev, at);
    });
  }

  private queue(job: () => Promise<void>): Promise<void> {
    const next = this.chain.then(job);
    this.chain = next.catch(() => {});
    return next;
  }

  private async start(r: AnalysisResult<CentreFrameResult>, ev: AnalysisEvent) {
    const id = randomUUID();
    const at = Math.round(ev.startedAt);
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
      // frameAt: the time of the frame that raised it (live: the stream's clock), for end-to-end latency.
      details: { ...ev.details, frameWidth: r.frame?.width, frameHeight: r.frame?.height, frameAt: r.result.tMs },
    });
    this.stored.set(ev.id, stored);
  }

  private async end(ev: AnalysisEvent, at: number) {
    const stored = this.stored.get(ev.id);
    if (!stored) return;
    this.stored.delete(ev.id);
    await this.events.end({ ...stored, score: ev.score, trackIds: ev.trackIds }, Math.round(at));
  }
}
