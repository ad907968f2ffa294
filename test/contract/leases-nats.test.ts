import { test } from 'node:test';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { NatsKvLeaseStore } from '../../src/adapters/leases/nats-kv.js';
import { natsMissing, type PrivateNats, startNats } from '../support/nats.js';
import { leasesContract } from './leases.contract.js';

const missing = natsMissing();
if (missing && !process.env.CI) test('NATS KV lease store', { skip: missing }, () => {});
else {
  let server: PrivateNats;
  const conns: NatsConnection[] = [];
  leasesContract({
    name: 'nats-kv',
    leaseMs: 1000,
    open: async () => {
      server = await startNats();
      const stores = [];
      for (let i = 0; i < 2; i++) {
        const nc = await connect({ servers: server.url });
        conns.push(nc);
        stores.push(await NatsKvLeaseStore.open({ nc, bucket: 'leases', leaseMs: 1000 }));
      }
      return stores as [NatsKvLeaseStore, NatsKvLeaseStore];
    },
    elapse: (ms) => new Promise((r) => setTimeout(r, ms)),
    skewed: async () => {
      const nc = await connect({ servers: server.url });
      conns.push(nc);
      // This node's clock runs 60 s ahead of the server's.
      const clock = { now: () => Date.now() + 60_000 };
      return NatsKvLeaseStore.open({ nc, bucket: 'leases', leaseMs: 1000, clock });
    },
    cleanup: async () => {
      for (const nc of conns) await nc.close();
      await server?.stop();
    },
  });
}
