import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { anchorMac } from '../../src/core/audit/anchors.js';
import { KeyRing } from '../../src/core/security/keys.js';

const dataDir = mkdtempSync(join(tmpdir(), 'vigie-cli-'));
const env = {
  ...process.env,
  VIGIE_DATA_DIR: dataDir,
  VIGIE_LOG_LEVEL: 'warn',
  VIGIE_CONFIG: join(dataDir, 'none.yaml'),
};
const cli = (args: string[], input?: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env,
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
after(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(`${dataDir}-keys`, { recursive: true, force: true });
});

test('vigie config schema prints the JSON Schema', () => {
  const r = cli(['config', 'schema']);
  assert.equal(r.status, 0, r.stderr);
  const schema = JSON.parse(r.stdout);
  assert.equal(schema.type, 'object');
  assert.ok(schema.properties.retention.properties.days.description);
});

test('vigie config check refuses an unknown key with its path', () => {
  const file = join(dataDir, 'bad.yaml');
  writeFileSync(file, 'retention:\n  dayz: 3\n');
  const r = cli(['-c', file, 'config', 'check']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /retention\.dayz: unknown key/);
});

test('users create-admin, demo seed, import errors with line numbers, export', () => {
  const admin = cli(['users', 'create-admin', '--username', 'chief', '--generate']);
  assert.equal(admin.status, 0, admin.stderr);
  assert.equal(JSON.parse(admin.stdout).role, 'admin');
  assert.match(JSON.parse(admin.stdout).password, /^[A-Za-z0-9_-]{20,}$/);
  const weak = cli(['users', 'create-admin', '--username', 'weak'], 'short\n');
  assert.notEqual(weak.status, 0);
  assert.match(weak.stderr, /at least 12 characters/);
  // The first admin follows the same rules as everyone (NIST SP 800-63B): no repeats, nothing built on the context.
  const repeated = cli(['users', 'create-admin', '--username', 'weak'], 'aaaaaaaaaaaa\n');
  assert.notEqual(repeated.status, 0);
  assert.match(repeated.stderr, /repeats too few different characters/);
  const derived = cli(['users', 'create-admin', '--username', 'weak'], 'weak-vigie-2026\n');
  assert.notEqual(derived.status, 0);
  assert.match(derived.stderr, /built on your username/);
  assert.equal(JSON.parse(cli(['demo-seed']).stdout).seeded, 230);
  const header =
    'id,name,sector_id,lat,lon,address,main_url,sub_url,username,password,model,phase,installed_at,status,tags';
  const bad = join(dataDir, 'bad.csv');
  writeFileSync(
    bad,
    `${header}\nOK-1,A,gare,,,,rtsp://h/a,,,,,pilot,,active,\nBAD-1,B,gare,,,,nope,,,,,pilot,,active,\n`,
  );
  const imp = cli(['cameras', 'import', bad]);
  assert.equal(imp.status, 1);
  assert.match(imp.stderr, /line 3: main_url: must be a valid URL/);
  assert.match(imp.stderr, /nothing imported/);
  const exp = cli(['cameras', 'export', '--format', 'csv']);
  assert.equal(exp.stdout.trim().split('\n').length, 231);
});

test('vigie audit verify exits 0 on an intact journal and 1, naming the entry, after tampering', () => {
  const ok = cli(['audit', 'verify']);
  assert.equal(ok.status, 0, ok.stderr);
  const head = JSON.parse(ok.stdout);
  assert.ok(head.entries >= 2);
  // The anchors outside the database are checked without being asked: an anchored head that is gone fails.
  const key = KeyRing.fromBase64(readFileSync(join(`${dataDir}-keys`, 'secret.key'), 'utf8')).derive('audit');
  const gone = { seq: head.lastSeq + 21, hash: 'f'.repeat(64), at: '2026-06-01T08:00:00.000Z' };
  const anchors = join(`${dataDir}-keys`, 'audit-anchors.log');
  writeFileSync(anchors, `${JSON.stringify({ ...gone, mac: anchorMac(key, gone) })}\n`);
  const lost = cli(['audit', 'verify']);
  assert.equal(lost.status, 1, lost.stdout);
  assert.match(JSON.parse(lost.stdout).problems[0].message, /anchored at .* is missing/);
  rmSync(anchors);
  const db = new Database(join(dataDir, 'vigie.db'));
  db.prepare(`update audit_log set actor = 'nobody' where seq = 1`).run();
  db.close();
  const broken = cli(['audit', 'verify']);
  assert.equal(broken.status, 1);
  assert.match(JSON.parse(broken.stdout).problems[0].message, /entry 1 was modified/);
});

test('serve: prints a one-time setup link, serves the API, stops cleanly on SIGTERM', {
  timeout: 120_000,
}, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-serve-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--demo', '--sim-cameras', '0'],
    {
      env: { ...env, VIGIE_DATA_DIR: dir, VIGIE_HTTP_PORT: '0', VIGIE_LOG_LEVEL: 'info' },
    },
  );
  let err = '';
  let out = '';
  child.stderr!.on('data', (d) => (err += d));
  child.stdout!.on('data', (d) => (out += d));
  // Whatever fails below, the centre never outlives the test (an orphan would hold the runner open).
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  // 60 s: a cold tsx start of the whole CLI on 2 loaded cores has taken 34 s.
  const deadline = Date.now() + 60_000;
  while (!/"token":"[^"]+"/.test(err) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const token = /"token":"([^"]+)"/.exec(err)?.[1];
  const base = /curl -X POST (http:\/\/[^/]+)\/api\/setup/.exec(err)?.[1];
  assert.ok(token && base, `setup line printed: ${err}`);
  const setup = await fetch(`${base}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, username: 'admin', password: 'correct horse battery' }),
  });
  assert.equal(setup.status, 201);
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'correct horse battery' }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const list = (await (await fetch(`${base}/api/cameras?limit=1000`, { headers: { cookie } })).json()) as {
    total: number;
  };
  assert.equal(list.total, 230);
  const code = await new Promise((r) => {
    child.on('exit', r);
    child.kill('SIGTERM');
  });
  assert.equal(code, 0);
  assert.match(out, /shutting down/);
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}-keys`, { recursive: true, force: true }); // the key and anchors live beside the data dir
});
