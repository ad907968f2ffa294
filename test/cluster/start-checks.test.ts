import assert from 'node:assert/strict';
import { createServer, type Server, connect as tcpConnect } from 'node:net';
import { test } from 'node:test';
import pino from 'pino';
import { waitForPostgres } from '../../src/adapters/store/wait-postgres.js';
import { StartRefused } from '../../src/app/cluster.js';
import { openClusterNode } from '../../src/app/cluster-node.js';
import { parseConfig } from '../../src/config/load.js';
import { natsMissing, PrivateNats } from '../support/nats.js';
import { PG_ADMIN_URL, postgresFactory } from '../support/stores.js';

const node = (nats: Record<string, unknown>) =>
  parseConfig({
    role: 'analytics',
    database: { url: 'postgres://postgres@127.0.0.1/vigie' },
    cluster: { nodeName: 'node-1', nats: { connectTimeoutMs: 1500, ...nats } },
  });

test('wrong NATS credentials are refused with the server and the reason', async (t) => {
  const skip = natsMissing();
  if (skip) return t.skip(skip);
  const server = new PrivateNats({ user: 'vigie', pass: 'right' });
  await server.start();
  t.after(() => server.stop());
  const servers = [`nats://127.0.0.1:${server.port}`];
  const logger = pino({ level: 'silent' });
  // The node's own connection is the check (openClusterNode, the centre's first step): no separate probe.
  await assert.rejects(
    openClusterNode(node({ servers, user: 'vigie', password: 'wrong' }), logger),
    (e: Error) =>
      e instanceof StartRefused &&
      e.message === `NATS at ${servers[0]} refused the credentials (Authorization Violation)`,
  );
  // The same server with the right password: the node joins (it is not refusing everything).
  const joined = await openClusterNode(node({ servers, user: 'vigie', password: 'right' }), logger);
  assert.ok(joined);
  await joined.close();
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
