import type { WorkHandler, WorkRetry } from '../../core/ports/bus.js';

type Message = { payload: unknown; topic: string; deliveries: number };
type Member = { handler: WorkHandler; busy: boolean; stopped: boolean; idle?: () => void };

/**
 * One work-once group of the memory bus: a queue handed to its members one message at a time each, a message
 * dropped only when a handler resolved, handed again after `retryDelayMs` when it failed (up to `maxDeliver`).
 * Mirrors a JetStream durable pull consumer with explicit acks, so that the contract suite means the same on both.
 */
export class WorkGroup {
  private readonly queue: Message[] = [];
  private readonly members: Member[] = [];
  private next = 0;

  constructor(
    readonly topic: string,
    private readonly retry: WorkRetry,
    private readonly onError: (e: unknown, topic: string) => void,
  ) {}

  push(payload: unknown, topic: string) {
    this.queue.push({ payload, topic, deliveries: 0 });
    this.pump();
  }

  join(handler: WorkHandler): () => Promise<void> {
    const m: Member = { handler, busy: false, stopped: false };
    this.members.push(m);
    this.pump();
    return async () => {
      m.stopped = true;
      this.members.splice(this.members.indexOf(m), 1);
      if (m.busy) await new Promise<void>((r) => (m.idle = r));
    };
  }

  /** Round-robin over idle members, so that two members share the work as two NATS connections would. */
  private pump() {
    while (this.queue.length > 0) {
      const idle = this.members.filter((m) => !m.busy);
      if (idle.length === 0) return;
      const m = idle[this.next++ % idle.length] as Member;
      const msg = this.queue.shift() as Message;
      void this.deliver(m, msg);
    }
  }

  private async deliver(m: Member, msg: Message) {
    m.busy = true;
    msg.deliveries++;
    try {
      await m.handler(msg.payload, msg.topic);
    } catch (e) {
      this.onError(e, msg.topic);
      if (msg.deliveries < this.retry.maxDeliver) {
        setTimeout(() => {
          this.queue.push(msg);
          this.pump();
        }, this.retry.retryDelayMs).unref();
      } else {
        this.onError(new Error(`bus: gave up on a message after ${msg.deliveries} failed deliveries`), msg.topic);
      }
    }
    m.busy = false;
    m.idle?.();
    this.pump();
  }
}
