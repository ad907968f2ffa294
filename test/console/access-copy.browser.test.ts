// The anonymised copy in the console, in Debian Chromium against the real centre (issue 21): on 20 s of PETS09
// recorded as the recorder would, a supervisor opens a request's copy panel, shows a picture of the window with the
// tracked people drawn over it, clicks one, produces the copy and finds its download and manifest; the bytes served
// hash to the manifest's SHA-256.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { SYSTEM } from '../../src/core/users/principal.js';
import { datasetPath, hasDataset } from '../../src/eval/datasets/paths.js';
import { launchChromium } from '../live/support/browser.js';
import { iso, placeSegment } from '../recordings/helpers.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';
import { ConsoleDriver } from './support.js';

const CLIP = datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4');
const skip = hasDataset('pets09-s2l1', 'PETS09-S2L1.mp4') ? false : 'PETS09 not in ../shared/datasets';
let t: TestCentre;
let sup: Client;
let browser: Browser;
let id = '';
const work = mkdtempSync(join(tmpdir(), 'vigie-copy-console-'));

before(async () => {
  if (skip) return;
  t = await startCentre({ config: { ingest: { enabled: false }, analytics: { enabled: false } } });
  const { fleet, store } = t.centre.services;
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
  execFileSync('ffmpeg', [
    ...['-nostdin', '-v', 'error', '-ss', '20', '-i', CLIP, '-t', '10', '-map', '0:v', '-c', 'copy'],
    ...['-f', 'segment', '-segment_time', '10', '-reset_timestamps', '1', '-segment_format', 'mp4'],
    ...['-segment_format_options', 'movflags=+frag_keyframe+empty_moov+default_base_moof', join(work, 'seg_%03d.mp4')],
  ]);
  const T0 = t.clock.t - 3_600_000;
  const segs = readdirSync(work).sort();
  for (const [i, f] of segs.entries())
    await placeSegment(store, join(t.dataDir, 'recordings'), 'VILLE-1', T0 + i * 10_000, join(work, f));
  sup = await t.user('sup', 'supervisor', ['ville']);
  const r = await sup.req('POST', '/api/access-requests', {
    reference: 'DPO-2026-077',
    receivedOn: '2026-06-01',
    cameraIds: ['VILLE-1'],
    from: iso(T0),
    // 10 s (one segment): the follow pass detects every picture of the window, the suite's time.
    to: iso(T0 + 10_000),
    description: 'walking across the square',
  });
  assert.equal(r.status, 201, r.text);
  id = r.json.id;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await t?.stop();
  rmSync(work, { recursive: true, force: true });
});

const driver = new ConsoleDriver(
  () => browser,
  () => t.base,
);

test('a supervisor picks the requester on a picture, produces the copy, and downloads it with its manifest', {
  skip,
  timeout: 240_000,
}, async () => {
  const page = await driver.login('sup');
  await page.keyboard.press('Alt+9');
  const row = `#request-table tr[data-id="${id}"]`;
  await page.waitForSelector(`${row} [data-act=copy]`);
  await page.click(`${row} [data-act=copy]`);
  await page.waitForSelector('.access-copy [data-act=show-picture]');
  await page.click('.access-copy [data-act=show-picture]');
  // The first picture runs the follow pass over the window (detector and tracker on every picture).
  await page.waitForSelector('.access-copy .copy-box', { timeout: 120_000 });
  await driver.until(page, 'the picture', `document.querySelector('.access-copy img')?.naturalWidth > 0`);
  const boxes = await page.$$('.access-copy .copy-box');
  assert.ok(boxes.length >= 2, `${boxes.length} people drawn over the picture`);
  await boxes[0]!.click();
  await page.waitForSelector('.access-copy .copy-picks li');
  const picks = (await sup.req('GET', `/api/access-requests/${id}/picks`)).json;
  assert.equal(picks.length, 1);
  await page.click('.access-copy [data-act=make-copy]');
  await page.waitForSelector('.access-copy a[data-act=download]', { timeout: 120_000 });
  const [m] = (await sup.req('GET', `/api/access-requests/${id}/copies`)).json;
  assert.equal(m.picks[0].id, picks[0].id);
  assert.match(await page.$eval('.access-copy pre', (e) => e.textContent ?? ''), new RegExp(m.sha256));
  const href = await page.$eval('.access-copy a[data-act=download]', (a) => a.getAttribute('href') ?? '');
  const bytes = await page.evaluate(
    async (u) => Array.from(new Uint8Array(await (await fetch(u)).arrayBuffer())),
    href,
  );
  assert.equal(createHash('sha256').update(Buffer.from(bytes)).digest('hex'), m.sha256);
  assert.deepEqual(driver.pageErrors, []);
  await page.close();
});
