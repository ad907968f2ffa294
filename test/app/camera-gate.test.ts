import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { MemoryLeaseStore } from '../../src/adapters/leases/memory.js';
import { LeaseGate } from '../../src/app/camera-gate.js';
import { CameraReconciler } from '../../src/app/camera-reconciler.js';
import type { ClusterNode } from '../../src/app/cluster-node.js';
import { parseConfig } from '../../src/config/load.js';
import { FencedError } from '../../src/core/cluster/fencing.js';

const log = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CAMS = ['A', 'B', 'C', 'D'];
const cluster = parseConfig({ cluster: { nats: { servers: ['nats://127.0.0.1:4222'] } } }).cluster!;

/** One node's analytics reconciler behind its lease gate, over a shared store; `running` is what it runs now. */
async function node(store: MemoryLeaseStore, name: string) {
  const registration = await store.register(
    { name, roles: ['analytics'], pid: 1, host: name, startedAt: 'now' },
    { cameras: 0, cpu: 0 },
  );
  const gate = new LeaseGate({ leases: store, registration } as unknown as ClusterNode, 'analytics', cluster, log);
  const running = new Set<string>();
  const cams = [...CAMS];
  const wanted = async () => new Map(cams.map((id) => [id, 'spec']));
  const start = async (id: string) => void running.add(id);
  const stop = async (id: string) => void running.delete(id);
  const rec = new CameraReconciler('analytics', { wanted, start, stop }, log, { gate });
  await rec.start();
  await gate.start();
  return { gate, rec, running, registration, cams };
}

test('each node runs the cameras its keeper holds: split, and a dead node’s cameras taken over after the lease', async () => {
  const store = new MemoryLeaseStore(600);
  const a = await node(store, 'n-a');
  const b = await node(store, 'n-b');
  try {
    // b registered after a claimed all four: the balancing moves hand it two, K per period.
    for (let i = 0; i < 60 && b.running.size < 2; i++) await sleep(100);
    await a.rec.poke();
    assert.equal(a.running.size + b.running.size, 4, `a ${[...a.running]} b ${[...b.running]}`);
    assert.equal(b.running.size, 2);
    assert.deepEqual(
      [...a.running].filter((id) => b.running.has(id)),
      [],
      'no camera runs on both',
    );
    // a dies: its leases are not renewed nor released (its presence lapses too).
    const gone = [...a.running];
    const fence = a.gate.fence(gone[0] ?? '');
    assert.equal(await fence(async () => 'published'), 'published', 'the holder publishes');
    await a.gate.keeper.stop({ release: false });
    await a.rec.poke();
    assert.equal(a.running.size, 0, 'a stops its cameras the moment it loses them');
    for (let i = 0; i < 40 && b.running.size < 4; i++) await sleep(100);
    assert.deepEqual([...b.running].sort(), CAMS, `b took ${gone} over`);
    // A writer left running on the dead node (paused, cut off) cannot publish beside the new owner.
    await assert.rejects(
      fence(async () => 'published'),
      FencedError,
    );
    // A node that gives a camera back itself (here: no longer wanted) finishes its last segment.
    const last = b.gate.fence('A');
    b.cams.splice(b.cams.indexOf('A'), 1);
    await b.rec.poke();
    await b.gate.keeper.kick();
    assert.equal(b.running.has('A'), false);
    assert.equal(
      (await store.owners('analytics')).some((l) => l.cameraId === 'A'),
      false,
      'A given back',
    );
    assert.equal(await last(async () => 'published'), 'published');
  } finally {
    await a.rec.stop();
    await b.gate.stop();
    await b.rec.stop();
  }
});
