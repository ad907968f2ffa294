import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AuditJournal } from '../audit/journal.js';
import { badRequest, DomainError, unauthorized } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { ApiTokenRecord, Store, UserRecord } from '../ports/store.js';
import { dummyHash, verifyPassword } from '../security/passwords.js';
import { type AccessControl, sha256 } from './access.js';
import type { LoginLimiter } from './login-limiter.js';
import type { Principal } from './principal.js';
import type { TotpService } from './totp-service.js';

const DAY_MS = 86_400_000;
/** API token lifetimes in days: given none, `default`; never more than `max`. */
export interface TokenDays {
  default: number;
  max: number;
}
const TOKEN_PREFIX = 'vgt_';

export interface RequestMeta {
  ip: string;
  userAgent: string;
}

export const principalOf = (u: UserRecord, via: Principal['via'], tokenId?: string): Principal => ({
  userId: u.id,
  username: u.username,
  role: u.role,
  sectorIds: u.sectorIds,
  via,
  ...(tokenId && { tokenId }),
});

/** Sessions and API tokens: only their SHA-256 is stored, so a database leak yields no usable credential. */
export class AuthService {
  constructor(
    private readonly store: Store,
    private readonly journal: AuditJournal,
    private readonly limiter: LoginLimiter,
    private readonly clock: Clock,
    private readonly sessionTtlMs: number,
    private readonly extra: { access?: AccessControl; totp?: TotpService; tokenDays?: TokenDays } = {},
  ) {}

  async login(username: string, password: string, meta: RequestMeta, totpCode?: string) {
    // Counted before the password is checked: parallel guesses cannot all slip under the limit.
    const r = this.limiter.reserve(username, meta.ip);
    if (!r.ticket) {
      await this.journal.record({ actor: username, action: 'auth.login_throttled', ip: meta.ip });
      throw new DomainError(429, 'too_many_attempts', `too many failed logins; retry in ${r.wait} s`, {
        retryAfter: r.wait,
      });
    }
    const user = await this.store.users.getByUsername(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
    if (!user || !ok || user.disabled) {
      await this.journal.record({ actor: username, action: 'auth.login_failed', ip: meta.ip });
      throw unauthorized('wrong username or password');
    }
    // A missing or wrong one-time code leaves the attempt counted, like a wrong password.
    if (this.extra.totp && !(await this.extra.totp.check(user, totpCode, meta.ip))) {
      throw totpCode
        ? unauthorized('wrong or already used one-time code')
        : new DomainError(401, 'totp_required', 'this account needs a one-time code (field totp)');
    }
    r.ticket.succeed();
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now + this.sessionTtlMs).toISOString();
    await this.store.sessions.insert({
      tokenHash: sha256(token),
      userId: user.id,
      createdAt: new Date(now).toISOString(),
      expiresAt,
      ip: meta.ip,
      userAgent: meta.userAgent.slice(0, 500),
    });
    await this.journal.record({ actor: user.username, action: 'auth.login', ip: meta.ip });
    return { token, expiresAt, principal: principalOf(user, 'session') };
  }

  async fromSession(token: string): Promise<Principal | undefined> {
    const s = await this.store.sessions.get(sha256(token));
    if (!s) return undefined;
    if (s.expiresAt <= new Date(this.clock.now()).toISOString()) {
      await this.store.sessions.delete(s.tokenHash);
      return undefined;
    }
    const user = await this.store.users.get(s.userId);
    return user && !user.disabled ? principalOf(user, 'session') : undefined;
  }

  async logout(token: string, p: Principal, ip: string) {
    await this.store.sessions.delete(sha256(token));
    await this.journal.record({ actor: p.username, action: 'auth.logout', ip });
    // Open live views and alarm streams of this session end now, not at their next periodic check.
    this.extra.access?.changed(p.userId);
  }

  async createToken(p: Principal, name: string, expiresInDays: number | undefined, ip: string) {
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const days = this.tokenDays;
    if (expiresInDays !== undefined && expiresInDays > days.max)
      throw badRequest(`expiresInDays: at most ${days.max} days`);
    const expiresAt = new Date(now + (expiresInDays ?? days.default) * DAY_MS).toISOString();
    await this.store.tokens.insert({
      id,
      userId: p.userId,
      name,
      tokenHash: sha256(secret),
      createdAt: new Date(now).toISOString(),
      expiresAt,
      lastUsedAt: null,
      revoked: false,
    });
    await this.journal.record({ actor: p.username, action: 'token.create', target: id, ip, details: { name } });
    return { id, name, expiresAt, token: `${TOKEN_PREFIX}${id}.${secret}` };
  }

  async fromToken(bearer: string): Promise<Principal | undefined> {
    const m = /^vgt_([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,100})$/.exec(bearer);
    if (!m) return undefined;
    const t = await this.store.tokens.get(m[1]!);
    if (!t || t.revoked) return undefined;
    const now = new Date(this.clock.now()).toISOString();
    if (this.expiryOf(t) <= now) return undefined;
    if (!timingSafeEqual(Buffer.from(sha256(m[2]!)), Buffer.from(t.tokenHash))) return undefined;
    const user = await this.store.users.get(t.userId);
    if (!user || user.disabled) return undefined;
    // Last-use time at minute resolution keeps token-heavy integrations from writing on every request.
    if (!t.lastUsedAt || t.lastUsedAt.slice(0, 16) !== now.slice(0, 16)) {
      await this.store.tokens.update({ ...t, lastUsedAt: now });
    }
    return principalOf(user, 'token', t.id);
  }

  private get tokenDays(): TokenDays {
    return this.extra.tokenDays ?? { default: 90, max: 365 };
  }

  /** Tokens from before expiry was mandatory (none stored) end the default lifetime after their creation. */
  private expiryOf(t: ApiTokenRecord): string {
    return t.expiresAt ?? new Date(Date.parse(t.createdAt) + this.tokenDays.default * DAY_MS).toISOString();
  }

  /** With their expiry and last use, so that a forgotten or unused integration token shows. */
  async listTokens(p: Principal) {
    return (await this.store.tokens.listForUser(p.userId)).map(({ tokenHash, ...t }) => ({
      ...t,
      expiresAt: this.expiryOf({ tokenHash, ...t }),
    }));
  }

  async revokeToken(p: Principal, id: string, ip: string) {
    const t = await this.store.tokens.get(id);
    if (!t || (t.userId !== p.userId && p.role !== 'admin')) throw new DomainError(404, 'not_found', 'token not found');
    // A second revocation would journal a revocation that did not happen.
    if (t.revoked) throw new DomainError(409, 'conflict', `token ${id} is already revoked`);
    await this.store.tokens.update({ ...t, revoked: true });
    await this.journal.record({ actor: p.username, action: 'token.revoke', target: id, ip });
  }
}
