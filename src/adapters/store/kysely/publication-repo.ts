import type { Kysely, Selectable } from 'kysely';
import type { ContractRepo, PublicationRepo } from '../../../core/ports/public.js';
import type { CameraPublication, Contract } from '../../../core/public/schemas.js';
import type { Database } from './tables.js';

type PubRow = Selectable<Database['camera_publication']>;

const pubFromRow = (r: PubRow): CameraPublication => ({
  cameraId: r.camera_id,
  published: Number(r.published) === 1,
  reason: r.reason,
  covers: r.covers,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});

export class KyselyPublicationRepo implements PublicationRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async list() {
    const rows = await this.db.selectFrom('camera_publication').selectAll().orderBy('camera_id').execute();
    return rows.map(pubFromRow);
  }

  async get(cameraId: string) {
    const r = await this.db
      .selectFrom('camera_publication')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .executeTakeFirst();
    return r ? pubFromRow(r) : undefined;
  }

  async put(p: CameraPublication) {
    const row = {
      camera_id: p.cameraId,
      published: p.published ? 1 : 0,
      reason: p.reason,
      covers: p.covers,
      updated_by: p.updatedBy,
      updated_at: p.updatedAt,
    };
    const { camera_id: _, ...rest } = row;
    await this.db
      .insertInto('camera_publication')
      .values(row)
      .onConflict((oc) => oc.column('camera_id').doUpdateSet(rest))
      .execute();
  }
}

type ContractRow = Selectable<Database['contracts']>;

const contractFromRow = (r: ContractRow): Contract => ({
  id: r.id,
  vendor: r.vendor,
  object: r.object,
  ...(r.amount_cents !== null && { amountCents: Number(r.amount_cents) }),
  currency: r.currency,
  signedOn: r.signed_on,
  ...(r.duration_months !== null && { durationMonths: Number(r.duration_months) }),
  maintenance: r.maintenance,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const contractToRow = (c: Contract): ContractRow => ({
  id: c.id,
  vendor: c.vendor,
  object: c.object,
  amount_cents: c.amountCents ?? null,
  currency: c.currency,
  signed_on: c.signedOn,
  duration_months: c.durationMonths ?? null,
  maintenance: c.maintenance,
  created_by: c.createdBy,
  created_at: c.createdAt,
  updated_at: c.updatedAt,
});

export class KyselyContractRepo implements ContractRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async list() {
    const rows = await this.db.selectFrom('contracts').selectAll().orderBy('signed_on').orderBy('id').execute();
    return rows.map(contractFromRow);
  }

  async get(id: string) {
    const r = await this.db.selectFrom('contracts').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? contractFromRow(r) : undefined;
  }

  async insert(c: Contract) {
    await this.db.insertInto('contracts').values(contractToRow(c)).execute();
  }

  async update(c: Contract) {
    const { id, ...rest } = contractToRow(c);
    await this.db.updateTable('contracts').set(rest).where('id', '=', id).execute();
  }

  async delete(id: string) {
    const r = await this.db.deleteFrom('contracts').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
