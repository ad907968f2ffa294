import { randomUUID } from 'node:crypto';
import type { Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { EventKind, VigieEvent } from '../ports/recordings.js';
import type { Store } from '../ports/store.js';

/** Under which authorisation an event is produced (the legal register answers; tests may leave it out). */
export type BasisOf = (cameraId: string, kind: EventKind, atMs: number) => Promise<string | undefined>;

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

  async end(event: VigieEvent, endedAt = this.clock.now()): Promise<VigieEvent> {
    const done = { ...event, endedAt };
    await this.store.events.update(done);
    await this.bus.publish(`events.${event.kind}.ended`, done);
    return done;
  }

  recent(kinds: EventKind[], limit = 100) {
    return this.store.events.search({ kinds, limit });
  }
}
