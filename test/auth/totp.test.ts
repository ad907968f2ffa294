import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { base32Decode, base32Encode, hotp, matchTotp, TOTP_STEP_MS, totpStep } from '../../src/core/security/totp.js';
import { Client, PASSWORD, startCentre, type TestCentre } from '../support/centre.js';

test('RFC 6238 appendix B test vectors (SHA-1, 8 digits) and RFC 4648 base32', () => {
  const secret = Buffer.from('12345678901234567890');
  const vectors: Array<[number, string]> = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  for (const [seconds, code] of vectors) assert.equal(hotp(secret, totpStep(seconds * 1000), 8), code, `T=${seconds}`);
  // The 6-digit codes apps show are the last 6 digits of the same value.
  assert.equal(hotp(secret, totpStep(59_000)), '287082');
  assert.equal(base32Encode(Buffer.from('foobar')), 'MZXW6YTBOI');
  assert.equal(base32Decode('MZXW6YTBOI').toString(), 'foobar');
  assert.equal(matchTotp(secret, '287082', 59_000), 1);
  assert.equal(matchTotp(secret, '287082', 59_000 + TOTP_STEP_MS), 1, 'one step of clock drift is accepted');
  assert.equal(matchTotp(secret, '287082', 59_000 + 2 * TOTP_STEP_MS), undefined, 'two steps are not');
  assert.equal(matchTotp(secret, '287082', 59_000, 1), undefined, 'a used step is refused');
});

let t: TestCentre;
let admin: Client;
before(async () => {
  t = await startCentre();
  admin = await t.user('admin', 'admin');
});
after(() => t.stop());

const codeAt = (secret: string, ms: number) => hotp(base32Decode(secret), totpStep(ms));
const login = (totp?: string) =>
  new Client(t.base).req('POST', '/api/auth/login', { username: 'admin', password: PASSWORD, ...(totp && { totp }) });
const journaled = async (action: string) => (await t.centre.services.store.audit.search({ action, limit: 100 })).length;

test('an admin enrols a one-time code; then login needs it, a wrong or replayed code is refused, all journaled', async () => {
  const op = await t.user('op1', 'operator');
  assert.equal((await op.req('POST', '/api/auth/totp')).status, 403, 'for admins and supervisors');
  const token = (await admin.req('POST', '/api/tokens', { name: 'integration' })).json.token;
  const viaToken = await new Client(t.base, '', token).req('POST', '/api/auth/totp');
  assert.equal(viaToken.status, 403, 'an API token cannot enrol (and so lock its user out)');
  const enrol = await admin.req('POST', '/api/auth/totp');
  assert.equal(enrol.status, 200);
  const { secret, uri } = enrol.json;
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.match(
    uri,
    /^otpauth:\/\/totp\/Vigie%3Aadmin\?secret=[A-Z2-7]{32}&issuer=Vigie&algorithm=SHA1&digits=6&period=30$/,
  );
  const stored = await t.centre.services.store.settings.get(`totp:${(await admin.req('GET', '/api/me')).json.userId}`);
  assert.ok(stored && !stored.includes(secret), 'the secret is stored sealed');
  assert.equal((await login()).status, 200, 'not needed before confirmation');
  const bad = await admin.req('POST', '/api/auth/totp/confirm', {
    code: '000000' === codeAt(secret, t.clock.now()) ? '111111' : '000000',
  });
  assert.equal(bad.status, 400);
  assert.match(bad.json.message, /wrong one-time code/);
  assert.equal(
    (await admin.req('POST', '/api/auth/totp/confirm', { code: codeAt(secret, t.clock.now()) })).status,
    200,
  );
  assert.equal((await admin.req('POST', '/api/auth/totp')).status, 409, 'enrolled once');

  t.clock.advance(TOTP_STEP_MS);
  const missing = await login();
  assert.equal(missing.status, 401);
  assert.equal(missing.json.error, 'totp_required');
  const code = codeAt(secret, t.clock.now());
  const wrong = await login(code === '123456' ? '654321' : '123456');
  assert.equal(wrong.status, 401);
  assert.match(wrong.json.message, /wrong or already used one-time code/);
  const ok = await login(code);
  assert.equal(ok.status, 200);
  assert.match(ok.headers.get('set-cookie') ?? '', /vigie_session=/);
  const replay = await login(code);
  assert.equal(replay.status, 401, 'the same code cannot be used twice');
  const parallel = await Promise.all([
    login(codeAt(secret, t.clock.now() + TOTP_STEP_MS)),
    login(codeAt(secret, t.clock.now() + TOTP_STEP_MS)),
  ]);
  assert.deepEqual(parallel.map((r) => r.status).sort(), [200, 401], 'two parallel logins cannot spend one code');
  assert.equal(await journaled('auth.totp_enrolled'), 1);
  assert.ok((await journaled('auth.totp_failed')) >= 3);
});

test('an admin resets a lost device: the user logs in with the password and may enrol again', async () => {
  t.clock.advance(16 * 60_000);
  const other = await t.user('chief2', 'admin');
  const id = (await admin.req('GET', '/api/me')).json.userId;
  assert.equal((await other.req('PATCH', `/api/users/${id}`, { resetTotp: true })).status, 200);
  assert.equal((await login()).status, 200);
  assert.equal(await journaled('auth.totp_reset'), 1);
});
