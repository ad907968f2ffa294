import type { Consumer, JsMsg } from '@nats-io/jetstream';
import type { WorkHandler, WorkRetry } from '../../core/ports/bus.js';
import type { BusErrorSink } from './memory.js';

type LoopOptions = {
  topicOf: (subject: string) => string;
  retry: WorkRetry & { ackWaitMs: number };
  onError: BusErrorSink;
  batch: number;
};

/**
 * One member of a work-once group: handles the pulled messages one after the other, acks each only after its
 * handler resolved, naks it (redelivered after `retryDelayMs`) when it failed, and keeps telling the server "in
 * progress" while a handler runs, so that a slow handler is not mistaken for a dead node. Resolves to `stop`, which
 * lets the message in hand finish and hands the ones pulled ahead back at once (nak) rather than after ack-wait.
 */
export async function consumeLoop(consumer: Consumer, handler: WorkHandler, o: LoopOptions) {
  const messages = await consumer.consume({ max_messages: o.batch });
  let stopped = false;
  const loop = (async () => {
    try {
      for await (const m of messages) {
        if (stopped) m.nak();
        else await handleOne(m, handler, o);
      }
    } catch (e) {
      o.onError(e, 'consumer');
    }
  })();
  return async () => {
    stopped = true;
    messages.stop();
    await loop;
  };
}

async function handleOne(m: JsMsg, handler: WorkHandler, o: LoopOptions) {
  const topic = o.topicOf(m.subject);
  let payload: unknown;
  try {
    payload = m.json();
  } catch {
    // Redelivering it would fail the same way: reported once and removed.
    o.onError(new Error(`bus: message ${m.seq} on ${topic} is not JSON; dropped`), topic);
    m.term();
    return;
  }
  // Acks are plain publishes: on a closed connection they throw, and the server redelivers after ack-wait anyway.
  const tell = (f: () => void) => {
    try {
      f();
    } catch (e) {
      o.onError(e, topic);
    }
  };
  tell(() => m.working());
  const keepAlive = setInterval(() => tell(() => m.working()), Math.max(500, o.retry.ackWaitMs / 2));
  keepAlive.unref();
  try {
    await handler(payload, topic);
  } catch (e) {
    o.onError(e, topic);
    if (m.info.deliveryCount >= o.retry.maxDeliver) {
      o.onError(new Error(`bus: gave up on message ${m.seq} after ${m.info.deliveryCount} failed deliveries`), topic);
      tell(() => m.term());
    } else {
      tell(() => m.nak(o.retry.retryDelayMs));
    }
    return;
  } finally {
    clearInterval(keepAlive);
  }
  tell(() => m.ack());
}
