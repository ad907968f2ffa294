import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import pino from 'pino';
import { type Centre, createCentre, createServices } from '../../src/app/centre.js';
import { keysDir } from '../../src/app/keys.js';
import { parseConfig } from '../../src/config/load.js';
import { entryHash, GENESIS_HASH } from '../../src/core/audit/journal.js';
import { verifyJournal } from '../../src/core/audit/verify.js';
import type { AuditRecord } from '../../src/core/ports/store.js';
import { KeyRing } from '../../src/core/security/keys.js';
import { SYSTEM } from '../../src/core/users/principal.js';
import { Client, PASSWORD, TestClock } from '../support/centre.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) for (const x of [d, keysDir(d)]) rmSync(x, { recursive: true, force: true });
});

const config = (dataDir: string) =>
  parseConfig({
    dataDir,
    http: { port: 0 },
    log: { level: 'silent' },
    ingest: { enabled: false },
    analytics: { enabled: false },
  });

async function open(dataDir: string): Promise<{ centre: Centre; base: string }> {
  const centre = await createCentre(config(dataDir), { clock: new TestClock(), logger: pino({ level: 'silent' }) });
  const base = await centre.server.listen({ host: '127.0.0.1', port: 0 });
  await centre.start();
  return { centre, base };
}

/** The attack of issue 18, done with the key: edit one entry, delete 21, renumber, recompute the whole chain. */
function reforge(dataDir: string, key: Buffer) {
  const db = new Database(join(dataDir, 'vigie.db'));
  const rows = db.prepare('select * from audit_log order by seq').all() as Record<string, string | number>[];
  const kept = rows.filter((r) => !(Number(r.seq) >= 10 && Number(r.seq) < 31));
  assert.equal(rows.length - kept.length, 21);
  db.exec('delete from audit_log');
  const insert = db.prepare(
    'insert into audit_log (seq, at, actor, action, target, ip, details, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  let prevHash = GENESIS_HASH;
  kept.forEach((r, i) => {
    const e: Omit<AuditRecord, 'hash'> = {
      seq: i + 1,
      at: String(r.at),
      actor: i === 4 ? 'someone-else' : String(r.actor),
      action: String(r.action),
      target: String(r.target),
      ip: String(r.ip),
      details: String(r.details),
      prevHash,
    };
    const hash = entryHash(key, e);
    insert.run(e.seq, e.at, e.actor, e.action, e.target, e.ip, e.details, e.prevHash, hash);
    prevHash = hash;
  });
  db.close();
}

test('a journal re-forged with the key is caught at start: error health, critical alarm for admins only', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-reforge-'));
  dirs.push(dataDir);
  const first = await open(dataDir);
  const s = first.centre.services;
  await s.users.create(SYSTEM, { username: 'admin', password: PASSWORD, role: 'admin', sectorIds: [] });
  await s.fleet.upsertSector(SYSTEM, { id: 'north', name: 'North' });
  await s.users.create(SYSTEM, { username: 'oper', password: PASSWORD, role: 'operator', sectorIds: ['north'] });
  for (let i = 0; i < 40; i++) await s.journal.record({ actor: 'admin', action: 'camera.update', target: `C${i}` });
  await first.centre.close();

  // The key lives outside the data dir; the anchors too, written at start and at shutdown.
  const keyFile = join(keysDir(dataDir), 'secret.key');
  assert.equal(existsSync(join(dataDir, 'secret.key')), false);
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);
  const anchors = readFileSync(join(keysDir(dataDir), 'audit-anchors.log'), 'utf8')
    .trim()
    .split('\n');
  // Written at shutdown (the journal was empty at start): the head after the last entry.
  assert.equal(JSON.parse(anchors.at(-1)!).seq, 43, anchors.join('\n'));

  const key = KeyRing.fromBase64(readFileSync(keyFile, 'utf8')).derive('audit');
  reforge(dataDir, key);
  // The forgery is a good one: the chain alone verifies (what `audit verify` said before anchors).
  const { services } = await createServices(config(dataDir));
  assert.equal((await verifyJournal(services.store.audit, key)).ok, true);
  const cli = await services.journalIntegrity.verify();
  assert.equal(cli.ok, false);
  assert.ok(
    cli.problems.some((p) => p.kind === 'anchor' && /missing|rewritten/.test(p.message)),
    JSON.stringify(cli),
  );
  await services.store.close();

  const second = await open(dataDir);
  try {
    const health = await new Client(second.base).req('GET', '/api/health');
    assert.equal(health.status, 200, 'the API answers: a tampered journal is a reason, not an outage');
    assert.equal(health.json.status, 'degraded');
    assert.match(health.json.auditJournal, /^tampered: entry 43, anchored at .*, is missing/);

    const admin = new Client(second.base);
    assert.equal((await admin.login('admin')).status, 200);
    // The alarm is raised from the event asynchronously (bus subscriber): wait for it.
    let alarms: { kind: string; priority: string }[] = [];
    for (let i = 0; i < 50 && !alarms.some((a) => a.kind === 'audit_integrity'); i++) {
      alarms = (await admin.req('GET', '/api/alarms')).json.items;
      if (!alarms.length) await new Promise((r) => setTimeout(r, 50));
    }
    const alarm = alarms.find((a) => a.kind === 'audit_integrity');
    assert.equal(alarm?.priority, 'critical', JSON.stringify(alarms));
    const verify = await admin.req('GET', '/api/audit/verify');
    assert.equal(verify.json.ok, false);

    const op = new Client(second.base);
    assert.equal((await op.login('oper')).status, 200);
    assert.equal((await op.req('GET', '/api/alarms')).json.items.length, 0);

    // A tampered journal is never anchored: the anchors still hold the true head after this run too.
    const before = readFileSync(join(keysDir(dataDir), 'audit-anchors.log'), 'utf8');
    await second.centre.close();
    assert.equal(readFileSync(join(keysDir(dataDir), 'audit-anchors.log'), 'utf8'), before);
  } finally {
    await second.centre.close().catch(() => {});
  }
});

