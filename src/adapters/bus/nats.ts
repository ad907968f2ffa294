import { createHash, randomUUID } from 'node:crypto';
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  type JetStreamClient,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { type NatsConnection, nanos } from '@nats-io/transport-node';
import type { Bus, WorkHandler } from '../../core/ports/bus.js';
import { checkGroup, checkTopic } from '../../core/ports/bus-topic.js';
import { type BusErrorSink, stderrSink } from './memory.js';
import { consumeLoop } from './nats-consume.js';
import { type NatsBusOptions, natsBusOptionsSchema } from './nats-options.js';

/**
 * Bus on NATS JetStream. Every topic `a.b` is the subject `<prefix>.a.b`, and one stream captures `<prefix>.>`:
 * - publish goes through JetStream and resolves on its PubAck (stored, on every replica the stream has), with a
 *   message id (Nats-Msg-Id) so that a publish retried across a server restart is stored once;
 * - subscribe is a plain NATS subscription: JetStream-stored messages reach core subscribers on every node live,
 *   which is the fan-out the consoles and reconcilers need, with nothing replayed (they re-read the database);
 * - consume is a durable pull consumer per (group, topic) with explicit acks: members on any node share it, the server
 *   hands each message to one of them, redelivers it on a nak or after ack-wait, and keeps its position across
 *   restarts of the members and of the server (file storage).
 * The connection reconnects by itself (see `connectBus`); the pull consumers resume on their own after a reconnect.
 */
export class NatsBus implements Bus {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    readonly options: NatsBusOptions,
    private readonly onError: BusErrorSink,
  ) {}

  /** Creates (or brings up to date) the stream, then returns the bus. `options` is validated (unknown keys rejected). */
  static async open(nc: NatsConnection, options: Partial<NatsBusOptions> = {}, onError: BusErrorSink = stderrSink) {
    const o = natsBusOptionsSchema.parse(options);
    const jsm = await jetstreamManager(nc);
    const config = {
      name: o.stream,
      subjects: [`${o.prefix}.>`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      num_replicas: o.replicas,
      max_age: nanos(o.maxAgeHours * 3_600_000),
      max_bytes: o.maxBytes,
      duplicate_window: nanos(o.dedupeWindowMs),
    };
    try {
      await jsm.streams.info(o.stream);
      await jsm.streams.update(o.stream, config);
    } catch (e) {
      if (!/not found/i.test((e as Error).message)) throw e;
      await jsm.streams.add(config);
    }
    return new NatsBus(nc, jetstream(nc, { timeout: o.publishAckMs }), jsm, o, onError);
  }

  private subject(topic: string) {
    if (topic === '*') return `${this.options.prefix}.>`;
    return `${this.options.prefix}.${topic.endsWith('.*') ? `${topic.slice(0, -1)}>` : topic}`;
  }

  private topicOf(subject: string) {
    return subject.slice(this.options.prefix.length + 1);
  }

  /**
   * Retries with the same message id until JetStream acknowledges or `publishTimeoutMs` passed (a server restart
   * is a few seconds of NoResponders/timeouts); the dedupe window makes a retry of a stored message a no-op.
   */
  publish(topic: string, payload: unknown, opts: { id?: string } = {}): Promise<void> {
    checkTopic(topic, false);
    const subject = this.subject(topic);
    const data = JSON.stringify(payload ?? null);
    const msgID = opts.id ?? randomUUID();
    const deadline = Date.now() + this.options.publishTimeoutMs;
    const attempt = async (): Promise<void> => {
      for (;;) {
        try {
          await this.js.publish(subject, data, { msgID });
          return;
        } catch (e) {
          if (Date.now() >= deadline || this.nc.isClosed()) {
            throw new Error(`bus: publish of ${topic} not acknowledged by JetStream: ${(e as Error).message}`);
          }
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    };
    const done = attempt();
    // Reported here as well, so that a caller that does not await cannot lose it silently nor crash the process.
    done.catch((e) => this.onError(e, topic));
    return done;
  }

  subscribe(topic: string, handler: (p: unknown, t: string) => void) {
    checkTopic(topic, true);
    const sub = this.nc.subscribe(this.subject(topic), {
      callback: (err, msg) => {
        if (err) return this.onError(err, topic);
        const t = this.topicOf(msg.subject);
        try {
          handler(msg.json(), t);
        } catch (e) {
          this.onError(e, t);
        }
      },
    });
    return () => sub.unsubscribe();
  }

  async consume(topic: string, group: string, handler: WorkHandler) {
    checkTopic(topic, true);
    checkGroup(group);
    // One durable per (group, topic): readable, and a hash so that `a.b` and `a_b` never share a consumer.
    const hash = createHash('sha256').update(`${group}\u0000${topic}`).digest('hex').slice(0, 8);
    const durable = `${group}_${topic.replace(/\*/g, 'all').replace(/\./g, '_')}_${hash}`;
    const o = this.options;
    const config = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(o.ackWaitMs),
      max_deliver: o.maxDeliver,
      filter_subject: this.subject(topic),
      // A group created now starts with what is published from now on; an existing one keeps its position.
      deliver_policy: DeliverPolicy.New,
      max_ack_pending: o.maxAckPending,
    };
    try {
      await this.jsm.consumers.info(o.stream, durable);
      await this.jsm.consumers.update(o.stream, durable, {
        ack_wait: config.ack_wait,
        max_deliver: config.max_deliver,
        max_ack_pending: config.max_ack_pending,
      });
    } catch (e) {
      if (!/not found/i.test((e as Error).message)) throw e;
      await this.jsm.consumers.add(o.stream, config);
    }
    const consumer = await this.js.consumers.get(o.stream, durable);
    return consumeLoop(consumer, handler, {
      topicOf: (s) => this.topicOf(s),
      retry: o,
      onError: this.onError,
      batch: o.batch,
    });
  }

  /** Deletes the stream (tests, and an operator resetting a cluster); consumers go with it. */
  async destroy() {
    await this.jsm.streams.delete(this.options.stream);
  }
}
