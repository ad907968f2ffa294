import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryLeaseStore } from '../../src/adapters/leases/memory.js';
import { commitIfOwner, FencedError } from '../../src/core/cluster/fencing.js';
import { LeaseKeeper } from '../../src/core/cluster/lease-keeper.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const node = { name: 'embedded', roles: ['recording' as const], pid: 1, host: 'h', startedAt: 'now' };

test('embedded: one keeper on the memory store owns every camera, follows the list, and gives all back on stop', async () => {
  const store = new MemoryLeaseStore(600);
  const registration = await store.register(node, { cameras: 0, cpu: 0 });
  let cameras = ['A', 'B', 'C'];
  const events: string[] = [];
  const k = new LeaseKeeper({ store, role: 'recording', registration, cameras: () => cameras, cpu: () => 0 });
  k.on('owned', (e) => events.push(`+${e.cameraId}`));
  k.on('lost', (e) => events.push(`-${e.cameraId}:${e.reason}`));
  await k.start();
  assert.deepEqual([...k.owned().keys()].sort(), ['A', 'B', 'C']);
  await sleep(700); // past one lease time: renewals kept them
  assert.equal((await store.owners('recording')).length, 3);
  cameras = ['A', 'B'];
  await k.kick();
  assert.deepEqual(events.slice(3), ['-C:released']);
  const tokenA = k.owned().get('A') ?? 0;
  await k.stop({ release: true });
  assert.deepEqual(await store.owners('recording'), []);
  await assert.rejects(
    commitIfOwner(store, { role: 'recording', cameraId: 'A', token: tokenA }, async () => 'written'),
    FencedError,
  );
});

test('a lease taken by another (CAS lost) is reported lost at the next renewal; the fenced commit refuses', async () => {
  const store = new MemoryLeaseStore(600);
  const registration = await store.register(node, { cameras: 0, cpu: 0 });
  const k = new LeaseKeeper({ store, role: 'recording', registration, cameras: () => ['A'], cpu: () => 0 });
  const lost: string[] = [];
  k.on('lost', (e) => lost.push(e.reason));
  await k.start();
  const token = k.owned().get('A') ?? 0;
  assert.equal(await commitIfOwner(store, { role: 'recording', cameraId: 'A', token }, async () => 'ok'), 'ok');
  // Its lease revoked behind its back (as after a lapse): another takes the camera; the registration is still live.
  const [held] = await store.owners('recording');
  assert.ok(held);
  await store.release(held);
  assert.equal((await store.claim('recording', 'A', 'other')).owned, true);
  await k.kick();
  assert.deepEqual(lost, ['taken']);
  await assert.rejects(
    commitIfOwner(store, { role: 'recording', cameraId: 'A', token }, async () => 'x'),
    /no longer current/,
  );
  await k.stop();
});
