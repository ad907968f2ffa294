import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/adapters/store/sqlite.js';
import { AuditJournal } from '../../src/core/audit/journal.js';
import { verifyJournal } from '../../src/core/audit/verify.js';
import type { Store } from '../../src/core/ports/store.js';
import { KeyRing } from '../../src/core/security/keys.js';
import { TestClock } from '../support/centre.js';

let dir: string;
let store: Store;
let journal: AuditJournal;
const key = KeyRing.generate().derive('audit');

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigie-audit-'));
  store = await openSqliteStore(join(dir, 'db'));
  journal = new AuditJournal(store, key, new TestClock());
  for (let i = 1; i <= 10; i++) {
    await journal.record({
      actor: `user${i % 3}`,
      action: 'camera.update',
      target: `VAL-00${i}`,
      ip: '10.0.0.1',
      details: { i },
    });
  }
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Tampering is done with plain SQL on the database file, as an intruder with file access would. */
function tamper(sql: string) {
  const db = new Database(join(dir, 'db'));
  db.exec(sql);
  db.close();
}

test('an intact chain verifies', async () => {
  const r = await verifyJournal(store.audit, key);
  assert.equal(r.ok, true);
  assert.equal(r.entries, 10);
  assert.equal(r.lastSeq, 10);
});

test('concurrent appends keep one unbroken chain', async () => {
  await Promise.all(
    Array.from({ length: 50 }, (_, i) => journal.record({ actor: 'x', action: 'live.view', target: `c${i}` })),
  );
  const r = await verifyJournal(store.audit, key);
  assert.equal(r.ok, true, JSON.stringify(r.problems));
  assert.equal(r.entries, 60);
});

test('an edited entry is caught at its seq', async () => {
  tamper(`update audit_log set actor = 'someone-else' where seq = 4`);
  const r = await verifyJournal(store.audit, key);
  assert.equal(r.ok, false);
  assert.deepEqual(
    r.problems.map((p) => [p.seq, p.kind]),
    [[4, 'edited']],
  );
});

test('an edit that recomputes a plain SHA-256 is still caught (the chain is keyed)', async () => {
  tamper(`update audit_log set details = '{"i":99}', hash = '${'a'.repeat(64)}' where seq = 6`);
  const r = await verifyJournal(store.audit, key);
  assert.equal(r.ok, false);
  assert.equal(r.problems[0]!.seq, 6);
});

test('a removed entry is caught and located', async () => {
  tamper('delete from audit_log where seq = 7');
  const r = await verifyJournal(store.audit, key);
  assert.equal(r.ok, false);
  assert.deepEqual(
    r.problems.map((p) => [p.seq, p.kind]),
    [[8, 'removed']],
  );
  assert.match(r.problems[0]!.message, /1 entry removed before entry 8 \(after 6\)/);
});

test('a reordering (two entries swapped) is caught and located', async () => {
  tamper(
    'update audit_log set seq = -1 where seq = 3; update audit_log set seq = 3 where seq = 5; update audit_log set seq = 5 where seq = -1',
  );
  const r = await verifyJournal(store.audit, key);
  assert.equal(r.ok, false);
  assert.deepEqual(
    r.problems.map((p) => [p.seq, p.kind]),
    [
      [3, 'reordered'],
      [5, 'reordered'],
    ],
  );
  assert.match(r.problems[0]!.message, /written as 5 now stands at 3/);
});

test('the journal offers no update or delete', () => {
  const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(store.audit));
  assert.ok(!methods.some((m) => /update|delete|remove/i.test(m)), methods.join(','));
});
