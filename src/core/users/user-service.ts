import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AuditJournal } from '../audit/journal.js';
import { conflict, DomainError, forbidden, notFound } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { Store, UserRecord } from '../ports/store.js';
import { hashPassword } from '../security/passwords.js';
import { can, type Principal } from './principal.js';
import { type PublicUser, type UserInput, type UserPatch, userInputSchema } from './schemas.js';

const SETUP_KEY = 'setup_token_sha256';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export const toPublicUser = ({ passwordHash, ...u }: UserRecord): PublicUser => u;

/** Accounts: no default password exists; the first admin comes from a one-time setup token or the CLI. */
export class UserService {
  constructor(
    private readonly store: Store,
    private readonly journal: AuditJournal,
    private readonly clock: Clock,
  ) {}

  private guard(p: Principal) {
    if (!can(p, 'users.manage')) throw forbidden();
  }

  private async checkSectors(sectorIds: string[]) {
    for (const id of sectorIds) if (!(await this.store.sectors.get(id))) throw notFound(`sector ${id}`);
  }

  async create(p: Principal, input: UserInput, ip = ''): Promise<PublicUser> {
    this.guard(p);
    const u = userInputSchema.parse(input);
    await this.checkSectors(u.sectorIds);
    if (await this.store.users.getByUsername(u.username)) throw conflict(`username ${u.username} is taken`);
    const now = new Date(this.clock.now()).toISOString();
    const rec: UserRecord = {
      id: randomUUID(),
      username: u.username,
      role: u.role,
      sectorIds: u.sectorIds,
      passwordHash: await hashPassword(u.password),
      disabled: false,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.transaction(async (tx) => {
      await tx.users.insert(rec);
      await this.journal.record(
        {
          actor: p.username,
          action: 'user.create',
          target: rec.username,
          ip,
          details: { role: rec.role, sectorIds: rec.sectorIds },
        },
        tx.audit,
      );
    });
    return toPublicUser(rec);
  }

  async list(p: Principal) {
    this.guard(p);
    return (await this.store.users.list()).map(toPublicUser);
  }

  async update(p: Principal, id: string, patch: UserPatch, ip = ''): Promise<PublicUser> {
    if (p.userId !== id || patch.role || patch.sectorIds || patch.disabled !== undefined) this.guard(p);
    const cur = await this.store.users.get(id);
    if (!cur) throw notFound('user');
    if (patch.sectorIds) await this.checkSectors(patch.sectorIds);
    const next: UserRecord = {
      ...cur,
      ...(patch.role && { role: patch.role }),
      ...(patch.sectorIds && { sectorIds: patch.sectorIds }),
      ...(patch.disabled !== undefined && { disabled: patch.disabled }),
      ...(patch.password && { passwordHash: await hashPassword(patch.password) }),
      updatedAt: new Date(this.clock.now()).toISOString(),
    };
    if (cur.role === 'admin' && (next.role !== 'admin' || next.disabled)) await this.keepOneAdmin(cur.id);
    await this.store.users.update(next);
    if (patch.password || patch.disabled || patch.role || patch.sectorIds) await this.store.sessions.deleteForUser(id);
    const changed = Object.keys(patch).filter((k) => k !== 'password');
    await this.journal.record({
      actor: p.username,
      action: 'user.update',
      target: cur.username,
      ip,
      details: { changed, passwordChanged: Boolean(patch.password) },
    });
    return toPublicUser(next);
  }

  async remove(p: Principal, id: string, ip = '') {
    this.guard(p);
    const cur = await this.store.users.get(id);
    if (!cur) throw notFound('user');
    if (cur.role === 'admin') await this.keepOneAdmin(cur.id);
    await this.store.users.delete(id);
    await this.journal.record({ actor: p.username, action: 'user.delete', target: cur.username, ip });
  }

  private async keepOneAdmin(leavingId: string) {
    const admins = (await this.store.users.list()).filter(
      (u) => u.role === 'admin' && !u.disabled && u.id !== leavingId,
    );
    if (admins.length === 0) throw conflict('the last active admin cannot be removed, demoted or disabled');
  }

  /** Returns a fresh one-time token while no user exists (printed at start), else undefined. */
  async issueSetupToken(): Promise<string | undefined> {
    if ((await this.store.users.count()) > 0) return undefined;
    const token = randomBytes(24).toString('base64url');
    await this.store.settings.set(SETUP_KEY, sha256(token));
    return token;
  }

  async completeSetup(token: string, username: string, password: string, ip = ''): Promise<PublicUser> {
    const expected = await this.store.settings.get(SETUP_KEY);
    const valid = expected && timingSafeEqual(Buffer.from(sha256(token)), Buffer.from(expected));
    if (!valid || (await this.store.users.count()) > 0) {
      throw new DomainError(
        403,
        'setup_closed',
        'invalid or used setup token (setup is only possible while no user exists)',
      );
    }
    await this.store.settings.delete(SETUP_KEY);
    const setupActor: Principal = { userId: 'setup', username: 'setup', role: 'admin', sectorIds: [], via: 'session' };
    return this.create(setupActor, { username, password, role: 'admin', sectorIds: [] }, ip);
  }
}
