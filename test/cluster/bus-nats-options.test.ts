import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { NatsBus } from '../../src/adapters/bus/nats.js';
import { connectBus } from '../../src/adapters/bus/nats-connect.js';
import { NATS_TEST_URL, natsBusFactory } from '../support/buses.js';

// Seam: each NATS bus setting an operator may set is read back from the server, where it acts.
test('NATS bus settings arrive on the stream and consumers; unknown keys are refused', async (t) => {
  const why = await natsBusFactory.unavailable();
  if (why && process.env.CI !== 'true') return t.skip(why);
  const nc = await connectBus(NATS_TEST_URL);
  const id = randomBytes(5).toString('hex');
  const base = { prefix: `vo${id}`, stream: `VO_${id}` };
  await assert.rejects(NatsBus.open(nc, { ...base, ackWait: 5 } as never), /Unrecognized key.*ackWait/s);
  const bus = await NatsBus.open(nc, {
    ...base,
    maxAgeHours: 2,
    maxBytes: 5_000_000,
    dedupeWindowMs: 30_000,
    ackWaitMs: 7000,
    maxDeliver: 3,
    maxAckPending: 1,
  });
  try {
    const jsm = await jetstreamManager(nc);
    const s = (await jsm.streams.info(base.stream)).config;
    assert.deepEqual(
      [s.subjects, s.max_age, s.max_bytes, s.duplicate_window, s.num_replicas, s.storage],
      [[`vo${id}.>`], nanos(2 * 3_600_000), 5_000_000, nanos(30_000), 1, 'file'],
    );
    const stop = await bus.consume('events.*', 'alarms', async () => {});
    await stop();
    const [c] = await jsm.consumers.list(base.stream).next();
    assert.deepEqual(
      [
        c?.config.filter_subject,
        c?.config.ack_policy,
        c?.config.ack_wait,
        c?.config.max_deliver,
        c?.config.max_ack_pending,
      ],
      [`vo${id}.events.>`, 'explicit', nanos(7000), 3, 1],
    );
    // Reopened with other settings (a node restarted after a config change): the stream follows.
    await NatsBus.open(nc, { ...base, maxAgeHours: 1 });
    assert.equal((await jsm.streams.info(base.stream)).config.max_age, nanos(3_600_000));
  } finally {
    await bus.destroy();
    await nc.close();
  }
});
