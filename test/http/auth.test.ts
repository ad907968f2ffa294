import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, PASSWORD, startCentre, type TestCentre } from '../support/centre.js';

let t: TestCentre;
before(async () => {
  t = await startCentre();
});
after(() => t.stop());

test('no default account: setup token creates the first admin once', async () => {
  const anon = new Client(t.base);
  assert.equal((await anon.login('admin', 'admin')).status, 401, 'no admin/admin');
  assert.equal((await anon.req('GET', '/api/cameras')).status, 401);
  const token = await t.centre.services.users.issueSetupToken();
  assert.ok(token);
  const bad = await anon.req('POST', '/api/setup', { token: 'x'.repeat(32), username: 'admin', password: PASSWORD });
  assert.equal(bad.status, 403);
  const short = await anon.req('POST', '/api/setup', { token, username: 'admin', password: 'short' });
  assert.equal(short.status, 400);
  assert.match(short.json.message, /body\.password/);
  const ok = await anon.req('POST', '/api/setup', { token, username: 'admin', password: PASSWORD });
  assert.equal(ok.status, 201);
  assert.equal(ok.json.role, 'admin');
  assert.equal(ok.json.passwordHash, undefined);
  const again = await anon.req('POST', '/api/setup', { token, username: 'admin2', password: PASSWORD });
  assert.equal(again.status, 403, 'the token is single-use');
  assert.equal(await t.centre.services.users.issueSetupToken(), undefined, 'no new token once a user exists');
});

test('session cookie is HttpOnly, SameSite=Strict and Secure by default; logout ends it', async () => {
  const c = new Client(t.base);
  const r = await c.login('admin');
  assert.equal(r.status, 200);
  const cookie = r.headers.get('set-cookie') ?? '';
  assert.match(cookie, /HttpOnly/i);
  assert.match(cookie, /SameSite=Strict/i);
  assert.match(cookie, /; Secure/i, 'http.secureCookies is on unless explicitly turned off');
  assert.equal((await c.req('GET', '/api/me')).json.username, 'admin');
  assert.equal((await c.req('POST', '/api/auth/logout')).status, 200);
  assert.equal((await c.req('GET', '/api/me')).status, 401, 'the old cookie no longer works');
});

test('passwords are stored as scrypt hashes', async () => {
  const u = await t.centre.services.store.users.getByUsername('admin');
  assert.match(u!.passwordHash, /^scrypt\$/);
  assert.ok(!u!.passwordHash.includes(PASSWORD));
});

test('sessions expire', async () => {
  const c = new Client(t.base);
  await c.login('admin');
  t.clock.advance(13 * 3600_000);
  assert.equal((await c.req('GET', '/api/me')).status, 401);
});

test('API tokens: created once, used as bearer, revoked', async () => {
  const c = new Client(t.base);
  await c.login('admin');
  const created = await c.req('POST', '/api/tokens', { name: 'vms integration', expiresInDays: 30 });
  assert.equal(created.status, 201);
  assert.match(created.json.token, /^vgt_/);
  const api = new Client(t.base, '', created.json.token);
  assert.equal((await api.req('GET', '/api/me')).json.via, 'token');
  assert.equal((await api.req('GET', '/api/cameras')).status, 200);
  const listed = await c.req('GET', '/api/tokens');
  assert.equal(listed.json[0].token, undefined, 'secret never listed');
  assert.equal(listed.json[0].tokenHash, undefined);
  assert.equal((await c.req('DELETE', `/api/tokens/${created.json.id}`)).status, 200);
  assert.equal((await api.req('GET', '/api/me')).status, 401);
  const forged = new Client(t.base, '', `${created.json.token.slice(0, -4)}AAAA`);
  assert.equal((await forged.req('GET', '/api/me')).status, 401);
});

test('login rate limit: 429 with Retry-After after 5 failures per account and address, 20 per address; window expiry lifts it', async () => {
  await t.user('victim', 'operator');
  const c = new Client(t.base);
  for (let i = 0; i < 5; i++) assert.equal((await c.login('victim', 'wrong password!!')).status, 401);
  const blocked = await c.login('victim', PASSWORD);
  assert.equal(blocked.status, 429, 'even the right password is refused while throttled');
  assert.ok(Number(blocked.headers.get('retry-after')) > 0);
  assert.equal((await c.login('admin')).status, 200, 'other accounts from the same address still log in');
  for (let i = 0; i < 15; i++) await c.login(`guess${i}`, 'wrong password!!');
  assert.equal(
    (await c.login('admin')).status,
    429,
    'an address guessing across accounts is throttled (4x the per-account limit)',
  );
  t.clock.advance(16 * 60_000);
  assert.equal((await c.login('victim')).status, 200);
  const journal = await t.centre.services.store.audit.search({ action: 'auth.login_throttled', limit: 10 });
  assert.ok(journal.length >= 2, 'throttled attempts are journaled');
});

test('a disabled user cannot log in and loses sessions', async () => {
  const admin = new Client(t.base);
  await admin.login('admin');
  const op = await t.user('leaver', 'operator');
  const id = (await op.req('GET', '/api/me')).json.userId;
  assert.equal((await admin.req('PATCH', `/api/users/${id}`, { disabled: true })).status, 200);
  assert.equal((await op.req('GET', '/api/me')).status, 401);
  assert.equal((await new Client(t.base).login('leaver')).status, 401);
});

test('an operator can change their own password, giving the current one, but not their role', async () => {
  const op = await t.user('self', 'operator');
  const id = (await op.req('GET', '/api/me')).json.userId;
  assert.equal((await op.req('PATCH', `/api/users/${id}`, { role: 'admin' })).status, 403);
  const bare = await op.req('PATCH', `/api/users/${id}`, { password: 'another long password' });
  assert.equal(bare.status, 400, 'a session alone cannot change the password');
  assert.match(bare.json.message, /currentPassword: required/);
  const wrong = await op.req('PATCH', `/api/users/${id}`, {
    password: 'another long password',
    currentPassword: 'not my password at all',
  });
  assert.equal(wrong.status, 403);
  assert.match(wrong.json.message, /currentPassword: wrong current password/);
  const ok = await op.req('PATCH', `/api/users/${id}`, {
    password: 'another long password',
    currentPassword: PASSWORD,
  });
  assert.equal(ok.status, 200);
  assert.equal((await op.req('GET', '/api/me')).status, 200, 'the session that changed it goes on');
  assert.equal((await new Client(t.base).login('self', PASSWORD)).status, 401, 'the old password is gone');
  assert.equal((await new Client(t.base).login('self', 'another long password')).status, 200);
});
