// Webhook deliveries: what an integration target is, and the outbox port that keeps every delivery until it lands.

export interface WebhookTarget {
  id: string;
  url: string;
  /** HMAC-SHA256 key: receivers check `X-Vigie-Signature` = sha256=HMAC(secret, `${timestamp}.${body}`). */
  secret: string;
  /** Bus topics sent (prefixes ending in `*` allowed); default every event and alarm change. */
  topics: string[];
  timeoutMs: number;
  maxAttempts: number;
}

export type DeliveryState = 'pending' | 'delivered' | 'dead';

export interface Delivery {
  id: string;
  targetId: string;
  topic: string;
  body: string;
  createdAt: number;
  attempts: number;
  nextAt: number;
  state: DeliveryState;
  lastError?: string;
  deliveredAt?: number;
}

/** Where deliveries wait (the store when embedded; memory in tests). A crash keeps what was not delivered. */
export interface DeliveryOutbox {
  add(d: Delivery): Promise<void>;
  /** Pending deliveries whose next attempt is due, oldest first. */
  due(now: number, limit: number): Promise<Delivery[]>;
  update(d: Delivery): Promise<void>;
  counts(): Promise<Record<DeliveryState, number>>;
}

/** The outbox in process memory (tests, and a centre run without a store). */
export class MemoryOutbox implements DeliveryOutbox {
  readonly items = new Map<string, Delivery>();
  async add(d: Delivery) {
    this.items.set(d.id, { ...d });
  }
  async due(now: number, limit: number) {
    return [...this.items.values()]
      .filter((d) => d.state === 'pending' && d.nextAt <= now)
      .sort((a, b) => a.createdAt - b.createdAt)
      .slice(0, limit)
      .map((d) => ({ ...d }));
  }
  async update(d: Delivery) {
    this.items.set(d.id, { ...d });
  }
  async counts() {
    const c = { pending: 0, delivered: 0, dead: 0 };
    for (const d of this.items.values()) c[d.state]++;
    return c;
  }
}
