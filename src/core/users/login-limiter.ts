import type { Clock } from '../ports/clock.js';

const IP_FACTOR = 4;

/** Sliding-window count of failed logins per account and per client address (brute-force brake). */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly maxFailures: number,
    private readonly windowMs: number,
  ) {}

  private recent(key: string): number[] {
    const cutoff = this.clock.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Seconds to wait before another attempt is allowed, or 0; `ip:` keys allow more (a control room shares one address). */
  retryAfter(keys: string[]): number {
    let wait = 0;
    for (const k of keys) {
      const list = this.recent(k);
      const max = k.startsWith('ip:') ? this.maxFailures * IP_FACTOR : this.maxFailures;
      if (list.length >= max) {
        wait = Math.max(wait, Math.ceil((list[0]! + this.windowMs - this.clock.now()) / 1000));
      }
    }
    return wait;
  }

  fail(keys: string[]): void {
    for (const k of keys) this.failures.set(k, [...this.recent(k), this.clock.now()]);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}
