import type pg from 'pg';
import { DomainError } from '../../core/errors.js';
import { waitForPostgres, whereOf } from './wait-postgres.js';

export type OutageLog = (level: 'warn' | 'info', line: string) => void;

const stderrLog: OutageLog = (_level, line) => process.stderr.write(`vigie: ${line}\n`);

/**
 * A PostgreSQL restart (or outage) under a running node: the pool's dropped idle connections would crash the process
 * (an unhandled 'error' event), and every request would fail with a bare 500. Instead the node says ONCE that the
 * database is gone, answers 503 to whatever needs it meanwhile, watches for its return and says ONCE that it is back;
 * the pool reconnects by itself on the next query.
 */
export class PostgresOutage {
  private since: number | undefined;

  constructor(
    private readonly url: string,
    private readonly log: OutageLog = stderrLog,
    private readonly retryMs = 500,
  ) {}

  get down(): boolean {
    return this.since !== undefined;
  }

  /** Called with a connection's failure: the first one opens the outage and starts watching for the end. */
  lost(err: unknown) {
    if (this.since !== undefined) return;
    this.since = Date.now();
    const e = err as NodeJS.ErrnoException;
    this.log(
      'warn',
      `PostgreSQL at ${whereOf(this.url)} lost (${e.code ?? e.message}): the node goes on and waits for it; ` +
        'requests that need the database answer 503 meanwhile',
    );
    void waitForPostgres(this.url, { firstDelayMs: this.retryMs, maxDelayMs: 5000, connectTimeoutMs: 2000 }).then(
      () => this.back(),
      // Waiting cannot fix it (the database was dropped, the password changed): said once, the outage stays open.
      (e2: Error) => this.log('warn', `${e2.message}; the node cannot use the database until that is fixed`),
    );
  }

  private back() {
    const s = ((Date.now() - (this.since ?? Date.now())) / 1000).toFixed(1);
    this.since = undefined;
    this.log('info', `PostgreSQL at ${whereOf(this.url)} is back after ${s} s`);
  }

  /** What a request gets while the database cannot be reached: a 503 the API shows as such, never a crash. */
  unavailable(err: unknown): DomainError {
    this.lost(err);
    return new DomainError(503, 'database_unavailable', 'the database is unavailable; try again shortly');
  }

  /**
   * The pool as the query layer sees it: a connection that cannot be opened is a 503 and opens the outage, and a
   * pooled connection dropped by the server is reported here instead of crashing the process.
   */
  guard(pool: pg.Pool): pg.Pool {
    pool.on('error', (err) => this.lost(err));
    const connect = pool.connect.bind(pool);
    return new Proxy(pool, {
      get: (target, key, receiver) => {
        if (key !== 'connect') return Reflect.get(target, key, receiver);
        return async () => {
          try {
            return await connect();
          } catch (e) {
            throw this.unavailable(e);
          }
        };
      },
    });
  }
}
