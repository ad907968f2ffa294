import type { Kysely, Selectable } from 'kysely';
import type { Delivery, DeliveryOutbox, DeliveryState } from '../../../core/integrations/webhook-types.js';
import type { Database } from './tables.js';

type Row = Selectable<Database['deliveries']>;

const toRow = (d: Delivery): Row => ({
  id: d.id,
  target_id: d.targetId,
  topic: d.topic,
  body: d.body,
  created_at: d.createdAt,
  attempts: d.attempts,
  next_at: d.nextAt,
  state: d.state,
  last_error: d.lastError ?? null,
  delivered_at: d.deliveredAt ?? null,
});

function fromRow(r: Row): Delivery {
  return {
    id: r.id,
    targetId: r.target_id,
    topic: r.topic,
    body: r.body,
    createdAt: Number(r.created_at),
    attempts: Number(r.attempts),
    nextAt: Number(r.next_at),
    state: r.state as DeliveryState,
    ...(r.last_error !== null && { lastError: r.last_error }),
    ...(r.delivered_at !== null && { deliveredAt: Number(r.delivered_at) }),
  };
}

/** The webhook outbox in the store: a delivery survives a crash until it lands or is given up. */
export class KyselyDeliveryRepo implements DeliveryOutbox {
  constructor(private readonly db: Kysely<Database>) {}

  async add(d: Delivery) {
    await this.db.insertInto('deliveries').values(toRow(d)).execute();
  }

  async due(now: number, limit: number) {
    const rows = await this.db
      .selectFrom('deliveries')
      .selectAll()
      .where('state', '=', 'pending')
      .where('next_at', '<=', now)
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map(fromRow);
  }

  async update(d: Delivery) {
    const { id, ...rest } = toRow(d);
    await this.db.updateTable('deliveries').set(rest).where('id', '=', id).execute();
  }

  async counts() {
    const rows = await this.db
      .selectFrom('deliveries')
      .select(['state', this.db.fn.countAll<number>().as('n')])
      .groupBy('state')
      .execute();
    const c: Record<DeliveryState, number> = { pending: 0, delivered: 0, dead: 0 };
    for (const r of rows) c[r.state as DeliveryState] = Number(r.n);
    return c;
  }
}
