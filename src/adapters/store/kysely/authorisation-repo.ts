import type { Kysely, Selectable } from 'kysely';
import type { Authorisation, AuthorisationKind } from '../../../core/legal/schemas.js';
import type { AuthorisationRepo } from '../../../core/ports/legal.js';
import type { Database } from './tables.js';

type Row = Selectable<Database['authorisations']>;

const fromRow = (r: Row): Authorisation => ({
  id: r.id,
  kind: r.kind as AuthorisationKind,
  authority: r.authority,
  reference: r.reference,
  signedOn: r.signed_on,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  purposes: JSON.parse(r.purposes),
  purposeText: r.purpose_text,
  cameraIds: JSON.parse(r.camera_ids),
  sectorIds: JSON.parse(r.sector_ids),
  ...(r.retention_days !== null && { retentionDays: Number(r.retention_days) }),
  families: JSON.parse(r.families),
  publishDocument: Number(r.publish_document) === 1,
  document: r.document ? JSON.parse(r.document) : null,
  revokedAt: r.revoked_at,
  revokedBy: r.revoked_by,
  revokeReason: r.revoke_reason,
  createdAt: r.created_at,
  createdBy: r.created_by,
  updatedAt: r.updated_at,
});

const toRow = (a: Authorisation): Row => ({
  id: a.id,
  kind: a.kind,
  authority: a.authority,
  reference: a.reference,
  signed_on: a.signedOn,
  starts_on: a.startsOn,
  ends_on: a.endsOn,
  purposes: JSON.stringify(a.purposes),
  purpose_text: a.purposeText,
  camera_ids: JSON.stringify(a.cameraIds),
  sector_ids: JSON.stringify(a.sectorIds),
  retention_days: a.retentionDays ?? null,
  families: JSON.stringify(a.families),
  publish_document: a.publishDocument ? 1 : 0,
  document: a.document ? JSON.stringify(a.document) : null,
  revoked_at: a.revokedAt,
  revoked_by: a.revokedBy,
  revoke_reason: a.revokeReason,
  created_at: a.createdAt,
  created_by: a.createdBy,
  updated_at: a.updatedAt,
});

export class KyselyAuthorisationRepo implements AuthorisationRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async list() {
    const rows = await this.db.selectFrom('authorisations').selectAll().orderBy('starts_on').orderBy('id').execute();
    return rows.map(fromRow);
  }

  async get(id: string) {
    const r = await this.db.selectFrom('authorisations').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? fromRow(r) : undefined;
  }

  async insert(a: Authorisation) {
    await this.db.insertInto('authorisations').values(toRow(a)).execute();
  }

  async update(a: Authorisation) {
    const { id, ...rest } = toRow(a);
    await this.db.updateTable('authorisations').set(rest).where('id', '=', id).execute();
  }
}
