import type { Kysely, Selectable } from 'kysely';
import type { AccessOutcome, AccessRequest, AccessState } from '../../../core/access-requests/schemas.js';
import type { AccessRequestRepo } from '../../../core/ports/access-requests.js';
import type { Database } from './tables.js';

type Row = Selectable<Database['access_requests']>;

const fromRow = (r: Row): AccessRequest => ({
  id: r.id,
  reference: r.reference,
  receivedOn: r.received_on,
  dueOn: r.due_on,
  extension: r.extension ? JSON.parse(r.extension) : null,
  cameraIds: JSON.parse(r.camera_ids),
  from: r.from_at,
  to: r.to_at,
  description: r.description,
  state: r.state as AccessState,
  outcome: r.outcome as AccessOutcome | null,
  outcomeOn: r.outcome_on,
  outcomeReason: r.outcome_reason,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  history: JSON.parse(r.history),
});

const toRow = (a: AccessRequest): Row => ({
  id: a.id,
  reference: a.reference,
  received_on: a.receivedOn,
  due_on: a.dueOn,
  extension: a.extension ? JSON.stringify(a.extension) : null,
  camera_ids: JSON.stringify(a.cameraIds),
  from_at: a.from,
  to_at: a.to,
  description: a.description,
  state: a.state,
  outcome: a.outcome,
  outcome_on: a.outcomeOn,
  outcome_reason: a.outcomeReason,
  created_by: a.createdBy,
  created_at: a.createdAt,
  updated_at: a.updatedAt,
  history: JSON.stringify(a.history),
});

export class KyselyAccessRequestRepo implements AccessRequestRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async list() {
    const rows = await this.db
      .selectFrom('access_requests')
      .selectAll()
      .orderBy('received_on', 'desc')
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(fromRow);
  }

  async get(id: string) {
    const r = await this.db.selectFrom('access_requests').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? fromRow(r) : undefined;
  }

  async insert(a: AccessRequest) {
    await this.db.insertInto('access_requests').values(toRow(a)).execute();
  }

  async update(a: AccessRequest) {
    const { id, ...rest } = toRow(a);
    await this.db.updateTable('access_requests').set(rest).where('id', '=', id).execute();
  }
}
