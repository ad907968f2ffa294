import pg from 'pg';

export interface WaitOptions {
  /** Told each failed try, with the delay before the next: the node says why it waits instead of crashing. */
  onWait?: (where: string, reason: string, retryMs: number) => void;
  firstDelayMs?: number;
  maxDelayMs?: number;
  connectTimeoutMs?: number;
}

/** host:port/db of a URL, without its credentials: what a log line may show. */
export function whereOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'the configured PostgreSQL';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until PostgreSQL answers, retrying with a capped backoff: a database restarting (or started after the
 * nodes) makes a node wait and go on, not crash. Errors that waiting cannot fix (bad password, no such database)
 * are thrown at once.
 */
export async function waitForPostgres(url: string, opts: WaitOptions = {}): Promise<void> {
  let delay = opts.firstDelayMs ?? 1000;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000 });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      // 28P01/28000: authentication; 3D000: no such database. Retrying would only hide them.
      if (err.code && /^(28|3D)/.test(err.code)) throw new Error(`PostgreSQL at ${whereOf(url)}: ${err.message}`);
      opts.onWait?.(whereOf(url), err.code ?? err.message, delay);
      await sleep(delay);
      delay = Math.min(delay * 2, opts.maxDelayMs ?? 15_000);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
