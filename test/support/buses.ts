import { randomBytes } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { MemoryBus } from '../../src/adapters/bus/memory.js';
import { NatsBus } from '../../src/adapters/bus/nats.js';
import { connectBus } from '../../src/adapters/bus/nats-connect.js';
import type { Bus } from '../../src/core/ports/bus.js';

export const NATS_TEST_URL = process.env.VIGIE_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
/** Short retries so that redelivery tests take tenths of a second (JetStream's ack-wait floor here is 1 s). */
export const TEST_RETRY = { maxDeliver: 4, retryDelayMs: 50 };

export type BusNode = {
  bus: Bus;
  /** Resolves once this node's subscriptions reached the server. */
  ready(): Promise<void>;
};
export type BusCluster = {
  /** A new node: its own connection to the same bus (memory: the same process, so the same bus). */
  node(): Promise<BusNode>;
  errors: { e: unknown; topic: string }[];
  close(): Promise<void>;
};
export type BusFactory = { name: string; unavailable(): Promise<string | undefined>; open(): Promise<BusCluster> };

export const memoryBusFactory: BusFactory = {
  name: 'memory',
  unavailable: async () => undefined,
  async open() {
    const errors: BusCluster['errors'] = [];
    const bus = new MemoryBus((e, topic) => errors.push({ e, topic }), TEST_RETRY);
    return { errors, node: async () => ({ bus, ready: async () => undefined }), close: async () => undefined };
  },
};

/** Each run gets its own subject prefix and stream on the shared server, deleted afterwards. */
export const natsBusFactory: BusFactory = {
  name: 'nats',
  async unavailable() {
    try {
      await (await connectBus(NATS_TEST_URL, { timeoutMs: 2000 })).close();
      return undefined;
    } catch (e) {
      return `${(e as Error).message}; start nats-server -js or set VIGIE_TEST_NATS_URL`;
    }
  },
  async open() {
    const id = randomBytes(5).toString('hex');
    const errors: BusCluster['errors'] = [];
    const conns: NatsConnection[] = [];
    const buses: NatsBus[] = [];
    const options = { prefix: `vt${id}`, stream: `VT_${id}`, ackWaitMs: 1000, ...TEST_RETRY };
    return {
      errors,
      async node() {
        const nc = await connectBus(NATS_TEST_URL, { name: `vigie-test-${id}` });
        conns.push(nc);
        const bus = await NatsBus.open(nc, options, (e, topic) => errors.push({ e, topic }));
        buses.push(bus);
        return { bus, ready: () => nc.flush() };
      },
      async close() {
        await buses[0]?.destroy();
        for (const nc of conns) await nc.close();
      },
    };
  },
};

/** Waits until `cond` holds (delivery is asynchronous on NATS), failing with `what` after `ms`. */
export async function until(cond: () => boolean, what: string, ms = 5000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
