// Seekable playback in Debian Chromium (issue 19): a click at 90 % of the timeline of a real recorded minute plays
// from within 2 s of that moment, without reloading the video (the player fetches byte ranges, 206), and playback
// advances from there; ← steps back, shift+←/→ jump between event marks.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { SYSTEM } from '../../src/core/users/principal.js';
import { launchChromium } from '../live/support/browser.js';
import { makeSegments, placeSegment, SEG_MS } from '../recordings/helpers.js';
import { startCentre, type TestCentre } from '../support/centre.js';
import { ConsoleDriver } from './support.js';

const SEGMENTS = 6;
let t: TestCentre;
let browser: Browser;
let files: string[] = [];
let T0: number;
const eventIds: string[] = [];

before(async () => {
  t = await startCentre({ config: { recordings: { maxBytes: 10 * 1024 ** 3 } } });
  const { fleet, store } = t.centre.services;
  await fleet.upsertSector(SYSTEM, { id: 'nord', name: 'Nord' });
  await fleet.create(SYSTEM, {
    id: 'PB-1',
    name: 'Place du marché',
    sectorId: 'nord',
    streams: { main: 'rtsp://h/x' },
    phase: 'pilot',
    status: 'active',
    tags: [],
  });
  // A real recorded minute: six 10 s H.264 segments back to back, on whole seconds (the form's precision).
  T0 = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;
  files = makeSegments(SEGMENTS);
  for (const [i, f] of files.entries())
    await placeSegment(store, join(t.dataDir, 'recordings'), 'PB-1', T0 + i * SEG_MS, f);
  // Two events in the minute: marks on the timeline to jump between.
  for (const at of [20_000, 40_000])
    eventIds.push(
      (await t.centre.services.events.emit({ cameraId: 'PB-1', kind: 'intrusion', startedAt: T0 + at })).id,
    );
  await t.user('op-pb', 'operator', ['nord']);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await t?.stop();
  if (files[0]) rmSync(dirname(files[0]), { recursive: true, force: true });
});

const driver = new ConsoleDriver(
  () => browser,
  () => t.base,
);

/** The shown frame of the playback video, 320x180 RGBA, read through a canvas (same origin). */
const FRAME_PIXELS = `(() => {
  const c = document.createElement('canvas');
  c.width = 320;
  c.height = 180;
  const g = c.getContext('2d');
  g.drawImage(document.getElementById('playback-video'), 0, 0, 320, 180);
  return Array.from(g.getImageData(0, 0, 320, 180).data);
})()`;

/**
 * Seconds into the recorded minute of a frame, found by the closest of the last segment's frames as ffmpeg decodes
 * them (testsrc2 burns its clock and moving marks into each, so the nearest frame is the right one).
 */
function burntInSeconds(rgba: unknown): number {
  const px = rgba as number[];
  const ref = execFileSync('ffmpeg', ['-v', 'error', '-i', files.at(-1)!, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
    maxBuffer: 200 * 1024 * 1024,
  });
  const size = 320 * 180 * 3;
  let best = { i: -1, d: Number.POSITIVE_INFINITY };
  for (let i = 0; (i + 1) * size <= ref.length; i++) {
    let d = 0;
    for (let p = 0; p < 320 * 180; p += 7)
      for (let k = 0; k < 3; k++) d += Math.abs(ref[i * size + p * 3 + k]! - px[p * 4 + k]!);
    if (d < best.d) best = { i, d };
  }
  return ((SEGMENTS - 1) * SEG_MS) / 1000 + best.i / 25;
}

/** A datetime-local value in the browser's zone (the same machine's). */
const local = (ms: number) => {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};

