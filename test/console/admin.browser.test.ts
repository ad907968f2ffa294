// Administration in Debian Chromium against the real centre (no camera needs to stream): an admin creates a sector, a
// camera in it, renames the camera, gets the server's refusal of a malformed stream URL with the form still filled,
// is told why the sector cannot be deleted, and creates an operator for that sector, who then sees only that camera
// and no administration at all (the API refuses it too). VIGIE_SCREENSHOTS=dir saves the admin screen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SYSTEM } from '../../src/core/users/principal.js';
import { launchChromium } from '../live/support/browser.js';
import { Client, PASSWORD, startCentre, type TestCentre } from '../support/centre.js';
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
    name: 'Walkway',
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
const login = (username: string) => driver.login(username, (page) => page.on('dialog', (d) => d.accept())); // deletions ask for a confirmation
const until = (page: Page, what: string, condition: string, timeout = 10_000) =>
  driver.until(page, what, condition, timeout);
const shot = (page: Page, name: string) => driver.shot(page, name);
const pageErrors = driver.pageErrors;
const text = (page: Page, selector: string) => page.$eval(selector, (e) => e.textContent ?? '');

test('an admin sets up a sector, a camera and an operator from the console; the operator sees only that camera', {
  timeout: 60_000,
}, async () => {
  const page = await login('admin');
  await page.keyboard.press('Alt+7');
  await page.waitForSelector('#manage:not([hidden]) #sector-table tr[data-sector=ville]');

  // A sector.
  await page.fill('#sector-form input[name=id]', 'quai');
  await page.fill('#sector-form input[name=name]', 'Quai');
  await page.click('#sector-form button[type=submit]');
  await page.waitForSelector('#sector-table tr[data-sector=quai]');
  await page.fill('#sector-table tr[data-sector=quai] input[name=sector-name]', 'Quai nord');
  await page.click('#sector-table tr[data-sector=quai] button[data-act=rename]');
  await until(page, 'the rename', `document.getElementById('sector-alert').textContent === 'Secteur quai renommé.'`);
  assert.equal((await admin.req('GET', '/api/sectors/quai')).json.name, 'Quai nord');

  // A camera in it, with a position.
  await page.click('[data-act=new-camera]');
  await page.fill('#camera-form [name=id]', 'QUAI-1');
  await page.fill('#camera-form [name=name]', 'Quai entrance');
  await page.selectOption('#camera-form [name=sectorId]', 'quai');
  await page.fill('#camera-form [name="position.lat"]', '50.3571');
  await page.fill('#camera-form [name="position.lon"]', '3.5235');
  await page.fill('#camera-form [name="streams.main"]', 'rtsp://127.0.0.1:1/x');
  await page.fill('#camera-form [name=tags]', 'quai, pilot');
  await page.fill('#camera-form [name=direction]', '120');
  await page.click('#camera-form button[type=submit]');
  await page.waitForSelector('#camera-table tr[data-camera=QUAI-1]');
  await until(page, 'the creation', `document.getElementById('camera-alert').textContent === 'Caméra QUAI-1 créée.'`);
  const created = (await admin.req('GET', '/api/cameras/QUAI-1')).json;
  assert.equal(created.sectorId, 'quai');
  assert.deepEqual(created.position, { lat: 50.3571, lon: 3.5235 });
  assert.deepEqual(created.tags, ['quai', 'pilot']);
  assert.deepEqual([created.direction, created.fieldOfView], [120, undefined], 'where it looks, for the map');

  // Renamed.
  await page.fill('#camera-form [name=name]', 'Quai main entrance');
  await page.click('#camera-form button[type=submit]');
  await until(page, 'the save', `document.getElementById('camera-alert').textContent === 'Caméra QUAI-1 enregistrée.'`);
  assert.equal((await admin.req('GET', '/api/cameras/QUAI-1')).json.name, 'Quai main entrance');
  assert.match(await text(page, '#camera-table tr[data-camera=QUAI-1]'), /Quai main entrance.*Quai nord/);

  // A malformed stream URL: refused in the server's words, the field marked, nothing typed lost, nothing stored.
  await page.fill('#camera-form [name=name]', 'Not saved');
  await page.fill('#camera-form [name="streams.main"]', 'not a url');
  await page.click('#camera-form button[type=submit]');
  await until(page, 'the refusal', `document.getElementById('camera-alert').classList.contains('refused')`);
  assert.match(await text(page, '#camera-alert'), /streams\.main: must be a valid URL/);
  assert.equal(await page.inputValue('#camera-form [name="streams.main"]'), 'not a url');
  assert.equal(await page.inputValue('#camera-form [name=name]'), 'Not saved');
  assert.equal(await page.getAttribute('#camera-form [name="streams.main"]', 'aria-invalid'), 'true');
  const stored = (await admin.req('GET', '/api/cameras/QUAI-1')).json;
  assert.equal(stored.name, 'Quai main entrance');
  assert.equal(stored.streams.main, 'rtsp://127.0.0.1:1/x');

  // A sector with cameras cannot go: the API's reason is shown.
  await page.click('#sector-table tr[data-sector=quai] button[data-act=delete]');
  await until(
    page,
    'the sector refusal',
    `/still has 1 cameras/.test(document.getElementById('sector-alert').textContent)`,
  );

  // An operator of that sector.
  await page.click('[data-act=new-user]');
  await page.fill('#user-form [name=username]', 'op-quai');
  await page.fill('#user-form [name=password]', PASSWORD);
  await page.selectOption('#user-form [name=role]', 'operator');
  await page.selectOption('#user-form [name=sectorIds]', ['quai']);
  await page.click('#user-form button[type=submit]');
  await page.waitForSelector('#user-table tr[data-user=op-quai]');
  const users = (await admin.req('GET', '/api/users')).json as {
    username: string;
    role: string;
    sectorIds: string[];
  }[];
  const op = users.find((u) => u.username === 'op-quai');
  assert.deepEqual([op?.role, op?.sectorIds], ['operator', ['quai']]);
  await shot(page, 'admin');
  assert.deepEqual(pageErrors, []);

  // The operator, in the same page after the admin logged out: only that camera on the wall, no Admin nor Zones tab,
  // Alt+7 does nothing, nothing of the admin's lists is left in the page, and the API refuses anyway.
  await page.click('#logout');
  await page.waitForSelector('#login:not([hidden])');
  await page.fill('input[name=username]', 'op-quai');
  await page.fill('input[name=password]', PASSWORD);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('body[data-ready=true] #app:not([hidden])');
  const other = page;
  await other.waitForSelector('.tile[data-camera=QUAI-1]');
  assert.deepEqual(await other.$$eval('.tile', (els) => els.map((e) => e.getAttribute('data-camera'))), ['QUAI-1']);
  assert.equal(await other.isHidden('#manage-tab'), true);
  assert.equal(await other.isHidden('#admin-tab'), true);
  await other.keyboard.press('Alt+7');
  assert.equal(await other.isHidden('#manage'), true);
  assert.equal(await other.isVisible('#wall-view'), true);
  assert.equal(await other.$$eval('#manage tbody tr', (rows) => rows.length), 0);
  const opClient = new Client(t.base);
  await opClient.login('op-quai');
  assert.equal((await opClient.req('GET', '/api/users')).status, 403);
  assert.equal((await opClient.req('PATCH', '/api/cameras/QUAI-1', { name: 'x' })).status, 403);
  assert.deepEqual(pageErrors, []);
  await other.close();
});

