// The record of processing from the console in Debian Chromium: the admin view links to it (French by default), it
// opens as a standalone page in a new tab, lists the demo's authorisations, and axe-core finds nothing serious on it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { seedDemoAuthorisations } from '../../src/app/demo-legal.js';
import { launchChromium } from '../live/support/browser.js';
import { startCentre, type TestCentre } from '../support/centre.js';
import { ConsoleDriver } from './support.js';

let t: TestCentre;
let browser: Browser;
before(async () => {
  t = await startCentre({ demo: true, config: { ingest: { enabled: false }, analytics: { enabled: false } } });
  await seedDemoAuthorisations(t.centre.services);
  await t.user('chief', 'admin');
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await t?.stop();
});

test("the admin view opens the record of processing: a printable page with the register's authorisations", async () => {
  const driver = new ConsoleDriver(
    () => browser,
    () => t.base,
  );
  const page = await driver.login('chief');
  await page.keyboard.press('Alt+7');
  const link = page.locator('#processing-record-link');
  await link.waitFor({ state: 'visible' });
  assert.match((await link.textContent()) ?? '', /^Registre des traitements \(RGPD art\. 30\)/);
  const [record] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
  await record.waitForLoadState();
  assert.equal(
    await record.textContent('h1'),
    'Registre des activités de traitement (Record of processing, RGPD art. 30)',
  );
  const cells = await record.$$eval('td', (tds) => tds.map((td) => td.textContent ?? ''));
  assert.ok(cells.some((c) => /^DEMO-VP-\d{4}-001$/.test(c)));
  assert.ok(cells.includes('Préfecture du Nord (ILLUSTRATIVE — demo data)'));
  await record.evaluate(readFileSync('node_modules/axe-core/axe.min.js', 'utf8'));
  const bad = (await record.evaluate(
    `axe.run(document).then((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id + ': ' + v.nodes.length))`,
  )) as string[];
  assert.deepEqual(bad, []);
  // Printable: the print stylesheet applies and the tables stay in the page.
  await record.emulateMedia({ media: 'print' });
  assert.ok((await record.pdf()).length > 1000);
  await driver.shot(record, 'processing-record');
  assert.deepEqual(driver.pageErrors, []);
});
