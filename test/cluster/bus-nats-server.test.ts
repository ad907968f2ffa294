import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { NatsBus } from '../../src/adapters/bus/nats.js';
import { connectBus } from '../../src/adapters/bus/nats-connect.js';
import { sleep, until } from '../support/buses.js';
import { natsMissing, PrivateNats } from '../support/nats.js';

const server = new PrivateNats({ user: 'vigie', pass: 'secret' });
const missing = natsMissing();
before(async () => {
  if (missing && process.env.CI === 'true') throw new Error('nats-server not installed: run scripts/setup-system.sh');
  if (!missing) await server.start();
});
after(() => server.stop());
const skip = missing ? 'nats-server not installed: run scripts/setup-system.sh' : undefined;

test('a wrong NATS URL or wrong credentials: one clear line, no retry loop', { skip }, async () => {
  await assert.rejects(connectBus('nats://127.0.0.1:1'), {
    message: 'vigie: cannot reach NATS at nats://127.0.0.1:1: connection refused (connect ECONNREFUSED 127.0.0.1:1)',
  });
  const wrong = server.url.replace('secret', 'guess');
  await assert.rejects(connectBus(wrong), (e: Error) => {
    assert.equal(
      e.message,
      `vigie: NATS at nats://127.0.0.1:${server.port} refused the credentials (Authorization Violation)`,
    );
    assert.doesNotMatch(e.message, /guess/, 'the password is never shown');
    return true;
  });
  await assert.rejects(connectBus('http://127.0.0.1:4222'), /invalid NATS URL 'http:\/\/127\.0\.0\.1:4222'/);
});

test('NATS killed (SIGKILL) and restarted mid-run: every acknowledged publish is delivered, the client reconnects', {
  skip,
}, async (t) => {
  const nc = await connectBus(server.url, { name: 'restart-test' });
  const errors: unknown[] = [];
  const bus = await NatsBus.open(nc, { ackWaitMs: 1000, retryDelayMs: 50, publishAckMs: 1000 }, (e) => errors.push(e));
  const handled = new Map<number, number>();
  const stop = await bus.consume('events.*', 'alarms', async (p) => {
    await sleep(3);
    const n = (p as { n: number }).n;
    handled.set(n, (handled.get(n) ?? 0) + 1);
  });
  const live: number[] = [];
  bus.subscribe('alarms.changed', (p) => void live.push((p as { n: number }).n));

  const N = 200;
  const acked: number[] = [];
  let downAt = 0;
  let upAt = 0;
  for (let n = 0; n < N; n++) {
    if (n === N / 2) {
      // Half acknowledged, part of it still unhandled: the server dies and comes back on the same store.
      await server.kill();
      downAt = Date.now();
      void sleep(500).then(async () => {
        await server.start();
        upAt = Date.now();
      });
    }
    await bus.publish(`events.motion${n % 3 ? '' : '.ended'}`, { n }, { id: `ev-${n}` });
    acked.push(n);
  }
  const resumedMs = Date.now() - downAt;
  await until(() => handled.size === N, `all ${N} acknowledged events handled (got ${handled.size})`, 15_000);
  const duplicates = [...handled.values()].reduce((s, c) => s + c - 1, 0);
  await nc.flush();
  await bus.publish('alarms.changed', { n: 1 });
  await until(() => live.length === 1, 'the fan-out subscription, renewed after reconnect');
  t.diagnostic(
    `restart: ${acked.length} acked, ${handled.size} handled, ${duplicates} redelivered twice; server down ` +
      `${upAt - downAt} ms, publishing resumed ${resumedMs} ms after the kill`,
  );
  assert.equal(acked.length, N);
  await stop();
  await bus.destroy();
  await nc.close();
});

test('a node that dies with a message in hand: another member of the group gets it after ack-wait', {
  skip,
}, async () => {
  const options = { prefix: 'vd', stream: 'VD', ackWaitMs: 1000, publishAckMs: 1000 };
  const [ncDead, ncAlive] = [await connectBus(server.url), await connectBus(server.url)];
  const alive = await NatsBus.open(ncAlive, options, () => {});
  const dead = await NatsBus.open(ncDead, options, () => {});
  const got: string[] = [];
  const deadStop = await dead.consume('events.*', 'alarms', (p) => {
    got.push(`dead:${(p as { n: number }).n}`);
    return new Promise(() => {}); // hangs: the node froze, then its connection goes
  });
  await alive.publish('events.intrusion', { n: 1 });
  await until(() => got.length === 1, 'the doomed node taking it');
  await ncDead.close();
  const t0 = Date.now();
  const stop = await alive.consume('events.*', 'alarms', async (p) => void got.push(`alive:${(p as { n: number }).n}`));
  await until(() => got.length === 2, 'redelivery to the live node', 5000);
  assert.deepEqual(got, ['dead:1', 'alive:1']);
  assert.ok(Date.now() - t0 < 2500, 'within about one ack-wait');
  await stop();
  void deadStop(); // its pull timers end; its handler never returns, as on a frozen node
  await alive.destroy();
  await ncAlive.close();
});
