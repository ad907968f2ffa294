// Publishes the centre's events and alarm changes to an MQTT broker (Mosquitto …) for building systems and
// dashboards: `<prefix>/events/<kind>` and `<prefix>/alarms`, JSON, QoS 1. Messages published while the broker is
// away wait in mqtt.js's queue and go out on reconnection.
import mqtt, { type MqttClient } from 'mqtt';
import type { Bus } from '../../core/ports/bus.js';

export interface MqttBridgeOptions {
  url: string;
  topicPrefix: string;
  username?: string;
  password?: string;
  clientId?: string;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

/** `events.intrusion.ended` → `<prefix>/events/intrusion/ended`; `alarms.changed` → `<prefix>/alarms/changed`. */
export function mqttTopic(prefix: string, busTopic: string): string {
  return [prefix, ...busTopic.split('.')].join('/');
}

export class MqttBridge {
  private readonly unsubscribe: Array<() => void> = [];

  private constructor(
    private readonly client: MqttClient,
    private readonly o: MqttBridgeOptions,
  ) {}

  /** Connects (reconnecting on its own afterwards); resolves once the first connection is up or failed. */
  static async connect(o: MqttBridgeOptions): Promise<MqttBridge> {
    const client = mqtt.connect(o.url, {
      clientId: o.clientId ?? `vigie-${process.pid}`,
      ...(o.username && { username: o.username }),
      ...(o.password && { password: o.password }),
      reconnectPeriod: 2000,
      connectTimeout: 5000,
    });
    client.on('error', (err) => o.log?.('mqtt error', { err: err.message }));
    client.on('offline', () => o.log?.('mqtt broker unreachable, queueing', { url: o.url }));
    await new Promise<void>((resolve) => {
      client.once('connect', () => resolve());
      client.once('error', () => resolve());
      setTimeout(resolve, 5000).unref();
    });
    return new MqttBridge(client, o);
  }

  get connected(): boolean {
    return this.client.connected;
  }

  start(bus: Bus, topics = ['events.*', 'alarms.*']): void {
    for (const t of topics) {
      this.unsubscribe.push(
        bus.subscribe(t, (payload, topic) => {
          this.client.publish(mqttTopic(this.o.topicPrefix, topic), JSON.stringify(payload), { qos: 1 }, (err) => {
            if (err) this.o.log?.('mqtt publish failed', { topic, err: err.message });
          });
        }),
      );
    }
  }

  async stop(): Promise<void> {
    for (const u of this.unsubscribe.splice(0)) u();
    await this.client.endAsync();
  }
}
