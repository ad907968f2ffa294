// The scaling bench's own seams (bench/cluster-*.ts): the node counts it runs for a core count, its ratio, and that a
// bench node started through the harness really is pinned to its core, joined the cluster and reports its health.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { connect } from '@nats-io/transport-node';
import { BENCH_LEASE_SECONDS, startBenchCluster } from '../../bench/cluster-place.js';
import { nodeCounts, scalingTable } from '../../bench/cluster-table.js';
import { NatsKvLeaseStore } from '../../src/adapters/leases/nats-kv.js';
import { natsMissing } from '../support/nats.js';
import { postgresFactory } from '../support/stores.js';

test('node counts follow the cores: 3 nodes need 3 cores, and the report says so', () => {
  assert.deepEqual(nodeCounts(1).counts, [1]);
  assert.deepEqual(nodeCounts(2).counts, [1, 2]);
  assert.match(nodeCounts(2).note, /3 nodes need ≥ 3 cores: this machine has 2/);
  assert.deepEqual(nodeCounts(3).counts, [1, 2, 3]);
  assert.match(nodeCounts(2).note, /2 nodes take every core/);
  assert.match(nodeCounts(3).note, /^3 nodes take every core: .*share them/);
  assert.deepEqual(nodeCounts(16), { counts: [1, 2, 3], note: '' });
});

test('the ratio is N nodes against N times the one-node row of the same run; each row says how it fared', () => {
  const row = (nodes: number, fps: number, share = 0.9) => ({
    nodes,
    cameras: 10 * nodes,
    perNode: [fps],
    fps,
    share,
    cores: 1,
  });
  const lines = scalingTable([row(1, 100), row(2, 190), row(3, 240, 0.6)]);
  assert.match(lines[2]!, /90\.0 % \(saturated\) .* \*\*1\.00\*\* \| baseline/);
  assert.match(lines[3]!, /\*\*0\.95\*\* \| ≥ 0\.9: met/);
  assert.match(lines[4]!, /60\.0 % \(overloaded\) .* \*\*0\.80\*\* \| ≥ 0\.9: not met/);
  assert.equal(lines.length, 5, 'no advice when one node saturated');
  assert.match(scalingTable([row(1, 100, 1)]).at(-1)!, /did not saturate it.*more cameras per node/);
  assert.match(scalingTable([row(1, 100, 0.5)]).at(-1)!, /far past its capacity.*fewer cameras per node/);
});

test('a bench node runs pinned to its core, registered in the cluster, and reports its health', {
  timeout: 60_000,
}, async (t) => {
  const why = natsMissing() ?? (await postgresFactory.unavailable());
  if (why) return t.skip(why);
  const c = await startBenchCluster([0], ['analytics: { enabled: true, workers: 1 }']);
  try {
    const [node] = c.nodes;
    const status = readFileSync(`/proc/${node!.proc.pid}/status`, 'utf8');
    assert.match(status, /^Cpus_allowed_list:\s+0$/m, 'taskset pinned the node to core 0');
    assert.deepEqual(
      { ...node!.health, at: 0 },
      { at: 0, cameras: 0, running: 0, receiving: 0, analysing: 0, received: 0, analysed: 0, dropped: 0 },
    );
    const nc = await connect({ servers: c.natsUrl });
    const leases = await NatsKvLeaseStore.open({ nc, bucket: 'vigie-leases', leaseMs: BENCH_LEASE_SECONDS * 1000 });
    try {
      const nodes = await leases.nodes('analytics');
      assert.deepEqual(
        nodes.map((n) => [n.name, n.pid]),
        [['an-1', node!.proc.pid]],
      );
    } finally {
      await leases.close();
      await nc.close();
    }
  } finally {
    await c.close();
  }
});
