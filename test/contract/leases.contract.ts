import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type LeaseChange, type LeaseStore, NodeNameInUseError } from '../../src/core/ports/leases.js';

/** A store under test and a way to let lease time pass (a fake clock in memory, real time on NATS). */
export interface LeaseHarness {
  name: string;
  leaseMs: number;
  /** Two stores sharing one bucket, as two nodes would. */
  open(): Promise<[LeaseStore, LeaseStore]>;
  elapse(ms: number): Promise<void>;
  /** A third node whose clock is a minute ahead (only where clocks can differ: a distributed store). */
  skewed?: () => Promise<LeaseStore>;
  cleanup(): Promise<void>;
}

const node = (name: string) => ({ name, roles: ['recording' as const], pid: 4242, host: 'host-a', startedAt: 'now' });
const load = { cameras: 0, cpu: 0.1 };
const tick = () => new Promise((r) => setTimeout(r, 50));

export function leasesContract(h: LeaseHarness): void {
  describe(`lease store contract: ${h.name}`, () => {
    let a: LeaseStore;
    let b: LeaseStore;
    before(async () => {
      [a, b] = await h.open();
    });
    after(() => h.cleanup());

    test('one claim wins; the other learns who holds it; renew keeps the token and CAS refuses a stale revision', async () => {
      const won = await a.claim('recording', 'CAM-1', 'n1');
      assert.equal(won.owned, true);
      assert.ok(won.lease && won.lease.token > 0);
      await tick();
      const lost = await b.claim('recording', 'CAM-1', 'n2');
      assert.deepEqual([lost.owned, lost.lease, lost.owner], [false, null, 'n1']);
      const renewed = await a.renew(won.lease);
      assert.ok(renewed && renewed.revision > won.lease.revision);
      assert.equal(renewed.token, won.lease.token);
      assert.equal(await a.renew(won.lease), null, 'a stale revision must lose the CAS');
      assert.equal(await b.stillOwner('recording', 'CAM-1', won.lease.token), true);
      await a.release(renewed);
    });

    test('release is pushed to watchers and the next claim gets a higher fencing token', async () => {
      const seen: LeaseChange[] = [];
      const stop = await b.watch('recording', (c) => seen.push(c));
      const first = (await a.claim('recording', 'CAM-2', 'n1')).lease;
      assert.ok(first);
      await a.release(first);
      await tick();
      assert.deepEqual(
        seen.filter((c) => c.cameraId === 'CAM-2').map((c) => c.node),
        ['n1', null],
      );
      const second = (await b.claim('recording', 'CAM-2', 'n2')).lease;
      assert.ok(second && second.token > first.token);
      assert.equal(await a.stillOwner('recording', 'CAM-2', first.token), false);
      assert.equal(await a.stillOwner('recording', 'CAM-2', second.token), true);
      await tick();
      assert.deepEqual(
        (await a.owners('recording')).map((l) => [l.cameraId, l.node, l.token]),
        [['CAM-2', 'n2', second.token]],
      );
      assert.deepEqual(await a.owners('analytics'), []);
      stop();
      await b.release(second);
    });

    test('a lease not renewed within the lease time is taken over; the old holder loses its CAS and its token', async () => {
      const old = (await a.claim('analytics', 'CAM-3', 'n1')).lease;
      assert.ok(old);
      await h.elapse(h.leaseMs / 2);
      assert.equal((await b.claim('analytics', 'CAM-3', 'n2')).owned, false, 'still held before the lease time');
      await h.elapse(h.leaseMs / 2 + 200);
      const taken = await b.claim('analytics', 'CAM-3', 'n2');
      assert.equal(taken.owned, true);
      assert.equal(await a.renew(old), null);
      assert.equal(await a.stillOwner('analytics', 'CAM-3', old.token), false);
      assert.ok(taken.lease);
      await b.release(taken.lease);
    });

    test('a node name already live is refused in one clear line; free again once it leaves', async () => {
      const reg = await a.register(node('node-a'), load);
      await tick();
      await assert.rejects(b.register(node('node-a'), load), (e: Error) => {
        assert.ok(e instanceof NodeNameInUseError);
        assert.match(e.message, /^node name node-a is already in use by a running node \(pid 4242 on host host-a/);
        return true;
      });
      assert.deepEqual(
        (await b.nodes('recording')).map((n) => [n.name, n.load.cpu]),
        [['node-a', 0.1]],
      );
      const both = [reg.heartbeat({ cameras: 3, cpu: 0.5 }), reg.heartbeat({ cameras: 3, cpu: 0.5 })];
      assert.deepEqual(await Promise.all(both), [true, true], "two roles' keepers beat at once without racing");
      await reg.leave();
      const again = await b.register(node('node-a'), load);
      assert.equal(await reg.heartbeat(load), false, 'the old registration must know it lost the name');
      await again.leave();
    });

    test('a node whose clock is a minute ahead still sees live leases and nodes as live', {
      skip: !h.skewed,
    }, async () => {
      const c = await h.skewed?.();
      assert.ok(c);
      const reg = await a.register(node('node-s'), load);
      const held = (await a.claim('recording', 'CAM-S', 'node-s')).lease;
      assert.ok(held);
      await tick();
      assert.deepEqual(
        (await c.owners('recording')).map((l) => l.cameraId),
        ['CAM-S'],
      );
      assert.deepEqual(
        (await c.nodes('recording')).map((n) => n.name),
        ['node-s'],
      );
      await a.release(held);
      await reg.leave();
      await c.close();
    });

    test('camera ids and node names outside the id charset are refused clearly', async () => {
      await assert.rejects(a.claim('recording', 'bad.id', 'n1'), /camera id "bad.id" must be 1-64 letters/);
      await assert.rejects(a.register(node('a b'), load), /node name "a b" must be/);
    });
  });
}
