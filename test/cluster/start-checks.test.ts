import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer, type Server, connect as tcpConnect } from 'node:net';
import { test } from 'node:test';
import { waitForPostgres } from '../../src/adapters/store/wait-postgres.js';
import { checkNodeCanStart, StartRefused } from '../../src/app/cluster.js';
import { parseConfig } from '../../src/config/load.js';
import { PG_ADMIN_URL, postgresFactory } from '../support/stores.js';

const node = (nats: Record<string, unknown>) =>
  parseConfig({
    role: 'analytics',
    database: { url: 'postgres://postgres@127.0.0.1/vigie' },
    cluster: { nodeName: 'node-1', nats: { connectTimeoutMs: 1500, ...nats } },
  });

test('wrong NATS credentials are refused with the server and the reason', async (t) => {
  if (spawnSync('nats-server', ['--version']).status !== 0) return t.skip('nats-server not installed');
  const server: ChildProcess = spawn('nats-server', [
    '-a',
    '127.0.0.1',
    '-p',
    '14243',
    '--user',
    'vigie',
    '--pass',
    'right',
  ]);
  t.after(() => server.kill());
  await new Promise((r) => setTimeout(r, 300));
  const servers = ['nats://127.0.0.1:14243'];
  await assert.rejects(
    checkNodeCanStart(node({ servers, user: 'vigie', password: 'wrong' })),
    (e: Error) =>
      e instanceof StartRefused &&
      /^cannot reach NATS at nats:\/\/127\.0\.0\.1:14243: Authorization Violation$/.test(e.message),
  );
  // The same server with the right password: the check passes (it is not refusing everything).
  await checkNodeCanStart(node({ servers, user: 'vigie', password: 'right' }));
});

/** A TCP relay to PostgreSQL that can be down (port closed) and come up later: a database restarting. */
function relay(port: number, target: URL): { up(): Promise<void>; close(): void } {
  let server: Server | undefined;
  return {
    up: () =>
      new Promise((r) => {
        server = createServer((c) => {
          const pgSock = tcpConnect(Number(target.port || 5432), target.hostname);
          c.pipe(pgSock).pipe(c);
          c.on('error', () => pgSock.destroy());
          pgSock.on('error', () => c.destroy());
        }).listen(port, '127.0.0.1', () => r());
      }),
    close: () => server?.close(),
  };
}

test('PostgreSQL down at start: the node waits with a clear line, then goes on once it is back', async (t) => {
  const why = await postgresFactory.unavailable();
  if (why) return t.skip(why);
  const pg = relay(14244, new URL(PG_ADMIN_URL));
  t.after(() => pg.close());
  const url = new URL(PG_ADMIN_URL);
  url.host = '127.0.0.1:14244';
  const lines: string[] = [];
  const waited = waitForPostgres(url.toString(), {
    firstDelayMs: 100,
    onWait: (where, reason, ms) => {
      lines.push(`${where} ${reason} ${ms}`);
      if (lines.length === 2) void pg.up();
    },
  });
  await waited;
  assert.deepEqual(lines, [
    `127.0.0.1:14244${url.pathname} ECONNREFUSED 100`,
    `127.0.0.1:14244${url.pathname} ECONNREFUSED 200`,
  ]);
});

test('errors waiting cannot fix (no such database) are thrown at once, not retried', async (t) => {
  const why = await postgresFactory.unavailable();
  if (why) return t.skip(why);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = '/vigie_no_such_database';
  let tries = 0;
  await assert.rejects(
    waitForPostgres(url.toString(), { onWait: () => tries++ }),
    /PostgreSQL at .*vigie_no_such_database: database "vigie_no_such_database" does not exist/,
  );
  assert.equal(tries, 0);
});