test('the language a user picks in the header is kept in their preferences and speaks on their next login', {
  timeout: 60_000,
}, async () => {
  await t.user('op-lang', 'operator');
  const page = await login('op-lang');
  // French by default: the views, the role, the live states' words.
  assert.equal(await text(page, 'nav [data-view=wall]'), 'Mur');
  assert.match(await text(page, '#whoami'), /opérateur/);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  // As the user does it: the header's list; the console starts again in English.
  await Promise.all([page.waitForEvent('load'), page.selectOption('#language', 'en')]);
  await page.waitForSelector('body[data-ready=true] #app:not([hidden])');
  await until(page, 'the console in English', `document.querySelector('nav [data-view=wall]').textContent === 'Wall'`);
  assert.match(await text(page, '#whoami'), /operator/);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.close();
  // Kept by the centre, not only by that browser: a fresh browser context logs in in English.
  const c = new Client(t.base);
  await c.login('op-lang');
  assert.equal((await c.req('GET', '/api/me/preferences')).json.locale, 'en');
  const again = await login('op-lang');
  assert.equal(await text(again, 'nav [data-view=wall]'), 'Wall');
  // An unknown language is refused by the API, nothing saved.
  const bad = await c.req('PUT', '/api/me/preferences', { locale: 'de' });
  assert.equal(bad.status, 400);
  assert.equal((await c.req('GET', '/api/me/preferences')).json.locale, 'en');
  assert.deepEqual(pageErrors, []);
  await again.close();
});
