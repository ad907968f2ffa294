// Logging in to the console in Debian Chromium with a one-time code (RFC 6238): the code field appears when the
// account needs one, and the Secure session cookie works on http://127.0.0.1 (a secure context for the browser).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { base32Decode, hotp, TOTP_STEP_MS, totpStep } from '../../src/core/security/totp.js';
import { launchChromium } from '../live/support/browser.js';
import { type Client, PASSWORD, startCentre, type TestCentre } from '../support/centre.js';

let t: TestCentre;
let admin: Client;
let browser: Browser;
before(async () => {
  t = await startCentre({ config: { ingest: { enabled: false }, analytics: { enabled: false } } });
  admin = await t.user('admin', 'admin');
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await t?.stop();
});

test('an admin with a one-time code logs in from the console; the session cookie is Secure', async () => {
  const { secret } = (await admin.req('POST', '/api/auth/totp')).json;
  const code = (ms: number) => hotp(base32Decode(secret), totpStep(ms));
  assert.equal((await admin.req('POST', '/api/auth/totp/confirm', { code: code(t.clock.now()) })).status, 200);
  t.clock.advance(TOTP_STEP_MS);

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${t.base}/`);
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', PASSWORD);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#login-totp:not([hidden])');
  assert.match((await page.textContent('#login-error')) ?? '', /needs a one-time code/);
  await page.fill('input[name=totp]', code(t.clock.now()));
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('body[data-ready=true] #app:not([hidden])');
  const cookie = (await context.cookies()).find((c) => c.name === 'vigie_session');
  assert.equal(cookie?.secure, true);
  assert.equal(cookie?.httpOnly, true);
  await context.close();
});
