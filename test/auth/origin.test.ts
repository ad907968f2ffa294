import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseConfig } from '../../src/config/load.js';
import { Client, PASSWORD, startCentre, type TestCentre } from '../support/centre.js';

let t: TestCentre;
let admin: Client;
before(async () => {
  t = await startCentre();
  admin = await t.user('admin', 'admin');
});
after(() => t.stop());

const EVIL = { origin: 'https://evil.example' };

test('cookie-authenticated state changes from another site are refused with 403, bodyless ones included', async () => {
  const token = (await admin.req('POST', '/api/tokens', { name: 'kept' })).json;
  const refusals = [
    await admin.req('POST', '/api/auth/logout', undefined, EVIL),
    await admin.req('DELETE', `/api/tokens/${token.id}`, undefined, EVIL),
    await admin.req('POST', '/api/tokens', { name: 'forged' }, EVIL),
    await admin.req('POST', '/api/auth/logout', undefined, { 'sec-fetch-site': 'cross-site' }),
    await admin.req('POST', '/api/auth/logout', undefined, { origin: 'null' }),
  ];
  for (const r of refusals) {
    assert.equal(r.status, 403, r.text);
    assert.match(r.json.message, /cross-(origin|site) request refused/);
  }
  assert.match(refusals[0]!.json.message, /Origin https:\/\/evil\.example is not this centre/);
  assert.equal((await admin.req('GET', '/api/me')).status, 200, 'the session was not logged out');
  const tokens = (await admin.req('GET', '/api/tokens')).json;
  assert.deepEqual(
    tokens.map((x: { name: string; revoked: boolean }) => [x.name, x.revoked]),
    [['kept', false]],
  );
  const login = await new Client(t.base).req(
    'POST',
    '/api/auth/login',
    { username: 'admin', password: PASSWORD },
    EVIL,
  );
  assert.equal(login.status, 403, 'no login CSRF either');
});

test('same-origin browser requests and Bearer-token clients pass', async () => {
  const same = await admin.req('POST', '/api/tokens', { name: 'same origin' }, { origin: t.base });
  assert.equal(same.status, 201);
  const api = new Client(t.base, '', same.json.token);
  const created = await api.req('POST', '/api/tokens', { name: 'by token' }, EVIL);
  assert.equal(created.status, 201, 'a Bearer token is not sent by browsers on their own: Origin does not matter');
  const sameSite = await admin.req('DELETE', `/api/tokens/${created.json.id}`, undefined, {
    origin: t.base,
    'sec-fetch-site': 'same-origin',
  });
  assert.equal(sameSite.status, 200);
});

test('Secure cookies are the default; only an explicit http.secureCookies: false turns them off', async () => {
  assert.equal(parseConfig({}).http.secureCookies, true);
  const plain = await startCentre({ config: { http: { secureCookies: false } } });
  try {
    const c = await plain.user('admin', 'admin');
    const r = await c.req('POST', '/api/auth/logout');
    assert.equal(r.status, 200);
    const set = (await new Client(plain.base).login('admin')).headers.get('set-cookie') ?? '';
    assert.doesNotMatch(set, /Secure/i);
  } finally {
    await plain.stop();
  }
  const set = (await new Client(t.base).login('admin')).headers.get('set-cookie') ?? '';
  assert.match(set, /; Secure/);
});
