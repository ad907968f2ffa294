import type { Kysely, RawBuilder, Selectable } from 'kysely';
import type { AuditRecord, AuditRepo, SettingRepo } from '../../../core/ports/store.js';
import type { Database } from './tables.js';

const fromRow = (r: Selectable<Database['audit_log']>): AuditRecord => ({
  seq: Number(r.seq),
  at: r.at,
  actor: r.actor,
  action: r.action,
  target: r.target,
  ip: r.ip,
  details: r.details,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** Append-only by API: the repo offers no update or delete of journal rows. */
export class KyselyAuditRepo implements AuditRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly chainLock?: RawBuilder<unknown>,
  ) {}
  async lockChain() {
    if (this.chainLock) await this.chainLock.execute(this.db);
  }
  async append(e: AuditRecord) {
    await this.db
      .insertInto('audit_log')
      .values({
        seq: e.seq,
        at: e.at,
        actor: e.actor,
        action: e.action,
        target: e.target,
        ip: e.ip,
        details: e.details,
        prev_hash: e.prevHash,
        hash: e.hash,
      })
      .execute();
  }
  async last() {
    const r = await this.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return r ? fromRow(r) : undefined;
  }
  async page(afterSeq: number, limit: number) {
    const rows = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(fromRow);
  }
  async search(f: { actor?: string; action?: string; target?: string; limit: number; beforeSeq?: number }) {
    let q = this.db.selectFrom('audit_log').selectAll();
    if (f.actor) q = q.where('actor', '=', f.actor);
    if (f.action) q = q.where('action', '=', f.action);
    if (f.target) q = q.where('target', '=', f.target);
    if (f.beforeSeq !== undefined) q = q.where('seq', '<', f.beforeSeq);
    return (await q.orderBy('seq', 'desc').limit(f.limit).execute()).map(fromRow);
  }
}

export class KyselySettingRepo implements SettingRepo {
  constructor(private readonly db: Kysely<Database>) {}
  async get(key: string) {
    return (await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
  }
  async set(key: string, value: string) {
    await this.db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }
  async delete(key: string) {
    await this.db.deleteFrom('settings').where('key', '=', key).execute();
  }
}
