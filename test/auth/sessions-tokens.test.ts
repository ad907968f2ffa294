import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, PASSWORD, startCentre, type TestCentre } from '../support/centre.js';

let t: TestCentre;
let admin: Client;
before(async () => {
  t = await startCentre();
  admin = await t.user('admin', 'admin');
});
after(() => t.stop());

const DAY = 86_400_000;
const idOf = async (c: Client) => (await c.req('GET', '/api/me')).json.userId as string;
async function tokenFor(c: Client, body: Record<string, unknown> = { name: 'integration' }) {
  const r = await c.req('POST', '/api/tokens', body);
  assert.equal(r.status, 201, r.text);
  return { ...r.json, client: new Client(t.base, '', r.json.token) };
}

test("changing one's own password ends the other sessions and the API tokens, not the session that changed it", async () => {
  const here = await t.user('sup1', 'supervisor');
  const there = new Client(t.base);
  await there.login('sup1');
  const token = await tokenFor(here);
  assert.equal((await token.client.req('GET', '/api/me')).status, 200);
  const r = await here.req('PATCH', `/api/users/${await idOf(here)}`, {
    password: 'a brand new passphrase',
    currentPassword: PASSWORD,
  });
  assert.equal(r.status, 200);
  assert.equal((await here.req('GET', '/api/me')).status, 200, 'this session goes on');
  assert.equal((await there.req('GET', '/api/me')).status, 401, 'the other session ended');
  assert.equal((await token.client.req('GET', '/api/me')).status, 401, 'the API token ended');
  assert.equal((await here.req('GET', '/api/tokens')).json[0].revoked, true);
});

test('an admin reset or a disable ends every session and API token of the user; re-enabling revives none', async () => {
  const sup = await t.user('sup2', 'supervisor');
  const id = await idOf(sup);
  const token = await tokenFor(sup);
  assert.equal((await admin.req('PATCH', `/api/users/${id}`, { password: 'set by the admin now' })).status, 200);
  assert.equal((await sup.req('GET', '/api/me')).status, 401);
  assert.equal((await token.client.req('GET', '/api/me')).status, 401);
  const again = new Client(t.base);
  await again.login('sup2', 'set by the admin now');
  const token2 = await tokenFor(again);
  assert.equal((await admin.req('PATCH', `/api/users/${id}`, { disabled: true })).status, 200);
  assert.equal((await admin.req('PATCH', `/api/users/${id}`, { disabled: false })).status, 200);
  assert.equal((await again.req('GET', '/api/me')).status, 401);
  assert.equal((await token2.client.req('GET', '/api/me')).status, 401, 'a re-enabled user starts from new tokens');
});

test('API tokens expire: 90 days by default, at most 365; the list shows expiry and last use', async () => {
  const sup = await t.user('sup3', 'supervisor');
  const tooLong = await sup.req('POST', '/api/tokens', { name: 'forever', expiresInDays: 3650 });
  assert.equal(tooLong.status, 400);
  assert.match(tooLong.json.message, /expiresInDays: at most 365 days/);
  const now = t.clock.now();
  const dflt = await tokenFor(sup);
  assert.equal(dflt.expiresAt, new Date(now + 90 * DAY).toISOString());
  const year = await tokenFor(sup, { name: 'yearly', expiresInDays: 365 });
  assert.equal(year.expiresAt, new Date(now + 365 * DAY).toISOString());
  let listed = (await sup.req('GET', '/api/tokens')).json;
  assert.equal(listed[0].lastUsedAt, null, 'never used yet');
  t.clock.advance(5 * 60_000);
  await dflt.client.req('GET', '/api/me');
  listed = (await sup.req('GET', '/api/tokens')).json;
  assert.equal(listed[0].lastUsedAt, new Date(t.clock.now()).toISOString());
  assert.equal(listed[0].expiresAt, dflt.expiresAt);
  t.clock.advance(90 * DAY);
  assert.equal((await dflt.client.req('GET', '/api/me')).status, 401, 'expired after 90 days');
  assert.equal((await year.client.req('GET', '/api/me')).status, 200, 'the yearly one still works');
});

test('a token stored before expiry was mandatory (none recorded) ends 90 days after its creation', async () => {
  const sup = await t.user('sup4', 'supervisor');
  const tk = await tokenFor(sup);
  const rec = (await t.centre.services.store.tokens.get(tk.id))!;
  await t.centre.services.store.tokens.update({ ...rec, expiresAt: null });
  assert.equal((await tk.client.req('GET', '/api/me')).status, 200);
  assert.equal(
    (await sup.req('GET', '/api/tokens')).json[0].expiresAt,
    tk.expiresAt,
    'shown with its effective expiry',
  );
  t.clock.advance(90 * DAY + 1000);
  assert.equal((await tk.client.req('GET', '/api/me')).status, 401);
});

test('guessing the current password from an open session is limited like a login', async () => {
  const op = await t.user('op-guess', 'operator');
  const id = await idOf(op);
  const guess = (currentPassword: string) =>
    op.req('PATCH', `/api/users/${id}`, { password: 'what the thief wants', currentPassword });
  const rs = await Promise.all(Array.from({ length: 20 }, (_, i) => guess(`guess number ${i}`)));
  const statuses = rs.map((r) => r.status).sort();
  assert.deepEqual([statuses.filter((s) => s === 403).length, statuses.filter((s) => s === 429).length], [5, 15]);
  assert.equal((await guess(PASSWORD)).status, 429, 'even the right one waits');
  const refused = await t.centre.services.store.audit.search({ action: 'user.password_change_refused', limit: 100 });
  assert.equal(refused.length, 5);
});
