import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { contextWords, passwordProblem } from '../../src/core/security/password-policy.js';
import { SYSTEM } from '../../src/core/users/principal.js';
import { Client, PASSWORD, startCentre, type TestCentre } from '../support/centre.js';

test('NIST SP 800-63B rules: length, control characters, common, sequential, repetitive and context-derived passwords', () => {
  const ctx = contextWords('jdupont', ['Lyon']);
  const refused: Array<[string, RegExp]> = [
    ['short pw', /at least 12 characters/],
    ['aaaaaaaaaaaa', /too few different characters/],
    [' '.repeat(12), /too few different characters/],
    ['abababababab', /too few different characters/],
    ['tab\there long enough', /control characters/],
    ['line\nbreak long enough', /control characters/],
    ['qwertyuiop12', /keyboard, alphabet or digit sequence/],
    ['azertyuiop!!', /sequence/],
    ['1qaz2wsx3edc', /sequence/],
    ['123456789012', /sequence/],
    ['123412341234', /sequence/],
    ['abcdefghijkl', /sequence/],
    ['password1234', /commonly used password/],
    ['P@ssw0rd-2026!', /commonly used password/],
    ['motdepasse123', /commonly used password/],
    ['iloveyou1234', /commonly used password/],
    ['sunshine2026!', /commonly used password/],
    ['jdupont2026!!', /built on your username/],
    ['Vigie-Admin-2026', /built on your username, a role name, the service or city name/],
    ['lyon lyon 69 lyon', /city name/],
  ];
  for (const [pw, why] of refused) assert.match(passwordProblem(pw, ctx) ?? 'accepted', why, JSON.stringify(pw));
  for (const pw of [PASSWORD, 'correct horse battery staple', 'Tr0ub4dor&3xy', 'x7#kP9!mQ2$w', '839201746251']) {
    assert.equal(passwordProblem(pw, ctx), undefined, JSON.stringify(pw));
  }
});

let t: TestCentre;
before(async () => {
  t = await startCentre({ config: { auth: { passwordContextWords: ['Montbrison'] } } });
});
after(() => t.stop());

test('the first admin (setup route) gets a clear 400 for a weak password, and the setup token survives it', async () => {
  const token = await t.centre.services.users.issueSetupToken();
  const anon = new Client(t.base);
  const setup = (password: string) => anon.req('POST', '/api/setup', { token, username: 'chief', password });
  for (const [password, why] of [
    ['aaaaaaaaaaaa', /body\.password: repeats too few different characters/],
    [' '.repeat(12), /body\.password: repeats too few different characters/],
    ['password1234', /body\.password: is a commonly used password/],
    ['chief-vigie-2026', /password: is built on your username/],
    ['montbrison2026', /password: is built on .*city name/],
  ] as const) {
    const r = await setup(password);
    assert.equal(r.status, 400, password);
    assert.match(r.json.message, why);
  }
  assert.equal((await setup(PASSWORD)).status, 201, 'the token is still good after refusals');
});

test('admins creating users and users changing passwords follow the same rules', async () => {
  const admin = new Client(t.base);
  assert.equal((await admin.login('chief')).status, 200);
  const mk = (username: string, password: string) =>
    admin.req('POST', '/api/users', { username, password, role: 'operator' });
  const common = await mk('op1', 'qwerty123456');
  assert.equal(common.status, 400);
  assert.match(common.json.message, /body\.password: is a (keyboard|commonly)/);
  const ctl = await mk('op1', 'bell\u0007 long enough');
  assert.match(ctl.json.message, /control characters/);
  assert.equal((await mk('op1', PASSWORD)).status, 201);
  const op = new Client(t.base);
  await op.login('op1');
  const id = (await op.req('GET', '/api/me')).json.userId;
  const weak = await op.req('PATCH', `/api/users/${id}`, { password: 'op1-vigie-2026-op1', currentPassword: PASSWORD });
  assert.equal(weak.status, 400);
  assert.match(weak.json.message, /password: is built on your username, a role name/);
  await assert.rejects(
    t.centre.services.users.create(SYSTEM, { username: 'cli-admin', password: 'zzzzzzzzzzzz', role: 'admin' }),
    /too few different characters/,
    'the CLI path (users create-admin) calls the same service',
  );
});
