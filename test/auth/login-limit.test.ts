import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, PASSWORD, startCentre, type TestCentre } from '../support/centre.js';

// trustProxy lets each request say which address it comes from (X-Forwarded-For), as behind the city's proxy.
let t: TestCentre;
before(async () => {
  t = await startCentre({ config: { http: { trustProxy: true } } });
  for (const name of ['admin', 'victim', 'target']) await t.user(name, name === 'admin' ? 'admin' : 'operator');
});
after(() => t.stop());

const anon = () => new Client(t.base);
const login = (username: string, password: string, ip: string) =>
  anon().req('POST', '/api/auth/login', { username, password }, { 'x-forwarded-for': ip });
function tally(statuses: number[]): Record<number, number> {
  const m: Record<number, number> = {};
  for (const s of statuses) m[s] = (m[s] ?? 0) + 1;
  return m;
}
/** Passwords actually checked and found wrong: the journal has one `auth.login_failed` per verification. */
const checked = async (username: string) =>
  (await t.centre.services.store.audit.search({ action: 'auth.login_failed', actor: username, limit: 1000 })).length;

test('100 parallel wrong logins on one account: at most the stated limit (5) checked, the rest 429; the admin still logs in from another address', async () => {
  const started = performance.now();
  const rs = await Promise.all(Array.from({ length: 100 }, () => login('admin', 'wrong password!!', '203.0.113.7')));
  const ms = Math.round(performance.now() - started);
  const counts = tally(rs.map((r) => r.status));
  const verified = await checked('admin');
  console.log(`100 parallel wrong logins: ${JSON.stringify(counts)}, ${verified} passwords checked, ${ms} ms`);
  assert.equal(verified, 5, 'exactly the stated limit of guesses was checked');
  assert.deepEqual(counts, { 401: 5, 429: 95 });
  for (const r of rs.filter((x) => x.status === 429)) {
    assert.ok(Number(r.headers.get('retry-after')) > 0, 'every refusal says when to retry');
    assert.match(r.json.message, /too many failed logins; retry in \d+ s/);
  }
  assert.equal((await login('admin', PASSWORD, '203.0.113.7')).status, 429, 'that address stays throttled');
  assert.equal((await login('admin', PASSWORD, '198.51.100.2')).status, 200, 'the admin logs in from elsewhere');
});

test('the right password in a parallel burst of 59 wrong ones gets no free pass', async () => {
  const wrong = Array.from({ length: 59 }, () => login('victim', 'wrong password!!', '203.0.113.8'));
  const rs = await Promise.all([...wrong, login('victim', PASSWORD, '203.0.113.8')]);
  const counts = tally(rs.map((r) => r.status));
  console.log(`59 wrong + 1 right in parallel: ${JSON.stringify(counts)}`);
  assert.equal(rs[59]!.status, 429, 'the last (right) attempt comes after the limit');
  assert.equal(counts[200], undefined);
  assert.equal(await checked('victim'), 5);
});

test('an account guessed from many addresses slows down with exponential backoff, without a lockout', async () => {
  // 4 addresses x 5 wrong guesses = 20 = 4x the limit: from there on, 1 s, 2 s, 4 s... between attempts.
  const burst = await Promise.all(
    ['10.1.0.1', '10.1.0.2', '10.1.0.3', '10.1.0.4'].flatMap((ip) =>
      Array.from({ length: 5 }, () => login('target', 'wrong password!!', ip)),
    ),
  );
  assert.ok(burst.every((r) => r.status === 401));
  const next = await login('target', 'wrong password!!', '10.1.0.5');
  assert.equal(next.status, 429);
  assert.equal(next.headers.get('retry-after'), '1');
  t.clock.advance(1001);
  assert.equal((await login('target', 'wrong password!!', '10.1.0.5')).status, 401, 'one more guess after 1 s');
  const again = await login('target', 'wrong password!!', '10.1.0.6');
  assert.equal(again.headers.get('retry-after'), '2', 'the wait doubles');
  t.clock.advance(2001);
  assert.equal((await login('target', PASSWORD, '10.1.0.7')).status, 200, 'the owner gets in between guesses');
  assert.equal((await login('target', 'wrong password!!', '10.1.0.6')).status, 401, 'a success resets the backoff');
});

test('one address guessing across accounts is throttled (4x the limit) without locking those accounts elsewhere', async () => {
  t.clock.advance(16 * 60_000);
  const rs = await Promise.all(
    Array.from({ length: 20 }, (_, i) => login(`nobody${i}`, 'wrong password!!', '192.0.2.99')),
  );
  assert.ok(rs.every((r) => r.status === 401));
  assert.equal((await login('victim', PASSWORD, '192.0.2.99')).status, 429);
  assert.equal((await login('victim', PASSWORD, '192.0.2.100')).status, 200);
  const throttled = await t.centre.services.store.audit.search({ action: 'auth.login_throttled', limit: 1000 });
  assert.ok(throttled.length >= 95 + 59, 'refused attempts are journaled');
});
