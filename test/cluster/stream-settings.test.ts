import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, nanos } from '@nats-io/transport-node';
import pino from 'pino';
import { StartRefused } from '../../src/app/cluster.js';
import { openClusterNode } from '../../src/app/cluster-node.js';
import { parseConfig } from '../../src/config/load.js';
import { natsMissing, type PrivateNats, startNats } from '../support/nats.js';

// The seam of `cluster.stream`: each setting, set through the config `vigie serve` reads and the wiring it uses
// (openClusterNode), is read back from the NATS server: the stream's and a work-once consumer's own configuration.
const skip = natsMissing() ?? undefined;
let nats: PrivateNats;
before(async () => {
  if (!skip) nats = await startNats();
});
after(() => nats?.stop());
const logger = pino({ level: 'silent' });
const node = (nodeName: string, stream: Record<string, unknown>) =>
  parseConfig({ role: 'all', cluster: { nodeName, nats: { servers: [`nats://127.0.0.1:${nats.port}`] }, stream } });

test('cluster.stream settings arrive in the JetStream stream and its consumers', async (t) => {
  if (skip) return t.skip(skip);
  const stream = {
    name: 'CITY',
    prefix: 'city',
    maxAgeHours: 6,
    maxBytes: 64 * 1024 ** 2,
    ackWaitSeconds: 7,
    maxDeliver: 4,
  };
  const n = await openClusterNode(node('stream-1', stream), logger);
  assert.ok(n);
  t.after(() => n.close());
  const stop = await n.bus.consume('events.*', 'alarm-feed', async () => {});
  t.after(() => stop());
  const nc = await connect({ servers: `nats://127.0.0.1:${nats.port}` });
  t.after(() => nc.close());
  const jsm = await jetstreamManager(nc);
  const s = (await jsm.streams.info('CITY')).config;
  assert.deepEqual(s.subjects, ['city.>']);
  assert.equal(s.max_age, nanos(6 * 3_600_000));
  assert.equal(s.max_bytes, 64 * 1024 ** 2);
  assert.equal(s.num_replicas, 1);
  const consumers = await jsm.consumers.list('CITY').next();
  assert.equal(consumers.length, 1);
  const c = consumers[0]!.config;
  assert.equal(c.filter_subject, 'city.events.>');
  assert.equal(c.ack_wait, nanos(7000));
  assert.equal(c.max_deliver, 4);
  // A message published on the bus lands in that stream, under that prefix.
  await n.bus.publish('fleet.changed', {});
  assert.equal((await jsm.streams.info('CITY')).state.messages, 1);
});

test('replicas reach the server: 3 on a single NATS server is refused with one line, the server unharmed', async (t) => {
  if (skip) return t.skip(skip);
  await assert.rejects(openClusterNode(node('stream-2', { name: 'TRIPLE', replicas: 3 }), logger), (e: Error) => {
    assert.ok(e instanceof StartRefused, String(e));
    assert.match(e.message, /^NATS refused the bus stream TRIPLE \(replicas 3\): .*replicas/i);
    assert.equal(e.message.includes('\n'), false);
    return true;
  });
  // The same name on the default stream starts: the refused node left nothing held (its name, its connection).
  const n = await openClusterNode(node('stream-2', {}), logger);
  assert.ok(n);
  await n.close();
});

test('cluster.stream refuses bad values and unknown keys, naming them', () => {
  assert.throws(
    () => parseConfig({ cluster: { nats: { servers: ['nats://h:4222'] }, stream: { replicas: 7 } } }),
    /cluster\.stream\.replicas/,
  );
  assert.throws(
    () => parseConfig({ cluster: { nats: { servers: ['nats://h:4222'] }, stream: { name: 'a.b' } } }),
    /cluster\.stream\.name: letters/,
  );
  assert.throws(
    () => parseConfig({ cluster: { nats: { servers: ['nats://h:4222'] }, stream: { ackWait: 5 } } }),
    /cluster\.stream\.ackWait: unknown key/,
  );
});
