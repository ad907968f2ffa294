// The access-request page in Debian Chromium against the real centre (issue 21): a supervisor registers a request
// through the form (a window reaching past the retention refused in the server's words, nothing stored), then sees
// it listed with its deadline and countdown; an auditor reads the register without the form; an operator has no
// such view.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SYSTEM } from '../../src/core/users/principal.js';
import { launchChromium } from '../live/support/browser.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';
import { ConsoleDriver } from './support.js';

let t: TestCentre;
let admin: Client;
let browser: Browser;

before(async () => {
  t = await startCentre({ config: { ingest: { enabled: false }, analytics: { enabled: false } } });
  await t.centre.services.fleet.upsertSector(SYSTEM, { id: 'ville', name: 'Centre-ville' });
  await t.centre.services.fleet.create(SYSTEM, {
    id: 'VILLE-1',
    name: 'Place d’Armes',
    sectorId: 'ville',
    streams: { main: 'rtsp://127.0.0.1:1/x' },
    phase: 'pilot',
    status: 'active',
    tags: [],
  });
  admin = await t.user('admin', 'admin');
  await t.user('sup', 'supervisor', ['ville']);
  await t.user('auditeur', 'auditor');
  await t.user('op-ville', 'operator', ['ville']);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await t?.stop();
});

const driver = new ConsoleDriver(
  () => browser,
  () => t.base,
);
const text = (page: Page, selector: string) => page.$eval(selector, (e) => e.textContent ?? '');

test('a supervisor registers a request; the countdown is shown; refusals in the server’s words', {
  timeout: 60_000,
}, async () => {
  const page = await driver.login('sup');
  await page.keyboard.press('Alt+9');
  await page.waitForSelector('#requests:not([hidden]) #request-form:not([hidden])');
  const form = '#request-form';
  await page.fill(`${form} [name=reference]`, 'DPO-2026-001');
  await page.fill(`${form} [name=receivedOn]`, '2026-06-01');
  await page.fill(`${form} [name=cameraIds]`, 'VILLE-1');
  // The test clock is 2026-06-01 08:00 UTC: 40 days back is past the 30 days footage is kept.
  await page.fill(`${form} [name=from]`, '2026-04-20T10:00:00');
  await page.fill(`${form} [name=to]`, '2026-04-20T11:00:00');
  await page.fill(`${form} [name=description]`, 'red coat, grey backpack');
  await page.click(`${form} button[type=submit]`);
  await driver.until(page, 'the refusal', `document.getElementById('request-alert').classList.contains('refused')`);
  assert.match(await text(page, '#request-alert'), /VILLE-1 keeps 30 days of footage/);
  assert.deepEqual((await admin.req('GET', '/api/access-requests')).json, [], 'nothing stored');

  await page.fill(`${form} [name=from]`, '2026-05-31T10:00:00');
  await page.fill(`${form} [name=to]`, '2026-05-31T11:00:00');
  await page.click(`${form} button[type=submit]`);
  await driver.until(page, 'the record', `document.getElementById('request-alert').textContent.includes('2026-07-01')`);
  const [stored] = (await admin.req('GET', '/api/access-requests')).json;
  assert.equal(stored.reference, 'DPO-2026-001');
  assert.equal(stored.createdBy, 'sup');
  await driver.until(page, 'the row', `!!document.querySelector('#request-table tr[data-id="${stored.id}"]')`);
  assert.match(
    await text(page, `#request-table tr[data-id="${stored.id}"]`),
    /DPO-2026-001.*2026-06-01.*2026-07-01.*30 jours restants.*reçue.*VILLE-1/,
  );

  // The steps: start, then a partial answer with its reason (asked in a dialog); the countdown ends with it.
  const row = `#request-table tr[data-id="${stored.id}"]`;
  await page.click(`${row} [data-act=start]`);
  await driver.until(page, 'in progress', `document.querySelector('${row}').textContent.includes('en cours')`);
  // A reason too short: the API's words in the alert, nothing changed.
  page.once('dialog', (d) => d.accept('no'));
  await page.click(`${row} [data-act=partial]`);
  await driver.until(page, 'the refusal', `document.getElementById('request-alert').classList.contains('refused')`);
  assert.match(await text(page, '#request-alert'), /5 characters or more/);
  assert.equal((await admin.req('GET', `/api/access-requests/${stored.id}`)).json.state, 'in_progress');
  page.once('dialog', (d) => d.accept('one camera had already overwritten it'));
  await page.click(`${row} [data-act=partial]`);
  await driver.until(page, 'answered', `document.querySelector('${row}').textContent.includes('répondue en partie')`);
  assert.doesNotMatch(await text(page, row), /jours restants/);
  const answered = (await admin.req('GET', `/api/access-requests/${stored.id}`)).json;
  assert.deepEqual(
    [answered.state, answered.outcomeReason],
    ['partially_answered', 'one camera had already overwritten it'],
  );
  await page.click(`${row} [data-act=close]`);
  await driver.until(page, 'closed', `document.querySelector('${row}').textContent.includes('close')`);
  assert.equal(await page.$(`${row} button`), null, 'a closed request has no step left');
  await page.close();
});

test('an auditor reads the register without the form; an operator has no such view', async () => {
  const aud = await driver.login('auditeur');
  await aud.keyboard.press('Alt+9');
  await aud.waitForSelector('#requests:not([hidden])');
  await driver.until(aud, 'the list', `document.querySelectorAll('#request-table tbody tr[data-id]').length === 1`);
  assert.equal(await aud.$eval('#request-form', (e) => e.hasAttribute('hidden')), true);
  assert.equal(await aud.$('#request-table button'), null, 'no step for an auditor');
  await aud.close();
  const op = await driver.login('op-ville');
  assert.equal(await op.$eval('#requests-tab', (e) => e.hasAttribute('hidden')), true);
  await op.keyboard.press('Alt+9');
  assert.equal(await op.$eval('#requests', (e) => e.hasAttribute('hidden')), true);
  await op.close();
  assert.deepEqual(driver.pageErrors, []);
});
