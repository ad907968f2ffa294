import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AuditJournal } from '../audit/journal.js';
import { badRequest, conflict, DomainError, forbidden, notFound } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { Store, UserRecord } from '../ports/store.js';
import { contextWords, passwordProblem } from '../security/password-policy.js';
import { hashPassword, verifyPassword } from '../security/passwords.js';
import type { AccessControl } from './access.js';
import type { LoginLimiter } from './login-limiter.js';
import { can, type Principal } from './principal.js';
import { type PublicUser, type UserInput, type UserPatch, userInputSchema } from './schemas.js';
import type { TotpService } from './totp-service.js';

const SETUP_KEY = 'setup_token_sha256';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export const toPublicUser = ({ passwordHash, ...u }: UserRecord): PublicUser => u;

/** Accounts: no default password exists; the first admin comes from a one-time setup token or the CLI. */
export class UserService {
  constructor(
    private readonly store: Store,
    private readonly journal: AuditJournal,
    private readonly clock: Clock,
    private readonly opts: {
      access?: AccessControl;
      totp?: TotpService;
      limiter?: LoginLimiter;
      passwordContext?: readonly string[];
    } = {},
  ) {}

  /** The context-derived half of the password rules (the schema checks the rest); a clear 400 says which. */
  private checkPassword(password: string, username: string) {
    const why = passwordProblem(password, contextWords(username, this.opts.passwordContext));
    if (why) throw badRequest(`password: ${why}`);
  }

  /** The current password, guessed from a session left open, is rate-limited like a login (same counters). */
  private async checkCurrent(cur: UserRecord, currentPassword: string | undefined, ip: string) {
    if (!currentPassword) throw badRequest('currentPassword: required to change your own password');
    const r = this.opts.limiter?.reserve(cur.username, ip);
    if (r && !r.ticket) {
      throw new DomainError(429, 'too_many_attempts', `too many wrong passwords; retry in ${r.wait} s`, {
        retryAfter: r.wait,
      });
    }
    if (!(await verifyPassword(currentPassword, cur.passwordHash))) {
      await this.journal.record({ actor: cur.username, action: 'user.password_change_refused', ip });
      throw new DomainError(403, 'wrong_password', 'currentPassword: wrong current password');
    }
    r?.ticket.succeed();
  }

  private guard(p: Principal) {
    if (!can(p, 'users.manage')) throw forbidden();
  }

  private async checkSectors(sectorIds: string[]) {
    for (const id of sectorIds) if (!(await this.store.sectors.get(id))) throw notFound(`sector ${id}`);
  }

  async create(p: Principal, input: UserInput, ip = ''): Promise<PublicUser> {
    this.guard(p);
    const u = userInputSchema.parse(input);
    this.checkPassword(u.password, u.username);
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

  /** `session` is the caller's own session token: changing one's own password keeps it and ends the others. */
  async update(p: Principal, id: string, patch: UserPatch, ip = '', session?: string): Promise<PublicUser> {
    const self = p.userId === id;
    if (!self || patch.role || patch.sectorIds || patch.disabled !== undefined || patch.resetTotp) this.guard(p);
    const cur = await this.store.users.get(id);
    if (!cur) throw notFound('user');
    if (patch.sectorIds) await this.checkSectors(patch.sectorIds);
    if (patch.password) {
      this.checkPassword(patch.password, cur.username);
      // A session left open (or stolen) cannot lock its owner out: one's own password changes with the current one.
      if (self) await this.checkCurrent(cur, patch.currentPassword, ip);
    }
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
    if (patch.resetTotp) await this.opts.totp?.reset(p, cur, ip);
    await this.endAccess(id, patch, self ? session : undefined);
    const changed = Object.keys(patch).filter((k) => k !== 'password' && k !== 'currentPassword');
    await this.journal.record({
      actor: p.username,
      action: 'user.update',
      target: cur.username,
      ip,
      details: { changed, passwordChanged: Boolean(patch.password) },
    });
    return toPublicUser(next);
  }

  /** A new password or a disable ends sessions and API tokens; new rights end sessions (open streams re-check). */
  private async endAccess(id: string, patch: UserPatch, keepSession?: string) {
    const tokens = Boolean(patch.password || patch.disabled);
    const sessions = tokens || Boolean(patch.role || patch.sectorIds);
    if (!sessions) return;
    if (this.opts.access) await this.opts.access.end(id, { sessions, tokens, ...(keepSession && { keepSession }) });
    else await this.store.sessions.deleteForUser(id);
  }

  async remove(p: Principal, id: string, ip = '') {
    this.guard(p);
    const cur = await this.store.users.get(id);
    if (!cur) throw notFound('user');
    if (cur.role === 'admin') await this.keepOneAdmin(cur.id);
    await this.store.users.delete(id);
    this.opts.access?.changed(id);
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
    // A refused password leaves the token usable for another try.
    this.checkPassword(password, username);
    await this.store.settings.delete(SETUP_KEY);
    const setupActor: Principal = { userId: 'setup', username: 'setup', role: 'admin', sectorIds: [], via: 'session' };
    return this.create(setupActor, { username, password, role: 'admin', sectorIds: [] }, ip);
  }
}
