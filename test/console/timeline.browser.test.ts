// The playback timeline in Debian Chromium (issue 19), on a real recorded minute (H.264 segments as the recorder
// writes them): zooming changes the labels' step from seconds to days (measured between labels); 100 events in a
// minute are drawn as fewer marks whose counts sum to 100, and a cluster opens by keyboard; hovering shows a
// thumbnail that loaded, a masked camera's thumbnail is masked (pixels); "b" + a note bookmarks the picture's moment,
// shown on the timeline, found by GET /api/bookmarks?q= and journaled; the view fits 1366x768 and 1920x1080 with no
// page scroll, and axe-core finds nothing critical or serious.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
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

before(async () => {
  t = await startCentre({ config: { recordings: { maxBytes: 10 * 1024 ** 3 } } });
  const { fleet, store, events, analytics } = t.centre.services;
  for (const s of ['nord', 'sud']) await fleet.upsertSector(SYSTEM, { id: s, name: s });
  for (const [id, name, sectorId] of [
    ['TL-1', 'Place du marché', 'nord'],
    ['TL-M', 'Rue des jardins', 'nord'],
    ['TL-S', 'Gare sud', 'sud'],
  ])
    await fleet.create(SYSTEM, {
      id: id!,
      name: name!,
      sectorId: sectorId!,
      streams: { main: 'rtsp://h/x' },
      phase: 'pilot',
      status: 'active',
      tags: [],
    });
  // A real recorded minute on whole seconds (the form's precision).
  T0 = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;
  files = makeSegments(SEGMENTS);
  const root = join(t.dataDir, 'recordings');
  for (const [i, f] of files.entries()) {
    await placeSegment(store, root, 'TL-1', T0 + i * SEG_MS, f);
    await placeSegment(store, root, 'TL-M', T0 + i * SEG_MS, f);
  }
  // 100 events in the minute (every 0.6 s): far more than a 60 s timeline can draw apart.
  for (let i = 0; i < 100; i++) await events.emit({ cameraId: 'TL-1', kind: 'motion', startedAt: T0 + i * 600 });
  // TL-M's left third is private.
  const left: [number, number][] = [
    [0, 0],
    [0.33, 0],
    [0.33, 1],
    [0, 1],
  ];
  await analytics.put(SYSTEM, 'TL-M', { enabled: false, privacyMasks: [{ name: 'maison', points: left }] });
  await t.user('op-tl', 'operator', ['nord']);
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

/** A datetime-local value in the browser's zone (the same machine's). */
const local = (ms: number) => {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};

async function play(page: Page, camera: string) {
  await page.selectOption('#playback-form select[name=camera]', camera);
  await page.fill('#playback-form input[name=from]', local(T0));
  await page.fill('#playback-form input[name=to]', local(T0 + SEGMENTS * SEG_MS));
  await page.click('#playback-form button[type=submit]');
  await driver.until(page, 'the timeline', `document.getElementById('timeline').dataset.covered === '1'`);
  await driver.until(page, 'the marks', `!!document.getElementById('timeline').dataset.marks`);
}

/** The view's span, its label step (from the page) and the step measured between the labels' times. */
const scale = (page: Page) =>
  page.evaluate(`(() => {
    const tl = document.getElementById('timeline');
    const at = [...tl.querySelectorAll('.time-label')].map((l) => Number(l.dataset.at));
    return { span: tl.dataset.viewTo - tl.dataset.viewFrom, step: Number(tl.dataset.step), unit: tl.dataset.unit,
      measured: at.length > 1 ? at[1] - at[0] : NaN, labels: [...tl.querySelectorAll('.time-label')].map((l) => l.textContent) };
  })()`) as Promise<{ span: number; step: number; unit: string; measured: number; labels: string[] }>;

async function waitSpan(page: Page, what: string, test: string) {
  await driver.until(
    page,
    what,
    `(() => { const d = document.getElementById('timeline').dataset; return ${test}; })()`,
  );
}

/** Marks drawn and the events they stand for (a cluster counts its events). */
const marks = (page: Page) =>
  page.evaluate(`(() => {
    const m = [...document.querySelectorAll('#timeline .tick, #timeline .cluster')];
    return { marks: m.length, clusters: m.filter((e) => e.dataset.count).length,
      events: m.reduce((s, e) => s + Number(e.dataset.count ?? 1), 0) };
  })()`) as Promise<{ marks: number; clusters: number; events: number }>;

test('zoom changes the label step from seconds to days; 100 events cluster; a cluster opens by keyboard', async (ctx) => {
  const page = await driver.login('op-tl');
  await page.click('button[data-view=playback]');
  await play(page, 'TL-1');
  // Paused: a playing picture pulls the view along when it passes the view's end (checked below with the clock).
  await driver.until(page, 'the video loaded', `document.getElementById('playback-video').readyState >= 1`);
  await page.evaluate(`document.getElementById('playback-video').pause()`);
  const s0 = await scale(page);
  ctx.diagnostic(
    `fit: span ${s0.span / 1000} s, step ${s0.step / 1000} s (measured ${s0.measured / 1000} s): ${s0.labels.join(' | ')}`,
  );
  assert.equal(s0.span, 60_000);
  assert.equal(s0.unit, 's');
  assert.equal(s0.measured, s0.step);
  // Out with the − key, step by step, to days.
  const seen: string[] = [s0.unit];
  let last = s0;
  for (let i = 0; i < 14; i++) {
    await page.keyboard.press('-');
    await waitSpan(page, 'the zoom out', `Number(d.viewTo) - Number(d.viewFrom) > ${last.span}`);
    const s = await scale(page);
    ctx.diagnostic(
      `− : span ${(s.span / 60_000).toFixed(0)} min, step ${s.step / 1000} s (measured ${s.measured / 1000} s, ${s.unit}): ${s.labels.join(' | ')}`,
    );
    assert.ok(s.step >= last.step, 'the step grows as the view widens');
    if (s.labels.length > 1) assert.equal(s.measured, s.step, 'labels are one step apart');
    if (!seen.includes(s.unit)) seen.push(s.unit);
    last = s;
    if (s.span >= 7 * 86_400_000) break;
  }
  assert.deepEqual(seen, ['s', 'min', 'h', 'd'], 'labels in seconds, minutes, hours, then days');
  assert.equal(last.span, 7 * 86_400_000, 'a week at most');
  // Back in with the button, then the wheel over the timeline (around the pointer).
  await page.click('#timeline-zoom-in');
  await waitSpan(page, 'the zoom in', `Number(d.viewTo) - Number(d.viewFrom) < ${last.span}`);
  await page.keyboard.press('0');
  await waitSpan(page, 'the whole range', `Number(d.viewTo) - Number(d.viewFrom) === 60000`);
  const box = (await page.locator('#timeline').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 200);
  await waitSpan(page, 'the wheel zoom', `Number(d.viewTo) - Number(d.viewFrom) > 60000`);
  const wheeled = await scale(page);
  ctx.diagnostic(`wheel: span ${wheeled.span / 1000} s, step ${wheeled.step / 1000} s`);
  await page.keyboard.press('0');
  await waitSpan(page, 'the whole range', `Number(d.viewTo) - Number(d.viewFrom) === 60000`);

  // 100 events in the minute: fewer marks, their counts sum to 100.
  const m = await marks(page);
  ctx.diagnostic(`60 s view: ${m.marks} marks (${m.clusters} clusters) for ${m.events} events`);
  assert.ok(m.marks < 100, `${m.marks} marks`);
  assert.ok(m.clusters > 0);
  assert.equal(m.events, 100);
  // No two marks overlap.
  const gaps =
    (await page.evaluate(`(() => { const x = [...document.querySelectorAll('#timeline .tick, #timeline .cluster')]
    .map((e) => e.getBoundingClientRect().left).sort((a, b) => a - b); return Math.min(...x.slice(1).map((v, i) => v - x[i])); })()`)) as number;
  ctx.diagnostic(`closest marks ${gaps.toFixed(1)} px apart`);
  assert.ok(gaps >= 10, `marks ${gaps} px apart`);
  // Keyboard: focus the first cluster and press Enter: the view zooms into it.
  await page.focus('#timeline .cluster');
  const cluster = (await page.evaluate(`(() => { const c = document.activeElement.dataset;
    return [Number(c.clusterFrom), Number(c.clusterTo), Number(c.count)]; })()`)) as number[];
  await page.keyboard.press('Enter');
  await waitSpan(page, 'the cluster opened', `Number(d.viewTo) - Number(d.viewFrom) < 60000`);
  const zoomed = await scale(page);
  const inside = await marks(page);
  ctx.diagnostic(
    `cluster of ${cluster[2]} (${(cluster[1]! - cluster[0]!) / 1000} s) opened: view ${zoomed.span / 1000} s, ${inside.marks} marks for ${inside.events} events, step ${zoomed.step / 1000} s`,
  );
  const view = (await page.evaluate(
    `[Number(document.getElementById('timeline').dataset.viewFrom), Number(document.getElementById('timeline').dataset.viewTo)]`,
  )) as number[];
  assert.ok(view[0]! <= cluster[0]! && view[1]! >= cluster[1]!, 'the cluster is in the view');
  assert.ok(inside.events >= cluster[2]!, 'its events are all shown');
  // A zoomed-out view reaches past the played range: a click there plays a range as long around that moment
  // (on TL-M, whose minute has no event marks to catch the click).
  await page.selectOption('#playback-form select[name=camera]', 'TL-M');
  await page.fill('#playback-form input[name=from]', local(T0));
  await page.fill('#playback-form input[name=to]', local(T0 + 20_000));
  await page.click('#playback-form button[type=submit]');
  await waitSpan(page, 'the 20 s range', `Number(d.viewTo) - Number(d.viewFrom) === 20000`);
  await page.click('#timeline-zoom-out');
  await page.click('#timeline-zoom-out');
  await waitSpan(page, 'the zoom out', `Number(d.viewTo) - Number(d.viewFrom) === 80000`);
  const v = (await page.evaluate(
    `[Number(document.getElementById('timeline').dataset.viewFrom), Number(document.getElementById('timeline').dataset.viewTo)]`,
  )) as number[];
  const target = T0 + 50_000;
  const tl = (await page.locator('#timeline').boundingBox())!;
  await page.mouse.click(tl.x + (tl.width * (target - v[0]!)) / (v[1]! - v[0]!), tl.y + tl.height / 2);
  await driver.until(
    page,
    'the new range playing',
    `document.getElementById('playback-video').currentTime > 0 && Math.abs(Number(document.getElementById('timeline-clock').dataset.at) - ${target}) < 3000`,
    20_000,
  );
  const clock = Number(await page.evaluate(`document.getElementById('timeline-clock').dataset.at`));
  ctx.diagnostic(`click outside the played range at T0+50 s: now playing at T0+${((clock - T0) / 1000).toFixed(1)} s`);
  await page.evaluate(`document.getElementById('playback-video').pause()`);
  assert.deepEqual(driver.pageErrors, []);
  await page.close();
});

/** The thumbnail's pixels through a canvas (same origin): the brightest gray of the left third and of the right part. */
const THUMB_PIXELS = `(() => {
  const img = document.getElementById('timeline-thumb');
  const c = document.createElement('canvas');
  c.width = 96; c.height = 54;
  const g = c.getContext('2d');
  g.drawImage(img, 0, 0, 96, 54);
  const d = g.getImageData(0, 0, 96, 54).data;
  let left = 0, right = 0;
  for (let y = 0; y < 54; y++) for (let x = 0; x < 96; x++) {
    const i = (y * 96 + x) * 4, v = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
    if (x < 28) left = Math.max(left, v); else if (x > 36) right = Math.max(right, v);
  }
  return { w: img.naturalWidth, h: img.naturalHeight, left: Math.round(left), right: Math.round(right), src: img.src };
})()`;

type Thumb = { w: number; h: number; left: number; right: number; src: string };

async function hoverThumb(page: Page, fraction: number, camera: string): Promise<Thumb> {
  const box = (await page.locator('#timeline').boundingBox())!;
  await page.mouse.move(box.x + box.width * fraction, box.y + box.height / 2);
  await driver.until(
    page,
    'the thumbnail',
    `(() => { const i = document.getElementById('timeline-thumb'); return !document.getElementById('timeline-preview').hidden && i.src.includes('/cameras/${camera}/') && i.complete && i.naturalWidth > 0 && !i.hidden; })()`,
  );
  return (await page.evaluate(THUMB_PIXELS)) as Thumb;
}

test('hover and cursor focus show a thumbnail; a masked camera’s is masked; "b" + a note bookmarks, found and journaled', async (ctx) => {
  const page = await driver.login('op-tl');
  await page.click('button[data-view=playback]');
  await play(page, 'TL-1');
  const th = await hoverThumb(page, 0.5, 'TL-1');
  ctx.diagnostic(`TL-1 thumbnail at 50 %: ${th.w}x${th.h}, left max ${th.left}, right max ${th.right}`);
  assert.ok(th.w > 0 && th.w <= 320);
  assert.ok(th.left > 150, 'an unmasked camera shows its whole picture');
  // Keyboard focus on the cursor previews the picture's moment.
  await page.mouse.move(0, 0);
  await driver.until(page, 'the preview hidden', `document.getElementById('timeline-preview').hidden`);
  await page.evaluate(`document.getElementById('playback-video').pause()`);
  await page.focus('#timeline-cursor');
  await driver.until(
    page,
    'the cursor preview',
    `!document.getElementById('timeline-preview').hidden && document.getElementById('timeline-thumb').naturalWidth > 0`,
  );
  // A bookmark by keyboard: b, a note, Enter.
  const at = Number(await page.evaluate(`document.getElementById('timeline-clock').dataset.at`));
  await page.keyboard.press('b');
  await driver.until(page, 'the note field', `document.activeElement?.name === 'note'`);
  await page.keyboard.type('Scooter rouge devant la boulangerie');
  await page.keyboard.press('Enter');
  await waitSpan(page, 'the bookmark mark', `d.bookmarks === '1'`);
  const mark = Number(await page.evaluate(`document.querySelector('#timeline .bookmark').dataset.bookmarkAt`));
  const found = (await page.evaluate(`fetch('/api/bookmarks?q=boulangerie').then((r) => r.json())`)) as {
    cameraId: string;
    at: string;
    note: string;
    author: string;
  }[];
  ctx.diagnostic(
    `bookmark at the picture's ${new Date(at).toISOString()}: mark ${new Date(mark).toISOString()}, found ${JSON.stringify(found)}`,
  );
  assert.equal(found.length, 1);
  assert.equal(found[0]!.cameraId, 'TL-1');
  assert.equal(found[0]!.author, 'op-tl');
  assert.ok(Math.abs(Date.parse(found[0]!.at) - at) < 1000, 'at the picture’s moment');
  assert.equal(mark, Date.parse(found[0]!.at));
  const journal = await t.centre.services.store.audit.search({ action: 'bookmark.create', limit: 10 });
  assert.equal(journal.length, 1);
  assert.equal(journal[0]!.actor, 'op-tl');
  const thumbs = (await t.centre.services.store.audit.search({ action: 'playback.thumbnail', limit: 10 })).filter(
    (e) => e.target === 'TL-1',
  );
  ctx.diagnostic(
    `journal: bookmark.create by ${journal[0]!.actor}; ${thumbs.length} playback.thumbnail entr(y/ies) for the hovers`,
  );
  assert.ok(thumbs.length >= 1 && thumbs.length <= 2);
  // The search field finds it too, and the bookmark's button plays it.
  await page.click('.bookmark-find summary');
  await page.fill('#bookmark-search input[name=q]', 'scooter');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#bookmark-results button');

  // The masked camera: its left third is black in the thumbnail.
  await play(page, 'TL-M');
  const masked = await hoverThumb(page, 0.5, 'TL-M');
  ctx.diagnostic(
    `TL-M (masked) thumbnail: ${masked.w}x${masked.h}, left third max ${masked.left}, right max ${masked.right}`,
  );
  assert.ok(masked.left < 40, `masked area max ${masked.left}`);
  assert.ok(masked.right > 150, `unmasked part max ${masked.right}`);
  await play(page, 'TL-1');
  await hoverThumb(page, 0.3, 'TL-1');
  await waitSpan(page, 'the bookmark on TL-1 again', `d.bookmarks === '1'`);
  await driver.shot(page, 'console-playback');
  // The found bookmark is deleted by its author: gone from the timeline and the centre, journaled.
  await page.focus('#bookmark-results .bookmark-delete');
  await page.keyboard.press('Enter');
  await waitSpan(page, 'the bookmark gone', `d.bookmarks === '0'`);
  assert.deepEqual(await page.evaluate(`fetch('/api/bookmarks?q=boulangerie').then((r) => r.json())`), []);
  const deleted = await t.centre.services.store.audit.search({ action: 'bookmark.delete', limit: 10 });
  assert.equal(deleted.length, 1);
  assert.equal(deleted[0]!.actor, 'op-tl');
  assert.deepEqual(driver.pageErrors, []);
  await page.close();
});

const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

test('the playback view fits 1366x768 and 1920x1080 without page scroll; axe-core: 0 critical, 0 serious', async (ctx) => {
  const page = await driver.login('op-tl');
  await page.click('button[data-view=playback]');
  await play(page, 'TL-1');
  await page.evaluate(AXE);
  for (const vp of [
    { width: 1366, height: 768 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(vp);
    await page.keyboard.press('b');
    await driver.until(page, 'the note field', `!document.getElementById('bookmark-form').hidden`);
    await page.keyboard.press('Escape');
    await driver.until(page, 'the note field closed', `document.getElementById('bookmark-form').hidden`);
    const m = (await page.evaluate(`(() => {
      const d = document.scrollingElement, b = (id) => document.getElementById(id).getBoundingClientRect();
      const out = ['playback-form', 'playback-video', 'timeline', 'playback-export', 'timeline-zoom-in']
        .filter((id) => { const r = b(id); return r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth; });
      return { scrollH: d.scrollHeight, scrollW: d.scrollWidth, innerH: innerHeight, innerW: innerWidth,
        video: Math.round(b('playback-video').height), bottom: Math.round(b('playback').bottom), out };
    })()`)) as {
      scrollH: number;
      scrollW: number;
      innerH: number;
      innerW: number;
      video: number;
      bottom: number;
      out: string[];
    };
    const r = (await page.evaluate(`axe.run(document).then((r) => r.violations.map((v) =>
      ({ id: v.id, impact: v.impact, where: v.nodes[0]?.target.join(' ') })))`)) as {
      id: string;
      impact: string;
      where: string;
    }[];
    const bad = r.filter((v) => v.impact === 'critical' || v.impact === 'serious');
    ctx.diagnostic(
      `${vp.width}x${vp.height}: page ${m.scrollW}x${m.scrollH} in ${m.innerW}x${m.innerH}, view bottom ${m.bottom}, video ${m.video} px tall, outside: [${m.out}]; axe: ${bad.length} critical/serious, ${r.length} in all ${r.map((v) => `${v.id}/${v.impact}`).join(', ')}`,
    );
    assert.ok(m.scrollH <= m.innerH && m.scrollW <= m.innerW, 'no page scroll');
    assert.ok(m.bottom <= m.innerH, 'the view ends inside the window');
    assert.deepEqual(m.out, []);
    assert.ok(m.video >= 200, 'the video keeps a useful size');
    assert.deepEqual(bad, []);
  }
  assert.deepEqual(driver.pageErrors, []);
  await page.close();
});
