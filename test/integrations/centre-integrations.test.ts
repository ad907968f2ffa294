// The centre with integrations configured in vigie.yaml: an analytics event raises an alarm, and both reach a real
// webhook receiver (signed; its first answers are 500, so they are retried from the store's outbox) and the real
// Mosquitto broker.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import mqtt from 'mqtt';
import { signature } from '../../src/core/integrations/webhook-dispatcher.js';
import { SYSTEM } from '../../src/core/users/principal.js';
import { startCentre, type TestCentre } from '../support/centre.js';

let t: TestCentre | undefined;
let sub: mqtt.MqttClient | undefined;
const received: { topic: string; body: string; sig: string; ts: number }[] = [];
let calls = 0;
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    calls++;
    if (calls <= 2) return res.writeHead(500).end(); // the receiver's first two answers fail
    const parsed = JSON.parse(body);
    received.push({
      topic: parsed.topic,
      body,
      sig: String(req.headers['x-vigie-signature']),
      ts: Number(req.headers['x-vigie-timestamp']),
    });
    res.writeHead(204).end();
  });
});
// Also after a failure: an open subscriber would keep this test file's process alive forever.
after(async () => {
  await sub?.endAsync(true);
  await t?.stop();
  await new Promise((r) => server.close(r));
});

test('events and alarms go out to a webhook (retried from the outbox) and to MQTT', { timeout: 30_000 }, async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/vigie`;
  const prefix = `vigie-it-${randomUUID().slice(0, 8)}`;
  sub = await mqtt.connectAsync('mqtt://127.0.0.1:1883', { connectTimeout: 5000 });
  const mq: string[] = [];
  sub.on('message', (topic) => mq.push(topic));
  await sub.subscribeAsync(`${prefix}/#`, { qos: 1 });
  const secret = 'a-long-shared-secret-for-tests';
  t = await startCentre({
    config: {
      ingest: { enabled: false },
      integrations: {
        webhooks: [{ id: 'soc', url, secret, topics: ['alarms.*'], timeoutSeconds: 2 }],
        mqtt: { url: 'mqtt://127.0.0.1:1883', topicPrefix: prefix },
        backoffSeconds: 0.1,
        maxBackoffSeconds: 0.5,
      },
    },
  });
  await t.centre.services.fleet.upsertSector(SYSTEM, { id: 'nord', name: 'Nord' });
  await t.centre.services.fleet.create(SYSTEM, {
    id: 'IT-CAM',
    name: 'Integration',
    sectorId: 'nord',
    streams: { main: 'rtsp://127.0.0.1:1/none' },
    phase: 'pilot',
    status: 'active',
    tags: [],
  });
  await t.centre.start();
  await t.centre.services.events.emit({ cameraId: 'IT-CAM', kind: 'intrusion', score: 0.9, trackIds: [3] });
  const end = Date.now() + 15_000;
  while ((received.length === 0 || mq.length < 2) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  assert.ok(received.length >= 1, `webhook received ${received.length} (calls ${calls})`);
  const r = received[0]!;
  assert.equal(r.topic, 'alarms.changed');
  assert.equal(r.sig, signature(secret, r.ts, r.body));
  assert.equal(JSON.parse(r.body).payload.alarm?.kind ?? JSON.parse(r.body).payload.kind, 'intrusion');
  // The receiver has answered; the outbox marks the delivery done just after (poll, do not race it).
  let counts = await t.centre.services.store.deliveries.counts();
  while (counts.delivered < 1 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    counts = await t.centre.services.store.deliveries.counts();
  }
  assert.equal(counts.dead, 0);
  assert.ok(counts.delivered >= 1, `delivered ${counts.delivered}`);
  assert.ok(mq.includes(`${prefix}/events/intrusion`), mq.join(', '));
  assert.ok(mq.includes(`${prefix}/alarms/changed`), mq.join(', '));
});
