import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import Database from 'better-sqlite3';
import { AnchorFile } from '../../src/adapters/audit/anchor-file.js';
import { openSqliteStore } from '../../src/adapters/store/sqlite.js';
import { AuditAnchoring, checkAnchors } from '../../src/core/audit/anchors.js';
import { AuditJournal, entryHash } from '../../src/core/audit/journal.js';
import type { Store } from '../../src/core/ports/store.js';
import { KeyRing } from '../../src/core/security/keys.js';
import { TestClock } from '../support/centre.js';

let dir: string;
let store: Store;
let log: AnchorFile;
let anchoring: AuditAnchoring;
const key = KeyRing.generate().derive('audit');

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigie-anchors-'));
  store = await openSqliteStore(join(dir, 'db'));
  const journal = new AuditJournal(store, key, new TestClock());
  log = new AnchorFile(join(dir, 'keys', 'anchors.log'));
  anchoring = new AuditAnchoring(store.audit, key, log, new TestClock());
  for (let i = 1; i <= 30; i++) {
    await journal.record({ actor: 'a', action: 'camera.update', target: `C${i}` });
    if (i % 10 === 0) await anchoring.anchorNow();
  }
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a sound journal matches every anchor; an unchanged head is not anchored twice', async () => {
  assert.equal(await anchoring.anchorNow(), undefined);
  assert.deepEqual(
    (await log.list()).map((a) => a?.seq),
    [10, 20, 30],
  );
  assert.deepEqual(await checkAnchors(store.audit, key, log, 7), []);
});

test('an anchored entry re-hashed with the key is caught as rewritten; a forged anchor line as not ours', async () => {
  const db = new Database(join(dir, 'db'));
  const row = db.prepare('select * from audit_log where seq = 20').get() as Record<string, string | number>;
  const forged = {
    seq: 20,
    at: String(row.at),
    actor: 'someone-else',
    action: String(row.action),
    target: String(row.target),
    ip: String(row.ip),
    details: String(row.details),
    prevHash: String(row.prev_hash),
  };
  db.prepare('update audit_log set actor = ?, hash = ? where seq = 20').run(forged.actor, entryHash(key, forged));
  db.close();
  appendFileSync(log.location, `${JSON.stringify({ seq: 5, hash: 'x', at: 'now', mac: 'y' })}\nnot json\n`);
  const problems = await checkAnchors(store.audit, key, log, 7);
  assert.deepEqual(
    problems.map((p) => [p.seq, p.kind]),
    [
      [5, 'anchor'],
      [0, 'anchor'],
      [20, 'anchor'],
    ],
  );
  assert.match(problems[0]!.message, /line 4 of .* is not an anchor written with this centre's key/);
  assert.match(problems[2]!.message, /entry 20 differs from its anchor/);
});
