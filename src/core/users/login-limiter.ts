import type { Clock } from '../ports/clock.js';

/** An account may fail this many times its per-address limit, from all addresses together, before backoff starts. */
const ACCOUNT_FACTOR = 4;
/** An address may fail this many times the per-account limit, across all accounts, within the window. */
const ADDRESS_FACTOR = 4;
/** Past this many tracked keys the whole map is swept (many guessed usernames cannot grow memory for ever). */
const SWEEP_AT = 50_000;

/** A reserved attempt: it counts as a failure unless the login succeeds. */
export interface LoginTicket {
  succeed(): void;
}

export type Reservation = { ticket: LoginTicket; wait?: undefined } | { wait: number; ticket?: undefined };

/**
 * Brute-force brake. An attempt is counted *before* its password is checked (reserve is synchronous, so parallel
 * requests cannot all pass the check before any failure is recorded). Three counters:
 * - account + address: `maxFailures` per window, the stated limit;
 * - account from every address: past `ACCOUNT_FACTOR × maxFailures` failures, exponential backoff between attempts
 *   (1 s, 2 s, 4 s… at most the window) slows a distributed guesser without locking the account out;
 * - address across accounts: `ADDRESS_FACTOR × maxFailures` per window (a control room shares one address).
 * None of them stops the same account from logging in from another address.
 */
export class LoginLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly maxFailures: number,
    private readonly windowMs: number,
  ) {}

  private recent(key: string): number[] {
    const cutoff = this.clock.now() - this.windowMs;
    const list = (this.attempts.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length) this.attempts.set(key, list);
    else this.attempts.delete(key);
    return list;
  }

  /** Milliseconds before the key allows another attempt (0 if it does now). */
  private waitMs(key: string, kind: 'pair' | 'account' | 'address'): number {
    const list = this.recent(key);
    const now = this.clock.now();
    if (kind === 'account') {
      const over = list.length - ACCOUNT_FACTOR * this.maxFailures;
      if (over < 0) return 0;
      const backoff = Math.min(this.windowMs, 1000 * 2 ** Math.min(over, 30));
      return Math.max(0, list[list.length - 1]! + backoff - now);
    }
    const max = kind === 'pair' ? this.maxFailures : this.maxFailures * ADDRESS_FACTOR;
    return list.length >= max ? list[list.length - max]! + this.windowMs - now : 0;
  }

  /** Counts an attempt now, or says how many seconds to wait; never awaits, so it is atomic under concurrency. */
  reserve(username: string, ip: string): Reservation {
    if (this.attempts.size > SWEEP_AT) for (const k of [...this.attempts.keys()]) this.recent(k);
    const account = `user:${username.toLowerCase()}`;
    const pair = `pair:${username.toLowerCase()}\n${ip}`;
    const address = `ip:${ip}`;
    const wait = Math.max(this.waitMs(pair, 'pair'), this.waitMs(account, 'account'), this.waitMs(address, 'address'));
    if (wait > 0) return { wait: Math.max(1, Math.ceil(wait / 1000)) };
    const at = this.clock.now();
    for (const k of [pair, account, address]) this.attempts.set(k, [...this.recent(k), at]);
    return {
      ticket: {
        // A success clears the account's failures and gives its address back the attempt.
        succeed: () => {
          this.attempts.delete(pair);
          this.attempts.delete(account);
          const list = this.attempts.get(address) ?? [];
          const i = list.indexOf(at);
          if (i >= 0) list.splice(i, 1);
        },
      },
    };
  }
}
