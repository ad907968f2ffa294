import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { type Client, PASSWORD, startCentre, type TestCentre } from '../support/centre.js';
import { launchChromium, sampleVideosScript, type TileSample } from './support/browser.js';
import { startCameras, type TestCameras } from './support/cameras.js';
import { addCameras } from './support/live-centre.js';
import { until } from './support/viewer.js';

const NORD = ['CAM-N1', 'CAM-N2', 'CAM-N3', 'CAM-N4'];

let cams: TestCameras;
let t: TestCentre;
let admin: Client;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

before(async () => {
  cams = await startCameras(5, { width: 320, height: 180 });
  t = await startCentre();
  await addCameras(t, [
    ...NORD.map((id, i) => ({ id, name: `Nord ${i + 1}`, sectorId: 'nord', url: cams.url(i) })),
    { id: 'CAM-S1', name: 'Sud 1', sectorId: 'sud', url: cams.url(4) },
  ]);
  admin = await t.user('admin', 'admin');
  await t.user('op-nord', 'operator', ['nord']);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // The login page's first /api/me is a 401 by design; any other failed load is a finding.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 401/.test(m.text())) pageErrors.push(m.text());
  });
});
after(async () => {
  await browser?.close();
  await t?.stop();
  await cams?.stop();
});

const TILES_STATE = `JSON.stringify([...document.querySelectorAll('.tile')].map((t) => {
  const v = t.querySelector('video');
  return [t.dataset.camera, t.querySelector('.badge').dataset.status, v.currentTime, v.readyState, v.error && v.error.message];
}))`;

/** Waits for a page-side condition (polled with evaluate: the console's CSP forbids waitForFunction's eval). */
async function waitInPage(what: string, condition: string, timeout = 30_000) {
  const end = Date.now() + timeout;
  while (!(await page.evaluate(condition))) {
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}: tiles ${await page.evaluate(TILES_STATE)}; errors ${pageErrors}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('an operator logs in through the page and sees video advance on every tile of the wall', {
  timeout: 90_000,
}, async (tc) => {
  await page.goto(`${t.base}/`);
  await page.fill('input[name=username]', 'op-nord');
  await page.fill('input[name=password]', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('#app:not([hidden]) .tile');
  const tiles = await page.$$eval('.tile', (els) => els.map((e) => e.getAttribute('data-camera')));
  assert.deepEqual(tiles.sort(), NORD, 'a 2x2 wall of the sector nord cameras, and only those');
  await waitInPage(
    'every badge live',
    `[...document.querySelectorAll('.badge')].every((b) => b.dataset.status === 'live')`,
  );
  // Let every tile get past its first keyframe before sampling.
  await waitInPage(
    'every video playing',
    `[...document.querySelectorAll('.tile video')].every((v) => v.currentTime > 0.5)`,
  );
  const samples = (await page.evaluate(sampleVideosScript(1500))) as TileSample[];
  tc.diagnostic(`cameras served by ${cams.kind}; ${JSON.stringify(samples)}`);
  assert.equal(samples.length, 4);
  for (const s of samples) {
    assert.ok(s.advancedS > 0.8, `${s.camera}: currentTime advanced ${s.advancedS.toFixed(2)} s in 1.5 s`);
    assert.ok(s.changedPixels > 50, `${s.camera}: the picture changed (${s.changedPixels} pixels)`);
    assert.ok(s.frames >= 15, `${s.camera}: ${s.frames} frames presented in 1.5 s`);
  }
  assert.deepEqual(pageErrors, []);
});

test('the operator gets no tile for another sector, and its WebSocket is refused', async () => {
  const tiles = await page.$$eval('.tile', (els) => els.map((e) => e.getAttribute('data-camera')));
  assert.ok(!tiles.includes('CAM-S1'));
  await page.selectOption('#layout', '3');
  await waitInPage('the 3x3 wall', `document.querySelectorAll('.tile').length === 4`);
  const outcome = await page.evaluate(
    `new Promise((resolve) => {
      const ws = new WebSocket(location.origin.replace('http', 'ws') + '/api/live/CAM-S1');
      ws.onopen = () => resolve('opened');
      ws.onclose = (e) => resolve('closed before opening, code ' + e.code);
    })`,
  );
  assert.equal(outcome, 'closed before opening, code 1006');
  const own = await page.evaluate(
    `new Promise((resolve) => {
      const ws = new WebSocket(location.origin.replace('http', 'ws') + '/api/live/CAM-N1');
      ws.onopen = () => { ws.close(); resolve('opened'); };
      ws.onclose = () => resolve('closed');
    })`,
  );
  assert.equal(own, 'opened', 'the same page may open a camera of its sector');
});

test('the live views appear in the audit journal with from and to once the wall is closed', async () => {
  await page.click('#logout');
  await page.waitForSelector('#login:not([hidden])');
  let views: any[] = [];
  await until(
    'views journaled',
    () => new Set(views.map((v) => v.target)).size >= 4,
    5000,
    async () => {
      views = (await admin.req('GET', '/api/audit?action=live.view&actor=op-nord&limit=100')).json;
    },
  );
  assert.deepEqual([...new Set(views.map((v) => v.target))].sort(), NORD);
  for (const v of views) {
    const d = JSON.parse(v.details);
    assert.ok(d.from && d.to && d.stream, JSON.stringify(d));
  }
  const starts = (await admin.req('GET', '/api/audit?action=live.view_start&actor=op-nord&limit=100')).json;
  assert.ok(starts.length >= views.length);
  assert.ok(!views.some((v) => v.target === 'CAM-S1'));
});
