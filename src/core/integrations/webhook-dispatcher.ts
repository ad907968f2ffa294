// Signed webhooks, retried with backoff: an alarm or event is written to the outbox first, then delivered; a
// receiver that hangs or fails never blocks the others and never loses a delivery (it ends `dead`, visible).
import { createHmac, randomUUID } from 'node:crypto';
import type { Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { Delivery, DeliveryOutbox, WebhookTarget } from './webhook-types.js';

export interface DispatcherOptions {
  /** First retry delay; doubles each attempt up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
  /** How often due deliveries are looked for. */
  pollMs: number;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
  fetch?: typeof fetch;
}

export function signature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const matches = (patterns: string[], topic: string) =>
  patterns.some((p) => (p.endsWith('*') ? topic.startsWith(p.slice(0, -1)) : p === topic));

export class WebhookDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    private readonly targets: WebhookTarget[],
    private readonly outbox: DeliveryOutbox,
    private readonly clock: Clock,
    private readonly o: DispatcherOptions,
  ) {}

  /** Queues a delivery of `payload` to every target that wants `topic`. */
  async enqueue(topic: string, payload: unknown): Promise<void> {
    const now = this.clock.now();
    const body = JSON.stringify({ topic, at: now, payload });
    for (const t of this.targets.filter((x) => matches(x.topics, topic))) {
      await this.outbox.add({
        id: randomUUID(),
        targetId: t.id,
        topic,
        body,
        createdAt: now,
        attempts: 0,
        nextAt: now,
        state: 'pending',
      });
    }
  }

  /** Feeds the dispatcher from the bus (events and alarm changes) and starts delivering. */
  start(bus: Bus, topics = ['events.*', 'alarms.*']): void {
    for (const topic of topics) {
      this.unsubscribe.push(
        bus.subscribe(topic, (payload, t) => {
          void this.enqueue(t, payload).then(
            () => this.kick(),
            (err) => this.o.log?.('webhook enqueue failed', { err: String(err) }),
          );
        }),
      );
    }
    this.timer = setInterval(() => this.kick(), this.o.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    for (const u of this.unsubscribe.splice(0)) u();
    clearInterval(this.timer);
    await this.running;
  }

  /** Runs one delivery round unless one is already running. */
  kick(): Promise<void> {
    this.running ??= this.deliverDue().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Attempts every due delivery, targets in parallel (a hanging one costs only its own timeout). */
  async deliverDue(): Promise<void> {
    const due = await this.outbox.due(this.clock.now(), 100);
    await Promise.all(due.map((d) => this.attempt(d)));
  }

  private async attempt(d: Delivery): Promise<void> {
    const t = this.targets.find((x) => x.id === d.targetId);
    if (!t) return this.outbox.update({ ...d, state: 'dead', lastError: 'target no longer configured' });
    const ts = this.clock.now();
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), t.timeoutMs);
    let error: string | undefined;
    let permanent = false;
    try {
      const res = await (this.o.fetch ?? fetch)(t.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-vigie-delivery': d.id,
          'x-vigie-timestamp': String(ts),
          'x-vigie-signature': signature(t.secret, ts, d.body),
        },
        body: d.body,
        signal: ctl.signal,
      });
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) {
        error = `HTTP ${res.status}`;
        // A 4xx other than timeout / rate limit says the receiver refuses this payload: retrying will not help.
        permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
      }
    } catch (err) {
      error = ctl.signal.aborted ? `no answer within ${t.timeoutMs} ms` : String((err as Error).message ?? err);
    } finally {
      clearTimeout(timer);
    }
    const attempts = d.attempts + 1;
    if (!error) return this.outbox.update({ ...d, attempts, state: 'delivered', deliveredAt: this.clock.now() });
    const dead = permanent || attempts >= t.maxAttempts;
    const delay = Math.min(this.o.maxBackoffMs, this.o.backoffMs * 2 ** (attempts - 1));
    this.o.log?.(dead ? 'webhook delivery given up' : 'webhook delivery failed, will retry', {
      target: t.id,
      delivery: d.id,
      attempts,
      error,
      ...(!dead && { retryInMs: delay }),
    });
    await this.outbox.update({
      ...d,
      attempts,
      lastError: error,
      state: dead ? 'dead' : 'pending',
      nextAt: this.clock.now() + delay,
    });
  }
}
