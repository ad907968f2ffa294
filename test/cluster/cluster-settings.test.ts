import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import pino from 'pino';
import { LeaseGate } from '../../src/app/camera-gate.js';
import { openClusterNode } from '../../src/app/cluster-node.js';
import { parseConfig } from '../../src/config/load.js';
import type { LeaseKeeperOptions } from '../../src/core/cluster/lease-keeper.js';
import { natsMissing, type PrivateNats, startNats } from '../support/nats.js';

// The seam of `cluster.leases`: each setting reaches the piece that acts on it (the bucket and its TTL on the NATS
// server, K and the period in the keeper that moves cameras), through the wiring `vigie serve` uses.
const skip = natsMissing() ?? undefined;
let nats: PrivateNats;
before(async () => {
  if (!skip) nats = await startNats();
});
after(() => nats?.stop());

test('cluster.leases settings arrive in the bucket and the keepers', async (t) => {
  if (skip) return t.skip(skip);
  const leases = { bucket: 'city-leases', leaseSeconds: 2.5, maxMovesPerPeriod: 5, periodSeconds: 7 };
  const servers = [`nats://127.0.0.1:${nats.port}`];
  const cfg = parseConfig({ role: 'all', cluster: { nodeName: 'seam-1', nats: { servers }, leases } });
  const logger = pino({ level: 'silent' });
  const node = await openClusterNode(cfg, logger);
  assert.ok(node && cfg.cluster);
  t.after(() => node.close());
  assert.equal(node.leases.leaseMs, 2500);
  // On the server: the bucket of that name, whose TTL is the lease time (the server expires a lapsed lease by it).
  const nc = await connect({ servers });
  t.after(() => nc.close());
  const status = await (await new Kvm(nc).open('city-leases')).status();
  assert.equal(status.ttl, 2500);
  const gate = new LeaseGate(node, 'analytics', cfg.cluster, logger);
  const o = (gate.keeper as unknown as { o: LeaseKeeperOptions }).o;
  assert.equal(o.maxMovesPerPeriod, 5);
  assert.equal(o.periodMs, 7000);
  assert.equal(o.role, 'analytics');
  assert.equal(o.registration.name, 'seam-1');
});
