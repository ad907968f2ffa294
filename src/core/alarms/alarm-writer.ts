import type { AuditEntry, AuditJournal } from '../audit/journal.js';
import { conflict, notFound } from '../errors.js';
import type { Alarm } from '../ports/alarms.js';
import type { Bus } from '../ports/bus.js';
import type { Store } from '../ports/store.js';

/** Topic of every alarm change (payload: AlarmMessage); consoles and integrations listen to it. */
export const ALARMS_TOPIC = 'alarms.changed';
/** Also published when an alarm escalates (payload: the alarm), for paging integrations. */
export const ESCALATED_TOPIC = 'alarms.escalated';

export type AlarmChange =
  | 'raised'
  | 'attached'
  | 'situation_ended'
  | 'escalated'
  | 'acknowledged'
  | 'assigned'
  | 'commented'
  | 'closed';

export interface AlarmMessage {
  change: AlarmChange;
  alarm: Alarm;
}

interface Mutation {
  /** The next alarm, or undefined for "nothing to do" (throws a DomainError for a refused step). */
  change(cur: Alarm): Alarm | undefined;
  /** Journal entry of the step; none for bookkeeping that is not a step (an intermediate event end). */
  entry?(next: Alarm, cur: Alarm): AuditEntry | undefined;
  published?: AlarmChange;
  /** An event to link to the alarm in the same transaction. */
  link?: string;
}

const RETRIES = 3;

/** Every alarm write: the row and its journal entry in one transaction, published on the bus only once committed. */
export class AlarmWriter {
  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
    private readonly journal: AuditJournal,
  ) {}

  publish(change: AlarmChange, alarm: Alarm) {
    this.bus.publish(ALARMS_TOPIC, { change, alarm } satisfies AlarmMessage);
    if (change === 'escalated') this.bus.publish(ESCALATED_TOPIC, alarm);
  }

  async insert(a: Alarm, entry: AuditEntry): Promise<Alarm> {
    await this.store.transaction(async (tx) => {
      await tx.alarms.insert(a);
      await this.journal.record(entry, tx.audit);
    });
    const sectorId = (await this.store.cameras.get(a.cameraId))?.sectorId ?? null;
    const stored = { ...a, sectorId };
    this.publish('raised', stored);
    return stored;
  }

  /** Read, change, write if nobody wrote in between (optimistic version), else retry on fresh data. */
  async mutate(id: string, m: Mutation): Promise<Alarm | undefined> {
    for (let i = 0; i < RETRIES; i++) {
      const r = await this.store.transaction(async (tx) => {
        const cur = await tx.alarms.get(id);
        if (!cur) throw notFound(`alarm ${id}`);
        const next = m.change(cur);
        if (!next) return { next };
        if (!(await tx.alarms.update(next, cur.version))) return undefined;
        if (m.link) await tx.alarms.attachEvent(id, m.link, next.lastEventAt);
        const entry = m.entry?.(next, cur);
        if (entry) await this.journal.record(entry, tx.audit);
        return { next };
      });
      if (!r) continue;
      if (r.next && m.published) this.publish(m.published, r.next);
      return r.next;
    }
    throw conflict(`alarm ${id} kept changing meanwhile: reload it and try again`);
  }
}
