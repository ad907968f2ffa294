import type { Kysely, Selectable } from 'kysely';
import type {
  ApiTokenRecord,
  ApiTokenRepo,
  Role,
  SessionRecord,
  SessionRepo,
  UserRecord,
  UserRepo,
} from '../../../core/ports/store.js';
import type { Database } from './tables.js';

type UserRow = Selectable<Database['users']>;

const userToRow = (u: UserRecord): UserRow => ({
  id: u.id,
  username: u.username,
  role: u.role,
  sector_ids: JSON.stringify(u.sectorIds),
  password_hash: u.passwordHash,
  disabled: u.disabled ? 1 : 0,
  created_at: u.createdAt,
  updated_at: u.updatedAt,
});

const userFromRow = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  role: r.role as Role,
  sectorIds: JSON.parse(r.sector_ids),
  passwordHash: r.password_hash,
  disabled: Number(r.disabled) === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class KyselyUserRepo implements UserRepo {
  constructor(private readonly db: Kysely<Database>) {}
  async get(id: string) {
    const r = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? userFromRow(r) : undefined;
  }
  async getByUsername(username: string) {
    const r = await this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return r ? userFromRow(r) : undefined;
  }
  async list() {
    return (await this.db.selectFrom('users').selectAll().orderBy('username').execute()).map(userFromRow);
  }
  async insert(u: UserRecord) {
    await this.db.insertInto('users').values(userToRow(u)).execute();
  }
  async update(u: UserRecord) {
    const { id, created_at, ...rest } = userToRow(u);
    await this.db.updateTable('users').set(rest).where('id', '=', id).execute();
  }
  async delete(id: string) {
    const r = await this.db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
  async count() {
    const r = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}

export class KyselySessionRepo implements SessionRepo {
  constructor(private readonly db: Kysely<Database>) {}
  async insert(s: SessionRecord) {
    await this.db
      .insertInto('sessions')
      .values({
        token_hash: s.tokenHash,
        user_id: s.userId,
        created_at: s.createdAt,
        expires_at: s.expiresAt,
        ip: s.ip,
        user_agent: s.userAgent,
      })
      .execute();
  }
  async get(tokenHash: string) {
    const r = await this.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    if (!r) return undefined;
    return {
      tokenHash: r.token_hash,
      userId: r.user_id,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      ip: r.ip,
      userAgent: r.user_agent,
    };
  }
  async delete(tokenHash: string) {
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }
  async deleteForUser(userId: string) {
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }
  async deleteExpired(nowIso: string) {
    const r = await this.db.deleteFrom('sessions').where('expires_at', '<=', nowIso).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}

type TokenRow = Selectable<Database['api_tokens']>;
const tokenFromRow = (r: TokenRow): ApiTokenRecord => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  tokenHash: r.token_hash,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
  revoked: Number(r.revoked) === 1,
});

export class KyselyApiTokenRepo implements ApiTokenRepo {
  constructor(private readonly db: Kysely<Database>) {}
  async insert(t: ApiTokenRecord) {
    await this.db
      .insertInto('api_tokens')
      .values({
        id: t.id,
        user_id: t.userId,
        name: t.name,
        token_hash: t.tokenHash,
        created_at: t.createdAt,
        expires_at: t.expiresAt,
        last_used_at: t.lastUsedAt,
        revoked: t.revoked ? 1 : 0,
      })
      .execute();
  }
  async get(id: string) {
    const r = await this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? tokenFromRow(r) : undefined;
  }
  async listForUser(userId: string) {
    const rows = await this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute();
    return rows.map(tokenFromRow);
  }
  async update(t: ApiTokenRecord) {
    await this.db
      .updateTable('api_tokens')
      .set({ name: t.name, expires_at: t.expiresAt, last_used_at: t.lastUsedAt, revoked: t.revoked ? 1 : 0 })
      .where('id', '=', t.id)
      .execute();
  }
}
