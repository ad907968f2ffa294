// A PostgreSQL restart under a running cluster node (issue 23): the node neither crashes nor exits; while the
// database is down its API answers 503 (not a bare 500), it says once that the database is gone and once that it is
// back, and serves again afterwards. A private PostgreSQL 15 is restarted, never the machine's.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { until } from '../support/cluster.js';
import { natsMissing, startNats } from '../support/nats.js';
import { PrivatePostgres, privatePostgresMissing } from '../support/private-postgres.js';

test('PostgreSQL restarted under an api node: 503 while down, one line each way, served again', {
  timeout: 90_000,
}, async (t) => {
  const why = privatePostgresMissing() ?? natsMissing();
  if (why) return t.skip(why);
  const pg = new PrivatePostgres();
  const dir = mkdtempSync(join(tmpdir(), 'vigie-pg-restart-'));
  t.after(async () => {
    await pg.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  await pg.init();
  const nats = await startNats();
  t.after(() => nats.stop());
  const file = join(dir, 'api-1.yaml');
  const config = {
    dataDir: join(dir, 'data'),
    database: { url: pg.url },
    cluster: { nodeName: 'api-1', nats: { servers: [`nats://127.0.0.1:${nats.port}`] }, leases: { leaseSeconds: 3 } },
    http: { port: 0 },
    live: { privacy: 'off' },
    analytics: { enabled: false },
    log: { level: 'info' },
  };
  writeFileSync(file, JSON.stringify(config));
  const node = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '-c', file, 'serve', '--role', 'api'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  createInterface({ input: node.stdout }).on('line', (l) => lines.push(l));
  createInterface({ input: node.stderr }).on('line', (l) => lines.push(l));
  t.after(() => node.kill('SIGKILL'));
  const alive = () => {
    if (node.exitCode !== null || node.signalCode !== null)
      throw new Error(`the node exited (${node.signalCode ?? node.exitCode}):\n${lines.slice(-15).join('\n')}`);
  };
  const url = await until(
    async () => {
      alive();
      return lines.map((l) => /"address":"(http[^"]+)".*"vigie centre listening"/.exec(l)?.[1]).find(Boolean);
    },
    60_000,
    'the api node listening',
  );
  // A login with an unknown user reads the database: 401 when it is there.
  const login = async () => {
    alive();
    const r = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nobody', password: 'not-a-password-1' }),
    }).catch(async (e: Error) => {
      await new Promise((r) => setTimeout(r, 300));
      alive();
      throw new Error(`${e.message}:\n${lines.slice(-15).join('\n')}`);
    });
    return { status: r.status, body: (await r.json()) as { error?: string; message?: string } };
  };
  assert.equal((await login()).status, 401);
  const marks = () => lines.filter((l) => /PostgreSQL .*(unreachable|lost|back)/.test(l));

  await pg.stop();
  const down = await login();
  assert.equal(down.status, 503, JSON.stringify(down.body));
  assert.match(down.body.message ?? '', /database/i);
  await new Promise((r) => setTimeout(r, 1500)); // more requests and background work while it is down
  assert.equal((await login()).status, 503);

  await pg.start();
  await until(async () => ((await login()).status === 401 ? true : undefined), 20_000, 'served again');
  await until(async () => (marks().some((l) => /back/.test(l)) ? true : undefined), 20_000, 'the "back" line');
  alive();
  const said = marks();
  t.diagnostic(said.join('\n'));
  assert.equal(said.filter((l) => /lost|unreachable/.test(l)).length, 1, said.join('\n'));
  assert.equal(said.filter((l) => /back/.test(l)).length, 1, said.join('\n'));
});
