import { randomBytes, randomUUID } from 'node:crypto';
import { MemoryBus } from '../../src/adapters/bus/memory.js';
import { openSqliteStore } from '../../src/adapters/store/sqlite.js';
import { type AlarmOptions, AlarmService } from '../../src/core/alarms/alarm-service.js';
import { ALARMS_TOPIC, type AlarmMessage } from '../../src/core/alarms/alarm-writer.js';
import { AuditJournal } from '../../src/core/audit/journal.js';
import { EventService, type NewEvent } from '../../src/core/events/event-service.js';
import type { VigieEvent } from '../../src/core/ports/recordings.js';
import type { Role, Store } from '../../src/core/ports/store.js';
import type { Principal } from '../../src/core/users/principal.js';
import { camera } from '../contract/store.contract.js';

/** A manual clock. */
export class FakeClock {
  t = Date.parse('2026-06-01T08:00:00Z');
  now = () => this.t;
  advance(ms: number) {
    this.t += ms;
  }
}

export interface Desk {
  store: Store;
  clock: FakeClock;
  key: Buffer;
  bus: MemoryBus;
  events: EventService;
  alarms: AlarmService;
  /** Every alarms.changed message, in order. */
  published: AlarmMessage[];
  /** Emits an event and waits until the alarm service has handled it. */
  emit(e: NewEvent): Promise<VigieEvent>;
  end(e: VigieEvent): Promise<void>;
  /** A user in the store, and the principal acting as them. */
  user(username: string, role: Role, sectorIds?: string[]): Promise<Principal>;
  close(): Promise<void>;
}

/** The alarm service over a real (SQLite, in memory) store, the memory bus and a fake clock. */
export async function openDesk(opts: Partial<AlarmOptions> = {}): Promise<Desk> {
  const store = await openSqliteStore(':memory:');
  const clock = new FakeClock();
  const key = randomBytes(32);
  const bus = new MemoryBus();
  const journal = new AuditJournal(store, key, clock);
  const events = new EventService(store, bus, clock);
  const errors: unknown[] = [];
  const alarms = new AlarmService(store, bus, journal, clock, { onError: (e) => errors.push(e), ...opts });
  alarms.subscribe();
  const published: AlarmMessage[] = [];
  bus.subscribe(ALARMS_TOPIC, (m) => published.push(m as AlarmMessage));
  await store.sectors.upsert({ id: 'gare', name: 'Gare' });
  await store.sectors.upsert({ id: 'centre', name: 'Centre' });
  await store.cameras.insert(camera('CAM-G', 'gare'));
  await store.cameras.insert(camera('CAM-G2', 'gare'));
  await store.cameras.insert(camera('CAM-C', 'centre'));
  const settle = async () => {
    await alarms.idle();
    if (errors.length) throw errors[0];
  };
  return {
    store,
    clock,
    key,
    bus,
    events,
    alarms,
    published,
    async emit(e) {
      const ev = await events.emit(e);
      await settle();
      return ev;
    },
    async end(e) {
      await events.end(e);
      await settle();
    },
    async user(username, role, sectorIds = []) {
      const now = new Date(clock.now()).toISOString();
      const id = randomUUID();
      await store.users.insert({
        id,
        username,
        role,
        sectorIds,
        passwordHash: 'x',
        disabled: false,
        createdAt: now,
        updatedAt: now,
      });
      return { userId: id, username, role, sectorIds, via: 'session' };
    },
    async close() {
      await alarms.stop();
      await store.close();
    },
  };
}
