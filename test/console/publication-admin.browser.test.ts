// What the public register publishes, chosen from the console (issue 20), in Debian Chromium against the real centre:
// an admin withholds a camera (refused without a reason, the field marked) and says what it films, then adds, edits
// and deletes a contract (its amount sent in cents). The admin API is helper-built beside this page: while this centre
// lacks it, the test answers it page-side exactly as the contract states, and checks the bodies the page sent.
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
  const fleet = t.centre.services.fleet;
  await fleet.upsertSector(SYSTEM, { id: 'ville', name: 'Centre-ville' });
  await fleet.create(SYSTEM, {
    id: 'VILLE-1',
    name: 'Place d’Armes',
    sectorId: 'ville',
    streams: { main: 'rtsp://127.0.0.1:1/x' },
    phase: 'pilot',
    status: 'active',
    tags: [],
  });
  admin = await t.user('admin', 'admin');
  await t.centre.start();
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
const until = (page: Page, what: string, condition: string, timeout = 10_000) =>
  driver.until(page, what, condition, timeout);
const text = (page: Page, selector: string) => page.$eval(selector, (e) => e.textContent ?? '');

/**
 * The public register's admin API as the contract states it (issue 20: `GET /api/publication/cameras`, `PUT
 * /api/publication/cameras/:id`, `GET/POST /api/contracts`, `PUT/DELETE /api/contracts/:id`), answered page-side with
 * an in-memory store when this centre does not have it yet; the requests the page sent are kept for the test to read.
 */
async function contractApi(page: Page) {
  const sent: { method: string; path: string; body: any }[] = [];
  if ((await admin.req('GET', '/api/contracts')).status !== 404) return sent;
  const choices = new Map<string, any>();
  const contracts = new Map<string, any>();
  let seq = 0;
  await page.route(/\/api\/(publication\/cameras|contracts)/, async (route) => {
    const req = route.request();
    const path = new URL(req.url()).pathname;
    const body = req.postData() ? JSON.parse(req.postData()!) : undefined;
    sent.push({ method: req.method(), path, body });
    const id = decodeURIComponent(path.split('/').at(-1) ?? '');
    if (path.startsWith('/api/publication')) {
      if (req.method() === 'GET') return route.fulfill({ json: [...choices.values()] });
      if (body.published === false && !body.reason)
        return route.fulfill({
          status: 400,
          json: {
            error: 'bad_request',
            message: 'reason: say why it is withheld',
            issues: [{ field: 'body.reason', message: 'say why it is withheld' }],
          },
        });
      choices.set(id, { cameraId: id, ...body });
      return route.fulfill({ json: choices.get(id) });
    }
    if (req.method() === 'GET') return route.fulfill({ json: [...contracts.values()] });
    if (req.method() === 'POST') {
      const c = { id: `c${++seq}`, ...body };
      contracts.set(c.id, c);
      return route.fulfill({ status: 201, json: c });
    }
    if (req.method() === 'PUT') {
      contracts.set(id, { ...contracts.get(id), ...body, id });
      return route.fulfill({ json: contracts.get(id) });
    }
    contracts.delete(id);
    return route.fulfill({ status: 204, body: '' });
  });
  return sent;
}

test('publication per camera (withheld needs a reason) and contracts (add, edit, delete) from the console', {
  timeout: 60_000,
}, async () => {
  const page = await driver.login('admin', (p) => p.on('dialog', (d) => d.accept()));
  const sent = await contractApi(page);
  await page.keyboard.press('Alt+8');
  const cam = '#publication-table tr[data-camera=VILLE-1]';
  await page.waitForSelector(cam);
  assert.equal(await page.isChecked(`${cam} [name=published]`), true, 'published unless withheld');

  // Withheld without a reason: the API's refusal, the field marked; with one: saved.
  await page.uncheck(`${cam} [name=published]`);
  await page.click(`${cam} [data-act=save]`);
  await until(page, 'the refusal', `document.getElementById('publication-alert').classList.contains('refused')`);
  assert.equal(await page.getAttribute(`${cam} [name=reason]`, 'aria-invalid'), 'true');
  await page.fill(`${cam} [name=reason]`, 'Site sensible : dépôt municipal');
  await page.fill(`${cam} [name=covers]`, 'La place et l’entrée de la mairie');
  await page.click(`${cam} [data-act=save]`);
  await until(
    page,
    'saved',
    `document.getElementById('publication-alert').textContent === 'Caméra VILLE-1 : enregistré.'`,
  );
  const put = sent.filter((s) => s.method === 'PUT' && s.path === '/api/publication/cameras/VILLE-1').at(-1);
  if (sent.length)
    assert.deepEqual(put?.body, {
      published: false,
      reason: 'Site sensible : dépôt municipal',
      covers: 'La place et l’entrée de la mairie',
    });

  // A contract: recorded (amount in cents), edited, deleted.
  await page.click('[data-act=new-contract]');
  const f = '#contract-form';
  await page.fill(`${f} [name=vendor]`, 'Illustrative Systems SAS');
  await page.fill(`${f} [name=object]`, 'Maintenance des caméras');
  await page.fill(`${f} [name=amount]`, '18425.5');
  await page.fill(`${f} [name=signedOn]`, '2025-01-20');
  await page.fill(`${f} [name=durationMonths]`, '48');
  await page.fill(`${f} [name=maintenance]`, 'Intervention sous 8 h ouvrées');
  await page.click(`${f} button[type=submit]`);
  await page.waitForSelector('#contract-table tbody tr');
  assert.match(
    await text(page, '#contract-table tbody tr'),
    /Illustrative Systems SAS.*Maintenance des caméras.*18.425,50.€.*2025-01-20/,
  );
  if (sent.length)
    assert.deepEqual(sent.find((s) => s.method === 'POST')?.body, {
      vendor: 'Illustrative Systems SAS',
      object: 'Maintenance des caméras',
      currency: 'EUR',
      signedOn: '2025-01-20',
      maintenance: 'Intervention sous 8 h ouvrées',
      amountCents: 1842550,
      durationMonths: 48,
    });
  await page.click('#contract-table tbody tr [data-act=edit]');
  await page.fill(`${f} [name=durationMonths]`, '60');
  await page.click(`${f} button[type=submit]`);
  await until(page, 'edited', `document.getElementById('contract-alert').textContent === 'Contrat modifié.'`);
  if (sent.length)
    assert.equal(sent.find((s) => s.method === 'PUT' && s.path.startsWith('/api/contracts/'))?.body.durationMonths, 60);
  await page.click('#contract-table tbody tr [data-act=edit]');
  await page.click(`${f} [data-act=delete]`);
  await until(page, 'deleted', `document.querySelectorAll('#contract-table tbody tr').length === 0`);
  assert.deepEqual(driver.pageErrors, []);
  await page.close();
});
