import { randomUUID } from 'node:crypto';
import type { Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import { type EventKind, eventKinds, type VigieEvent } from '../ports/recordings.js';
import type { Store } from '../ports/store.js';

/** Under which authorisation an event is produced (the legal register answers; tests may leave it out). */
export type BasisOf = (cameraId: string, kind: EventKind, atMs: number) => Promise<string | undefined>;

/** The kinds a camera's analysis raises (every other kind comes from recording, storage, audit or the register). */
export const ANALYSIS_KINDS: EventKind[] = eventKinds.filter(
  (k) => !/^(camera_offline|camera_online|recording_gap|storage|audit_integrity|legal_basis_.*)$/.test(k),
);

/** How far back a camera's events are searched for situations a stopped analysis left open. */
const LEFT_OPEN_SCAN = 200;

export type NewEvent = Omit<VigieEvent, 'id' | 'startedAt' | 'trackIds' | 'details' | 'score'> &
  Partial<Pick<VigieEvent, 'id' | 'startedAt' | 'trackIds' | 'details' | 'score'>>;

/**
 * Stores every event first (nothing is lost if a subscriber fails), then publishes it on `events.<kind>` and resolves
 * once the bus holds it (JetStream's ack in a cluster).
 */
export class EventService {
  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly basisOf?: BasisOf,
  ) {}

  async emit(e: NewEvent): Promise<VigieEvent> {
    const event: VigieEvent = {
      id: randomUUID(),
      startedAt: this.clock.now(),
      trackIds: [],
      details: {},
      score: 1,
      ...e,
    };
    if (event.authorisationId === undefined && this.basisOf) {
      const basis = await this.basisOf(event.cameraId, event.kind, event.startedAt);
      if (basis) event.authorisationId = basis;
    }
    await this.store.events.add(event);
    await this.bus.publish(`events.${event.kind}`, event);
    return event;
  }

  /** Ends a situation once: an end already stored (another node's, a redelivery) is not published again. */
  async end(event: VigieEvent, endedAt = this.clock.now()): Promise<VigieEvent> {
    const cur = await this.store.events.get(event.id);
    if (cur?.endedAt !== undefined) return cur;
    const done = { ...event, endedAt };
    await this.store.events.update(done);
    await this.bus.publish(`events.${event.kind}.ended`, done);
    return done;
  }

  /**
   * Ends the situations of a camera that an analysis which stopped without ending them left open (its process was
   * killed, its node lost): the analysis starting now on `cameraId` calls this first. Nobody else can end them, and
   * an open one would hold its alarm `ongoing` for ever, folding every later situation of the camera into it. They
   * end `at` (the last moment they are known to have lasted up to), with reason `analysis lost`. Only the camera's
   * newest LEFT_OPEN_SCAN analysis events are looked at: one left open earlier was ended at an earlier start.
   */
  async endLeftOpen(cameraId: string, at = this.clock.now()): Promise<VigieEvent[]> {
    const recent = await this.store.events.search({
      cameraIds: [cameraId],
      kinds: ANALYSIS_KINDS,
      limit: LEFT_OPEN_SCAN,
    });
    const open = recent.filter((e) => e.endedAt === undefined && e.startedAt <= at);
    const ended: VigieEvent[] = [];
    for (const e of open.reverse())
      ended.push(
        await this.end({ ...e, details: { ...e.details, reason: 'analysis lost' } }, Math.max(at, e.startedAt)),
      );
    return ended;
  }

  recent(kinds: EventKind[], limit = 100) {
    return this.store.events.search({ kinds, limit });
  }
}