test('a sound journal starts ok and is anchored; the anchors are exposed to auditors', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-anchor-'));
  dirs.push(dataDir);
  const { centre, base } = await open(dataDir);
  try {
    await centre.services.users.create(SYSTEM, { username: 'aud', password: PASSWORD, role: 'auditor', sectorIds: [] });
    const health = await new Client(base).req('GET', '/api/health');
    assert.equal(health.status, 200);
    assert.equal(health.json.auditJournal, 'ok');
    // An empty journal has no head to anchor at start; the periodic tick anchors it once it moved.
    assert.ok(await centre.services.journalIntegrity.anchoring.anchorNow());
    assert.equal(await centre.services.journalIntegrity.anchoring.anchorNow(), undefined);
    const aud = new Client(base);
    await aud.login('aud');
    const anchors = (await aud.req('GET', '/api/audit/anchors')).json;
    const head = await centre.services.store.audit.page(anchors[0].seq - 1, 1);
    assert.equal(anchors[0].hash, head[0]!.hash);
    assert.equal((await aud.req('GET', '/api/audit/verify')).json.ok, true);
    assert.equal((await aud.req('GET', '/api/alarms')).json.items.length, 0);
  } finally {
    await centre.close();
  }
});

test('a key at the old place inside the data dir is moved out with a warning, and still opens the journal', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-oldkey-'));
  dirs.push(dataDir);
  const ring = KeyRing.generate();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'secret.key'), `${ring.toBase64()}\n`, { mode: 0o600 });
  const { services, keyWarnings } = await createServices(config(dataDir));
  try {
    assert.match(keyWarnings.join('\n'), /moved the master key out of the data dir/);
    assert.equal(existsSync(join(dataDir, 'secret.key')), false);
    assert.equal(readFileSync(join(keysDir(dataDir), 'secret.key'), 'utf8').trim(), ring.toBase64());
    assert.deepEqual(services.auditKey, ring.derive('audit'));
  } finally {
    await services.store.close();
  }
});

test('a key that cannot be moved stays in use with a warning; a fresh key that cannot be written is a clear error', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-stuckkey-'));
  dirs.push(dataDir);
  // A plain file where the keys folder would go: no folder can be made there, even by root.
  writeFileSync(keysDir(dataDir), 'not a folder');
  await assert.rejects(createServices(config(dataDir)), /cannot create the key folder .*set secrets\.keyFile/);
  const ring = KeyRing.generate();
  writeFileSync(join(dataDir, 'secret.key'), `${ring.toBase64()}\n`, { mode: 0o600 });
  const { services, keyWarnings } = await createServices(config(dataDir));
  try {
    assert.match(keyWarnings.join('\n'), /stays inside the data dir .*set secrets\.keyFile/);
    assert.deepEqual(services.auditKey, ring.derive('audit'));
  } finally {
    await services.store.close();
  }
});
