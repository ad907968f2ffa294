// A camera filming without a video_protection authorisation is flagged in the console, in Debian Chromium against a
// real centre: a badge in the fleet list, a mark and words on the map; a covered camera has neither.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { SYSTEM } from '../../src/core/users/principal.js';
import { videoAuth } from '../legal/expiry-fixture.js';
import { launchChromium } from '../live/support/browser.js';
import { startCentre, type TestCentre } from '../support/centre.js';
import { ConsoleDriver } from './support.js';

const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
/** axe-core's serious and critical violations on the page as it stands. */
const axeBad = async (page: import('playwright-core').Page) => {
  await page.evaluate(AXE);
  return (await page.evaluate(`axe.run(document).then((r) => r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id + ' ' + v.nodes[0]?.target))`)) as string[];
};
let t: TestCentre;
let browser: Browser;

before(async () => {
  t = await startCentre({ config: { ingest: { enabled: false }, analytics: { enabled: false } } });
  const { fleet, legal } = t.centre.services;
  for (const [id, sectorId, lat] of [
    ['LB-OK', 'gare', 50.36],
    ['LB-NO', 'port', 50.37],
  ] as const) {
    await fleet.upsertSector(SYSTEM, { id: sectorId, name: sectorId });
    await fleet.create(SYSTEM, {
      id,
      name: id,
      sectorId,
      streams: { main: 'rtsp://127.0.0.1:9/none' },
      position: { lat, lon: 3.52 },
      phase: 'pilot',
      status: 'active',
      tags: [],
    });
  }
  await legal.create(SYSTEM, videoAuth(['gare']));
  await t.user('admin', 'admin');
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

test('the fleet list and the map flag the camera that films without a basis, and only it', {
  timeout: 60_000,
}, async () => {
  const page = await driver.login('admin');
  await page.keyboard.press('Alt+7');
  await page.waitForSelector('#manage:not([hidden]) #camera-table tr[data-camera=LB-NO]');
  const badge = await page.$eval('#camera-table tr[data-camera=LB-NO] .legal-badge', (b) => ({
    text: b.textContent,
    title: (b as any).title,
    visible: (b as any).offsetWidth > 0,
  }));
  assert.deepEqual(badge, {
    text: '⚠ Filme sans autorisation',
    title:
      'Aucune autorisation de vidéoprotection ne couvre cette caméra aujourd’hui : elle enregistre sans base légale',
    visible: true,
  });
  assert.equal(await page.$('#camera-table tr[data-camera=LB-OK] .legal-badge'), null);
  await driver.shot(page, 'legal-basis-fleet');
  assert.deepEqual(await axeBad(page), [], 'axe-core: the badge adds no serious violation');

  await page.keyboard.press('Alt+3');
  await page.waitForSelector('#map [data-camera=LB-NO]');
  const mark = await page.$eval('#map [data-camera=LB-NO]', (g) => ({
    legal: (g as any).dataset.legal,
    label: g.getAttribute('aria-label'),
    flag: g.querySelector('.legal-flag')?.getBoundingClientRect().width ?? 0,
  }));
  assert.equal(mark.legal, 'missing');
  assert.match(mark.label ?? '', /LB-NO.*Filme sans autorisation/);
  assert.ok(mark.flag > 0, 'the mark is drawn');
  assert.equal(
    await page.$eval('#map-legend [data-legal=missing]', (li) => li.textContent),
    '! Filme sans autorisation (1)',
    'the legend names the mark',
  );
  const ok = await page.$eval('#map [data-camera=LB-OK]', (g) => [
    (g as any).dataset.legal,
    g.getAttribute('aria-label'),
  ]);
  assert.equal(ok[0], undefined);
  assert.doesNotMatch(ok[1] ?? '', /autorisation/);
  await driver.shot(page, 'legal-basis-map');
  assert.deepEqual(await axeBad(page), [], 'axe-core: nor the mark');
  assert.deepEqual(driver.pageErrors, []);
});
