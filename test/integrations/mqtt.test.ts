// The MQTT bridge against the real Mosquitto broker (started by scripts/setup-system.sh): events and alarm changes
// published on the bus arrive as JSON on `<prefix>/events/<kind>` and `<prefix>/alarms/changed`.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import mqtt from 'mqtt';
import { MemoryBus } from '../../src/adapters/bus/memory.js';
import { MqttBridge, mqttTopic } from '../../src/adapters/integrations/mqtt-bridge.js';

const URL = process.env.VIGIE_TEST_MQTT ?? 'mqtt://127.0.0.1:1883';

test('bus topics map to MQTT topics', () => {
  assert.equal(mqttTopic('vigie/valenciennes', 'events.intrusion'), 'vigie/valenciennes/events/intrusion');
  assert.equal(mqttTopic('v', 'events.fire.ended'), 'v/events/fire/ended');
});

test('events and alarm changes reach a subscriber through Mosquitto', { timeout: 20_000 }, async () => {
  const prefix = `vigie-test-${randomUUID().slice(0, 8)}`;
  const sub = await mqtt.connectAsync(URL, { connectTimeout: 5000 });
  const got: { topic: string; payload: unknown }[] = [];
  sub.on('message', (topic, msg) => got.push({ topic, payload: JSON.parse(msg.toString()) }));
  await sub.subscribeAsync(`${prefix}/#`, { qos: 1 });
  const bus = new MemoryBus();
  const bridge = await MqttBridge.connect({ url: URL, topicPrefix: prefix });
  assert.ok(bridge.connected, `no MQTT broker at ${URL}: run sudo bash scripts/setup-system.sh`);
  bridge.start(bus);
  bus.publish('events.intrusion', { id: 'e1', cameraId: 'cam-1', kind: 'intrusion' });
  bus.publish('alarms.changed', { id: 'a1', state: 'acknowledged' });
  bus.publish('ingest.segment', { ignored: true }); // not an event nor an alarm
  const end = Date.now() + 5000;
  while (got.length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(got.map((g) => g.topic).sort(), [`${prefix}/alarms/changed`, `${prefix}/events/intrusion`]);
  assert.deepEqual(got.find((g) => g.topic.endsWith('intrusion'))!.payload, {
    id: 'e1',
    cameraId: 'cam-1',
    kind: 'intrusion',
  });
  await bridge.stop();
  await sub.endAsync();
});