test('a click at 90 % of the timeline plays from within 2 s of that moment, by byte ranges, and advances', async (ctx) => {
  const statuses: number[] = [];
  const page = await driver.login('op-pb', (p) =>
    p.on('response', (r) => {
      if (r.url().includes('/playback.mp4')) statuses.push(r.status());
    }),
  );
  await page.click('button[data-view=playback]');
  const span = SEGMENTS * SEG_MS;
  await page.selectOption('#playback-form select[name=camera]', 'PB-1');
  await page.fill('#playback-form input[name=from]', local(T0));
  await page.fill('#playback-form input[name=to]', local(T0 + span));
  await page.click('#playback-form button[type=submit]');
  const video = `document.getElementById('playback-video')`;
  await driver.until(page, 'the timeline', `Number(document.getElementById('timeline').dataset.covered) === 1`);
  await driver.until(page, 'the recording playing', `${video}.readyState >= 3 && ${video}.currentTime > 0.2`);
  await page.evaluate(`(() => {
    const v = ${video};
    window.__loads = 0;
    v.addEventListener('loadstart', () => window.__loads++);
  })()`);
  assert.equal(await page.evaluate(`${video}.duration`).then((d) => Math.round(Number(d))), span / 1000);

  const box = (await page.locator('#timeline').boundingBox())!;
  const clicked = Date.now();
  await page.mouse.click(box.x + box.width * 0.9, box.y + box.height / 2);
  const target = (0.9 * span) / 1000;
  await driver.until(page, 'the seek', `!${video}.seeking && ${video}.readyState >= 3`, 10_000);
  const at = Number(await page.evaluate(`${video}.currentTime`));
  ctx.diagnostic(
    `seek to 90 %: at ${at.toFixed(2)} s (target ${target} s), playable again ${Date.now() - clicked} ms after the click`,
  );
  assert.ok(Math.abs(at - target) <= 2, `playing at ${at.toFixed(2)} s, 90 % is ${target} s`);
  // It plays on from there (not stuck, not back to 0).
  await new Promise((r) => setTimeout(r, 1500));
  const later = Number(await page.evaluate(`${video}.currentTime`));
  assert.ok(later > at + 0.5 && later <= span / 1000, `advanced from ${at.toFixed(2)} s to ${later.toFixed(2)} s`);
  assert.equal(await page.evaluate('window.__loads'), 0, 'the seek did not reload the video');
  // The picture itself: the frame shown is the one of the footage's burnt-in clock (testsrc2) at that position.
  await page.evaluate(`${video}.pause()`);
  const shownAt = Number(await page.evaluate(`${video}.currentTime`));
  const burnt = burntInSeconds(await page.evaluate(FRAME_PIXELS));
  ctx.diagnostic(`picture paused at ${shownAt.toFixed(2)} s shows the footage's ${burnt.toFixed(2)} s`);
  assert.ok(Math.abs(burnt - target) <= 3.5, `the picture is of ${burnt} s, 90 % is ${target} s`);
  assert.ok(Math.abs(burnt - shownAt) <= 0.25, `the picture (${burnt} s) is where the player says (${shownAt} s)`);
  await page.evaluate(`${video}.play()`);
  assert.ok(statuses.includes(206), `the player asked byte ranges: ${statuses.join(',')}`);
  // The picture's wall-clock time is shown, and matches the position.
  const clock = await page.evaluate(`document.getElementById('timeline-clock').dataset.at`);
  assert.ok(Math.abs(Number(clock) - (T0 + later * 1000)) <= 2000, `clock ${clock}`);

  await driver.shot(page, 'playback-seek');
  // ← steps back 5 s from where it plays.
  await page.evaluate(`${video}.pause()`);
  const before = Number(await page.evaluate(`${video}.currentTime`));
  await page.keyboard.press('ArrowLeft');
  await driver.until(page, 'the step back', `!${video}.seeking`, 10_000);
  const back = Number(await page.evaluate(`${video}.currentTime`));
  assert.ok(Math.abs(back - (before - 5)) <= 0.5, `← from ${before.toFixed(2)} s went to ${back.toFixed(2)} s`);

  // shift+← jumps to the previous event mark (3 s before it), shift+→ to the next one.
  await page.keyboard.press('Shift+ArrowLeft');
  await driver.until(page, 'the jump back', `!${video}.seeking`, 10_000);
  const prev = Number(await page.evaluate(`${video}.currentTime`));
  assert.ok(Math.abs(prev - 37) <= 0.5, `previous event: at ${prev.toFixed(2)} s, expected 37 s`);
  await page.keyboard.press('Shift+ArrowLeft');
  await driver.until(page, 'the second jump back', `!${video}.seeking`, 10_000);
  const prev2 = Number(await page.evaluate(`${video}.currentTime`));
  assert.ok(Math.abs(prev2 - 17) <= 0.5, `the one before: at ${prev2.toFixed(2)} s, expected 17 s`);
  await page.keyboard.press('Shift+ArrowRight');
  await driver.until(page, 'the jump forward', `!${video}.seeking`, 10_000);
  const next = Number(await page.evaluate(`${video}.currentTime`));
  assert.ok(Math.abs(next - 37) <= 0.5, `next event: at ${next.toFixed(2)} s, expected 37 s`);
  // Time labels under the timeline, inside it.
  const labels = await page.locator('#timeline .time-label').count();
  assert.ok(labels >= 3 && labels <= 7, `${labels} time labels`);
  assert.deepEqual(driver.pageErrors, []);
  await page.close();
});

test("a search result's clip seeks too: to 90 % of its 30 s without reloading", async () => {
  const page = await driver.login('op-pb');
  await page.click('button[data-view=search]');
  await page.selectOption('#search-form select[name=camera]', 'PB-1');
  await page.click('#search-form button[type=submit]');
  // The event at T0 + 40 s: its clip is [T0 + 30 s, T0 + 60 s).
  await page.click(`#search-results tr[data-event="${eventIds[1]}"] button`);
  const video = `document.getElementById('search-video')`;
  await driver.until(page, 'the clip playing', `${video}.readyState >= 3 && ${video}.currentTime > 0.2`);
  await page.evaluate(`(() => {
    window.__loads = 0;
    ${video}.addEventListener('loadstart', () => window.__loads++);
    ${video}.currentTime = 27;
  })()`);
  await driver.until(page, 'the seek', `!${video}.seeking && ${video}.readyState >= 3`, 10_000);
  const at = Number(await page.evaluate(`${video}.currentTime`));
  assert.ok(Math.abs(at - 27) <= 2, `clip at ${at.toFixed(2)} s, asked 27 s`);
  await new Promise((r) => setTimeout(r, 1000));
  const later = Number(await page.evaluate(`${video}.currentTime`));
  assert.ok(later > at + 0.3, `advanced from ${at.toFixed(2)} s to ${later.toFixed(2)} s`);
  assert.equal(await page.evaluate('window.__loads'), 0, 'the seek did not reload the clip');
  assert.deepEqual(driver.pageErrors, []);
  await page.close();
});
