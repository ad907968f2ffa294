import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type BusCluster, type BusFactory, type BusNode, sleep, TEST_RETRY, until } from '../support/buses.js';

/** The bus port's contract: the memory and NATS adapters run exactly these tests. */
export function busContract(factory: BusFactory) {
  describe(`bus contract: ${factory.name}`, async () => {
    const why = await factory.unavailable();
    if (why && process.env.CI !== 'true') {
      test(`${factory.name} adapter`, { skip: why }, () => {});
      return;
    }
    let cluster: BusCluster;
    let a: BusNode;
    let b: BusNode;
    before(async () => {
      cluster = await factory.open();
      a = await cluster.node();
      b = await cluster.node();
    });
    after(async () => cluster?.close());

    test('fan-out: every subscriber on every node sees each message, payload intact', async () => {
      const seen: [string, unknown, string][] = [];
      const offA = a.bus.subscribe('alarms.changed', (p, t) => seen.push(['a', p, t]));
      const offB = b.bus.subscribe('alarms.changed', (p, t) => seen.push(['b', p, t]));
      await Promise.all([a.ready(), b.ready()]);
      await a.bus.publish('alarms.changed', { id: 'al-1', state: 'new', n: [1, 2] });
      await until(() => seen.length === 2, 'both nodes');
      assert.deepEqual(seen.map((s) => s[0]).sort(), ['a', 'b']);
      for (const s of seen) assert.deepEqual(s.slice(1), [{ id: 'al-1', state: 'new', n: [1, 2] }, 'alarms.changed']);
      offA();
      offB();
      await Promise.all([a.ready(), b.ready()]);
      await b.bus.publish('alarms.changed', { id: 'al-2' });
      await sleep(100);
      assert.equal(seen.length, 2, 'nothing after unsubscribe');
    });

    test("wildcard: 'events.*' matches every depth below, nothing beside", async () => {
      const topics: string[] = [];
      const off = b.bus.subscribe('events.*', (_p, t) => void topics.push(t));
      await b.ready();
      for (const t of ['events.intrusion', 'alarms.changed', 'events.intrusion.ended', 'eventsx.y']) {
        await a.bus.publish(t, {});
      }
      await until(() => topics.length >= 2, 'events');
      await sleep(100);
      assert.deepEqual(topics, ['events.intrusion', 'events.intrusion.ended']);
      off();
    });

    test('one failing subscriber never stops the others, and is reported', async () => {
      const before = cluster.errors.length;
      const got: unknown[] = [];
      const off1 = a.bus.subscribe('fleet.changed', () => {
        throw new Error('reconciler broke');
      });
      const off2 = a.bus.subscribe('fleet.changed', (p) => void got.push(p));
      await a.ready();
      await b.bus.publish('fleet.changed', { cameraId: 'c1' });
      await b.bus.publish('fleet.changed', { cameraId: 'c2' });
      await until(() => got.length === 2, 'the healthy subscriber');
      assert.deepEqual(got, [{ cameraId: 'c1' }, { cameraId: 'c2' }]);
      await until(() => cluster.errors.length - before === 2, 'both failures reported');
      assert.match(String(cluster.errors.at(-1)?.e), /reconciler broke/);
      off1();
      off2();
    });

    test('work once: two nodes of one group handle each message exactly once; another group gets all', async () => {
      const byNode: Record<'a' | 'b' | 'other', number[]> = { a: [], b: [], other: [] };
      const handler = (who: keyof typeof byNode) => async (p: unknown) => {
        await sleep(2);
        byNode[who].push((p as { n: number }).n);
      };
      const stops = [
        await a.bus.consume('events.*', 'alarms', handler('a')),
        await b.bus.consume('events.*', 'alarms', handler('b')),
        await b.bus.consume('events.*', 'archive', handler('other')),
      ];
      for (let n = 0; n < 30; n++) await a.bus.publish(n % 2 ? 'events.motion' : 'events.motion.ended', { n });
      await until(() => byNode.a.length + byNode.b.length === 30 && byNode.other.length === 30, 'all 30 handled');
      await sleep(200);
      const handled = [...byNode.a, ...byNode.b].sort((x, y) => x - y);
      assert.deepEqual(handled, [...Array(30).keys()], 'each message once in the group');
      assert.deepEqual(byNode.other, [...Array(30).keys()], 'the other group, in order');
      for (const stop of stops) await stop();
    });

    test('a failing handler: its message is handed again until it succeeds, the failure reported', async () => {
      const before = cluster.errors.length;
      const attempts: number[] = [];
      let failures = 2;
      const stop = await a.bus.consume('alarms.escalated', 'escalate', async (p) => {
        attempts.push((p as { n: number }).n);
        if ((p as { n: number }).n === 1 && failures-- > 0) throw new Error('database busy');
      });
      await b.bus.publish('alarms.escalated', { n: 1 });
      await b.bus.publish('alarms.escalated', { n: 2 });
      await until(() => attempts.filter((n) => n === 1).length === 3 && attempts.includes(2), 'the retries', 8000);
      await sleep(200);
      assert.equal(attempts.filter((n) => n === 2).length, 1, 'the good message once');
      assert.equal(attempts.filter((n) => n === 1).length, 3, 'failed twice, then handled');
      assert.ok(cluster.errors.slice(before).some((x) => /database busy/.test(String(x.e))));
      await stop();
    });

    test('a message that always fails: handed maxDeliver times, retryDelayMs apart, then given up and reported', async () => {
      const before = cluster.errors.length;
      const at: number[] = [];
      const stop = await a.bus.consume('legal.changed', 'poison', async () => {
        at.push(Date.now());
        throw new Error('always');
      });
      await b.bus.publish('legal.changed', { id: 'x' });
      await until(() => cluster.errors.slice(before).some((x) => /gave up/.test(String(x.e))), 'the give-up report');
      await sleep(300);
      assert.equal(at.length, TEST_RETRY.maxDeliver);
      for (let i = 1; i < at.length; i++) assert.ok(at[i]! - at[i - 1]! >= TEST_RETRY.retryDelayMs - 5, 'retry delay');
      await stop();
    });

    test('a group whose members stopped resumes with what was published meanwhile, nothing twice', async () => {
      const got: number[] = [];
      const handler = async (p: unknown) => void got.push((p as { n: number }).n);
      let stop = await a.bus.consume('access.changed', 'sessions', handler);
      await b.bus.publish('access.changed', { n: 1 });
      await until(() => got.length === 1, 'first message');
      await stop();
      for (const n of [2, 3, 4]) await b.bus.publish('access.changed', { n });
      await sleep(100);
      assert.deepEqual(got, [1], 'nothing while stopped');
      stop = await b.bus.consume('access.changed', 'sessions', handler);
      await until(() => got.length === 4, 'the messages published meanwhile');
      await sleep(200);
      assert.deepEqual(got, [1, 2, 3, 4]);
      await stop();
    });

    test('malformed topics and groups fail with a clear error', async () => {
      assert.throws(() => a.bus.publish('events.*', {}), /invalid topic 'events\.\*'/);
      assert.throws(() => a.bus.subscribe('events. bad', () => {}), /invalid topic/);
      await assert.rejects(
        a.bus.consume('a.>', 'g', async () => {}),
        /invalid topic 'a\.>'/,
      );
      await assert.rejects(
        a.bus.consume('a.b', 'my group', async () => {}),
        /invalid group 'my group'/,
      );
    });
  });
}
