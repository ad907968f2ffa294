// Wires the outbound integrations the config names: signed webhooks (outbox in the store) and the MQTT bridge.
import type { Logger } from 'pino';
import { MqttBridge } from '../adapters/integrations/mqtt-bridge.js';
import type { Config } from '../config/schema.js';
import { WebhookDispatcher } from '../core/integrations/webhook-dispatcher.js';
import type { DeliveryOutbox } from '../core/integrations/webhook-types.js';
import type { Bus } from '../core/ports/bus.js';
import { systemClock } from '../core/ports/clock.js';

export class Integrations {
  private webhooks: WebhookDispatcher | undefined;
  private mqtt: MqttBridge | undefined;

  constructor(
    private readonly cfg: Config['integrations'],
    private readonly outbox: DeliveryOutbox,
    private readonly bus: Bus,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const c = this.cfg;
    if (c.webhooks.length > 0 && !this.webhooks) {
      const targets = c.webhooks.map((w) => ({ ...w, timeoutMs: w.timeoutSeconds * 1000 }));
      // Real time, not the services' clock: retries are spaced in wall-clock seconds.
      this.webhooks = new WebhookDispatcher(targets, this.outbox, systemClock, {
        backoffMs: c.backoffSeconds * 1000,
        maxBackoffMs: c.maxBackoffSeconds * 1000,
        pollMs: 1000,
        log: (msg, fields) => this.log.warn(fields ?? {}, msg),
      });
      this.webhooks.start(this.bus);
      this.log.info({ targets: targets.map((t) => t.id) }, 'webhooks on');
    }
    if (c.mqtt && !this.mqtt) {
      this.mqtt = await MqttBridge.connect({ ...c.mqtt, log: (msg, fields) => this.log.warn(fields ?? {}, msg) });
      this.mqtt.start(this.bus);
      this.log.info({ url: c.mqtt.url, connected: this.mqtt.connected }, 'mqtt bridge on');
    }
  }

  async stop(): Promise<void> {
    await this.webhooks?.stop();
    await this.mqtt?.stop();
    this.webhooks = undefined;
    this.mqtt = undefined;
  }
}
