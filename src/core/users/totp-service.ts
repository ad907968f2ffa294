import { randomBytes } from 'node:crypto';
import type { AuditJournal } from '../audit/journal.js';
import { badRequest, DomainError, forbidden } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { Store, UserRecord } from '../ports/store.js';
import type { SecretBox } from '../security/keys.js';
import { base32Encode, matchTotp, otpauthUri } from '../security/totp.js';
import type { Principal } from './principal.js';

/** Stored sealed in settings: the secret never sits in clear in the database. */
interface TotpState {
  secret: string;
  confirmed: boolean;
  /** The last step accepted: a code is good once. */
  lastStep: number;
}

const key = (userId: string) => `totp:${userId}`;
const ROLES_WITH_TOTP = new Set(['admin', 'supervisor']);

/** Optional second factor (RFC 6238) for the roles that can change the fleet, accounts or evidence. */
export class TotpService {
  private readonly locks = new Map<string, Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly journal: AuditJournal,
    private readonly clock: Clock,
    private readonly box: SecretBox,
  ) {}

  private async read(userId: string): Promise<TotpState | undefined> {
    const sealed = await this.store.settings.get(key(userId));
    return sealed ? (JSON.parse(this.box.open(sealed, key(userId))) as TotpState) : undefined;
  }

  private async write(userId: string, s: TotpState) {
    await this.store.settings.set(key(userId), this.box.seal(JSON.stringify(s), key(userId)));
  }

  async enabled(userId: string): Promise<boolean> {
    return (await this.read(userId))?.confirmed === true;
  }

  /** Starts (or restarts, while unconfirmed) an enrolment: the secret is shown this once. */
  async enrol(p: Principal, ip: string) {
    if (!ROLES_WITH_TOTP.has(p.role)) throw forbidden('one-time codes are for admins and supervisors');
    // An API token acting as its user must not be able to lock that user out of the console.
    if (p.via !== 'session') throw forbidden('enrol a one-time code from a console session, not with an API token');
    if (await this.enabled(p.userId)) throw new DomainError(409, 'conflict', 'a one-time code is already enrolled');
    const secret = randomBytes(20);
    await this.write(p.userId, { secret: secret.toString('base64'), confirmed: false, lastStep: -1 });
    await this.journal.record({ actor: p.username, action: 'auth.totp_enrol_start', ip });
    return { secret: base32Encode(secret), uri: otpauthUri('Vigie', p.username, secret) };
  }

  /** The first code from the authenticator app proves the secret was copied; from then on login needs a code. */
  async confirm(p: Principal, code: string, ip: string) {
    if (!ROLES_WITH_TOTP.has(p.role)) throw forbidden('one-time codes are for admins and supervisors');
    if (p.via !== 'session') throw forbidden('enrol a one-time code from a console session, not with an API token');
    const s = await this.read(p.userId);
    if (!s || s.confirmed) throw badRequest('no enrolment in progress: start one with POST /api/auth/totp');
    const step = matchTotp(Buffer.from(s.secret, 'base64'), code, this.clock.now(), s.lastStep);
    if (step === undefined) throw badRequest('code: wrong one-time code (check the device clock)');
    await this.write(p.userId, { ...s, confirmed: true, lastStep: step });
    await this.journal.record({ actor: p.username, action: 'auth.totp_enrolled', ip });
  }

  // Checks of one user's codes run one after the other: two parallel logins cannot both spend the same code.
  private serial<T>(userId: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.locks.get(userId) ?? Promise.resolve()).then(fn, fn);
    const done = run.then(
      () => {},
      () => {},
    );
    this.locks.set(userId, done);
    void done.then(() => this.locks.get(userId) === done && this.locks.delete(userId));
    return run;
  }

  /** Checks a login's code; a wrong or replayed code is journaled and refused. */
  check(u: UserRecord, code: string | undefined, ip: string): Promise<boolean> {
    return this.serial(u.id, () => this.checkNow(u, code, ip));
  }

  private async checkNow(u: UserRecord, code: string | undefined, ip: string): Promise<boolean> {
    const s = await this.read(u.id);
    if (!s?.confirmed) return true;
    const step = code ? matchTotp(Buffer.from(s.secret, 'base64'), code, this.clock.now(), s.lastStep) : undefined;
    if (step === undefined) {
      if (code) await this.journal.record({ actor: u.username, action: 'auth.totp_failed', ip });
      return false;
    }
    await this.write(u.id, { ...s, lastStep: step });
    return true;
  }

  /** An admin resets a lost device (the user enrols again); journaled. */
  async reset(p: Principal, u: UserRecord, ip: string) {
    await this.store.settings.delete(key(u.id));
    await this.journal.record({ actor: p.username, action: 'auth.totp_reset', target: u.username, ip });
  }
}
