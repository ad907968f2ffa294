// Settings of issue 18 set as a city would (vigie.yaml keys, through parseConfig into a started centre) and seen acting
// where they matter: token lifetimes at the API, the audit anchor file at its configured place and on its interval.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startCentre, type TestCentre } from '../support/centre.js';

const DAY = 86_400_000;
const anchorDir = mkdtempSync(join(tmpdir(), 'vigie-anchor-elsewhere-'));
const anchorFile = join(anchorDir, 'anchors.log');
let t: TestCentre;

before(async () => {
  t = await startCentre({
    config: {
      auth: { tokenDefaultDays: 7, tokenMaxDays: 30 },
      audit: { anchorFile, anchorIntervalMinutes: 0.1 },
      ingest: { enabled: false },
      analytics: { enabled: false },
    },
  });
  await t.centre.start();
});
after(async () => {
  await t.stop();
  rmSync(anchorDir, { recursive: true, force: true });
});

test('auth.tokenDefaultDays and auth.tokenMaxDays set the lifetime of API tokens', async () => {
  const admin = await t.user('seam-admin', 'admin');
  const plain = await admin.req('POST', '/api/tokens', { name: 'default lifetime' });
  assert.equal(plain.status, 201, plain.text);
  assert.equal(Date.parse(plain.json.expiresAt), t.clock.now() + 7 * DAY);
  const long = await admin.req('POST', '/api/tokens', { name: 'too long', expiresInDays: 31 });
  assert.equal(long.status, 400);
  assert.match(long.json.message, /at most 30 days/);
  assert.equal((await admin.req('POST', '/api/tokens', { name: 'max', expiresInDays: 30 })).status, 201);
});

test('audit.anchorFile receives the journal head, every audit.anchorIntervalMinutes, outside the data dir', async () => {
  const lines = () =>
    existsSync(anchorFile) ? readFileSync(anchorFile, 'utf8').trim().split('\n').filter(Boolean) : [];
  await t.user('seam-auditor', 'auditor'); // journaled: the head moves
  const before = lines().length;
  const deadline = Date.now() + 15_000;
  while (lines().length <= before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  assert.ok(lines().length > before, `the 6 s interval anchored the moved head into ${anchorFile}`);
  const last = JSON.parse(lines().at(-1)!);
  const head = await t.centre.services.store.audit.last();
  assert.deepEqual([last.seq, last.hash], [head!.seq, head!.hash]);
  assert.ok(!existsSync(join(t.dataDir, 'anchors.log')) && !existsSync(`${t.dataDir}-keys/audit-anchors.log`));
});
