// The wall fits the screen, tiles maximise, the keyboard works and axe-core finds nothing critical or serious (issue
// 19), in Debian Chromium against a real centre: 60 cameras, two of them streaming real PETS09 footage from the
// simulator (so the tiles hold real videos with their own size), at 1920x1080 and 1366x768, for every wall layout.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SYSTEM } from '../../src/core/users/principal.js';
import { datasetPath, hasDataset } from '../../src/eval/datasets/paths.js';
import { CameraSimulator } from '../../src/media/simulator/simulator.js';
import { launchChromium } from '../live/support/browser.js';
import { startCentre, type TestCentre } from '../support/centre.js';
import { ConsoleDriver } from './support.js';

const missing =
  hasDataset('pets09-s2l1', 'PETS09-S2L1.mp4') || process.env.CI === 'true'
    ? undefined
    : 'PETS09-S2L1 not found beside the checkout';
const VIEWPORTS = [
  { width: 1920, height: 1080 },
  { width: 1366, height: 768 },
];
/** Layout id → tiles shown on the first page of the 60 cameras. */
const LAYOUTS: [string, number][] = [
  ['1', 1],
  ['2', 4],
  ['3', 9],
  ['4', 16],
  ['1+5', 6],
  ['1+7', 8],
];
const sim = new CameraSimulator({ port: 0 });
let t: TestCentre;
let browser: Browser;
const alarmIds: string[] = [];

before(async () => {
  if (missing) return;
  await sim.start([{ id: 'FIT', source: datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4') }]);
  t = await startCentre();
  const { fleet, events, alarms, store } = t.centre.services;
  await fleet.upsertSector(SYSTEM, { id: 'fit', name: 'Fit' });
  // 60 cameras: more than the largest page, and enough that the camera list beside the wall scrolls.
  for (let i = 1; i <= 60; i++) {
    const id = `FIT-${String(i).padStart(2, '0')}`;
    // Two cameras stream (their tiles get a real picture and size); the others are planned, their tiles empty.
    await fleet.create(SYSTEM, {
      id,
      name: `Camera ${i}`,
      sectorId: 'fit',
      streams: sim.urls('FIT'),
      position: { lat: 50.35 + i / 1000, lon: 3.52 },
      phase: 'pilot',
      status: i <= 2 ? 'active' : 'planned',
      tags: [],
    });
  }
  await t.user('admin', 'admin');
  await t.centre.start();
  // Two open alarms for the keyboard checks of the alarm queue (separate zones, so that they stay two).
  for (const zoneId of ['north', 'south']) {
    const ev = await events.emit({ cameraId: 'FIT-01', kind: 'intrusion', zoneId });
    await alarms.idle();
    alarmIds.push((await store.alarms.byEvent(ev.id))!.id);
  }
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await t?.stop();
  await sim.stop();
});

const driver = new ConsoleDriver(
  () => browser,
  () => t.base,
);

interface Fit {
  tiles: number;
  outside: number;
  scrollW: number;
  scrollH: number;
  innerW: number;
  innerH: number;
  headerTop: number;
  firstW: number;
  secondW: number;
}

/** Every tile's box against the viewport, and whether the document could scroll. */
const measure = (page: Page): Promise<Fit> =>
  page.evaluate(`(() => {
    const W = innerWidth, H = innerHeight;
    const tiles = [...document.querySelectorAll('#wall .tile')].map((e) => e.getBoundingClientRect());
    const outside = tiles.filter((r) => r.left < 0 || r.top < 0 || r.right > W + 0.5 || r.bottom > H + 0.5).length;
    const d = document.scrollingElement;
    return { tiles: tiles.length, outside, scrollW: d.scrollWidth, scrollH: d.scrollHeight, innerW: W, innerH: H,
      headerTop: document.querySelector('header').getBoundingClientRect().top,
      firstW: tiles[0]?.width ?? 0, secondW: tiles[1]?.width ?? 0 };
  })()`);

test('every wall layout fits the viewport at 1920x1080 and 1366x768: all tiles inside, no page scroll', {
  skip: missing,
  timeout: 180_000,
}, async () => {
  const page = await driver.login('admin');
  await driver.until(
    page,
    'a tile playing real video',
    `[...document.querySelectorAll('.tile video')].some((v) => v.videoWidth > 0)`,
    60_000,
  );
  for (const vp of VIEWPORTS) {
    await page.setViewportSize(vp);
    for (const [layout, count] of LAYOUTS) {
      await page.selectOption('#layout', layout);
      await driver.until(page, `${count} tiles`, `document.querySelectorAll('#wall .tile').length === ${count}`);
      // The streaming tile of this page has its picture (the video's own size is what used to overflow).
      await driver.until(
        page,
        'the first tile playing',
        `document.querySelector('#wall .tile video').videoWidth > 0`,
        30_000,
      );
      const m = await measure(page);
      console.log(
        `${vp.width}x${vp.height} layout ${layout}: ${m.tiles} tiles, ${m.outside} outside the viewport, ` +
          `document ${m.scrollW}x${m.scrollH} in ${m.innerW}x${m.innerH}, header top ${m.headerTop}`,
      );
      assert.equal(m.tiles, count);
      assert.equal(m.outside, 0, `${layout} at ${vp.width}x${vp.height}: tiles outside the viewport`);
      assert.ok(m.scrollH <= m.innerH && m.scrollW <= m.innerW, `the document scrolls: ${JSON.stringify(m)}`);
      assert.equal(m.headerTop, 0, 'the header stays at the top');
      if (layout === '1+5') assert.ok(m.firstW > 1.9 * m.secondW, `1+5: the first tile spans two columns`);
      if (layout === '1+7') assert.ok(m.firstW > 2.8 * m.secondW, `1+7: the first tile spans three columns`);
    }
  }
  // The chosen layout is kept by the centre for the user.
  const prefs = await page.evaluate(`fetch('/api/me/preferences').then((r) => r.json())`);
  assert.equal((prefs as { wall: { layout: string } }).wall.layout, '1+7');
  await page.close();
});

test('a tile maximises and restores by keyboard (Enter, F, Escape) and by double-click', {
  skip: missing,
  timeout: 60_000,
}, async () => {
  const page = await driver.login('admin');
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.selectOption('#layout', '3');
  await driver.until(page, '9 tiles', `document.querySelectorAll('#wall .tile').length === 9`);
  const state = () =>
    page.evaluate(`(() => {
      const wall = document.getElementById('wall').getBoundingClientRect();
      const shown = [...document.querySelectorAll('#wall .tile')].filter((e) => e.getClientRects().length);
      const max = document.querySelector('#wall .tile.maximised');
      const r = max?.getBoundingClientRect();
      return { shown: shown.length, max: max?.dataset.index ?? null, fills: !!r && Math.abs(r.width - wall.width) < 2
        && Math.abs(r.height - wall.height) < 2, focused: document.activeElement?.dataset?.index ?? null };
    })()`) as Promise<{ shown: number; max: string | null; fills: boolean; focused: string | null }>;
  // Keyboard only: Tab reaches the tiles (the layout select, pages and nav come first).
  let hops = 0;
  while ((await page.evaluate(`document.activeElement?.dataset?.index ?? null`)) !== '4' && hops++ < 40)
    await page.keyboard.press('Tab');
  assert.equal((await state()).focused, '4', 'Tab reaches the fifth tile');
  await page.keyboard.press('Enter');
  let s = await state();
  console.log(`after Enter: ${JSON.stringify(s)}`);
  assert.deepEqual(s, { shown: 1, max: '4', fills: true, focused: '4' });
  await page.keyboard.press('Escape');
  s = await state();
  console.log(`after Escape: ${JSON.stringify(s)}`);
  assert.deepEqual(s, { shown: 9, max: null, fills: false, focused: '4' });
  await page.keyboard.press('f');
  assert.deepEqual(await state(), { shown: 1, max: '4', fills: true, focused: '4' });
  await page.keyboard.press('Escape');
  await page.dblclick('#wall .tile[data-index="7"]');
  assert.equal((await state()).max, '7');
  await page.dblclick('#wall .tile[data-index="7"]');
  assert.equal((await state()).shown, 9);
  // The large tile of 1+5 maximises over its span too, and the layout keys still work from a tile.
  await page.selectOption('#layout', '1+5');
  await driver.until(page, '6 tiles', `document.querySelectorAll('#wall .tile').length === 6`);
  await page.focus('#wall .tile[data-index="0"]');
  await page.keyboard.press('Enter');
  assert.deepEqual(await state(), { shown: 1, max: '0', fills: true, focused: '0' });
  await page.keyboard.press('Escape');
  assert.equal((await state()).shown, 6);
  await page.close();
});

test('alarms by keyboard: Enter and Space open the focused alarm, Escape leaves the comment box', {
  skip: missing,
  timeout: 60_000,
}, async () => {
  const page = await driver.login('admin');
  await page.keyboard.press('Alt+2');
  const [a, b] = alarmIds;
  await page.waitForSelector(`#alarm-list li[data-alarm="${b}"]`);
  await page.focus(`#alarm-list li[data-alarm="${a}"]`);
  await page.keyboard.press('Enter');
  await driver.until(page, 'the first alarm open', `!document.getElementById('alarm-detail').hidden`);
  await driver.until(
    page,
    'the first alarm current and focused',
    `document.activeElement?.dataset.alarm === '${a}' && document.activeElement.getAttribute('aria-current') === 'true'`,
  );
  await page.focus(`#alarm-list li[data-alarm="${b}"]`);
  await page.keyboard.press(' ');
  await driver.until(
    page,
    'the second alarm opened by Space',
    `document.querySelector('#alarm-list li[aria-current=true]')?.dataset.alarm === '${b}'`,
  );
  assert.equal(await page.evaluate(`document.querySelectorAll('#alarm-list [aria-selected]').length`), 0);
  // Typing a comment, then Escape: out of the box, back on the alarm, where 'a' acknowledges it again.
  await page.focus('#alarm-comment');
  await page.keyboard.type('a cat');
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(`document.activeElement?.dataset.alarm ?? document.activeElement?.id`), b);
  await page.keyboard.press('a');
  await driver.until(
    page,
    'acknowledged from the keyboard',
    `document.querySelector('#alarm-list li[data-alarm="${b}"]')?.dataset.state === 'acknowledged'`,
  );
  // The comment typed for b does not follow the operator to the next alarm.
  await page.focus(`#alarm-list li[data-alarm="${a}"]`);
  await page.keyboard.press('Enter');
  await driver.until(
    page,
    'the first alarm opened again, with an empty comment box',
    `document.querySelector('#alarm-list li[aria-current=true]')?.dataset.alarm === '${a}' && document.getElementById('alarm-comment').value === ''`,
  );
  // An alarm closed before the page was (re)loaded shows under "closed" and "all": it never came on the stream.
  const { events, alarms, store } = t.centre.services;
  const ev = await events.emit({ cameraId: 'FIT-01', kind: 'intrusion', zoneId: 'closed-before' });
  await alarms.idle();
  const c = (await store.alarms.byEvent(ev.id))!.id;
  await alarms.close(SYSTEM, c, 'false_alarm', 'closed before the reload');
  await page.reload();
  await page.waitForSelector(`#alarm-list li[data-alarm="${b}"]`, { state: 'attached' });
  await page.keyboard.press('Alt+2');
  await page.selectOption('#alarm-filter', 'closed');
  await driver.until(page, 'the closed alarm listed', `!!document.querySelector('#alarm-list li[data-alarm="${c}"]')`);
  await page.selectOption('#alarm-filter', 'all');
  await driver.until(
    page,
    'closed and open listed',
    `!!document.querySelector('#alarm-list li[data-alarm="${c}"]') && !!document.querySelector('#alarm-list li[data-alarm="${b}"]')`,
  );
  await page.close();
});

const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const VIEWS = ['wall', 'alarms', 'map', 'playback', 'search', 'admin', 'manage'];

test('axe-core on every view at both sizes: 0 critical, 0 serious; one h1 and the landmarks', {
  skip: missing,
  timeout: 180_000,
}, async () => {
  const page = await driver.login('admin');
  // page.evaluate is not bound by the console's CSP (no inline script may be added to the page).
  await page.evaluate(AXE);
  const bad: string[] = [];
  for (const vp of VIEWPORTS) {
    await page.setViewportSize(vp);
    for (const [i, view] of VIEWS.entries()) {
      await page.keyboard.press(`Alt+${i + 1}`);
      await driver.until(page, view, `document.querySelector('nav [data-view=${view}]').ariaPressed === 'true'`);
      if (view === 'alarms') {
        await page.click(`#alarm-list li[data-alarm="${alarmIds[0]}"]`);
        await driver.until(page, 'the alarm open', `!document.getElementById('alarm-detail').hidden`);
      }
      if (view === 'manage') await page.waitForSelector('#camera-table tbody tr');
      // Every view in French at the smaller screen, for docs/screenshots (VIGIE_SCREENSHOTS).
      if (vp.width === 1366) await driver.shot(page, `console-fr-${view}`);
      const r = (await page.evaluate(`axe.run(document).then((r) => r.violations.map((v) =>
        ({ id: v.id, impact: v.impact, nodes: v.nodes.length, where: v.nodes[0]?.target.join(' ') })))`)) as {
        id: string;
        impact: string;
        nodes: number;
        where: string;
      }[];
      const count = (impact: string) => r.filter((v) => v.impact === impact).length;
      const landmarks = (await page.evaluate(`[document.querySelectorAll('h1:not([hidden] *)').length,
        !!document.querySelector('#app > header'), !!document.querySelector('#app nav'),
        !!document.querySelector('#app main')]`)) as [number, boolean, boolean, boolean];
      console.log(
        `${vp.width}x${vp.height} ${view}: critical ${count('critical')}, serious ${count('serious')}, ` +
          `moderate ${count('moderate')}, minor ${count('minor')}` +
          (r.length ? ` (${r.map((v) => `${v.id}/${v.impact}×${v.nodes} at ${v.where}`).join('; ')})` : ''),
      );
      for (const v of r) if (v.impact === 'critical' || v.impact === 'serious') bad.push(`${view}: ${v.id} ${v.where}`);
      if (view === 'wall') {
        // The camera tree overflows and is reachable by keyboard as ONE tab stop (axe: scrollable-region-focusable,
        // checked above; a roving tabindex, camera-tree.js).
        const list = (await page.evaluate(`(() => { const a = document.getElementById('camera-list');
          return [a.scrollHeight > a.clientHeight, a.querySelectorAll('[tabindex="0"]').length]; })()`)) as [
          boolean,
          number,
        ];
        assert.deepEqual(list, [true, 1], 'the camera tree scrolls and is one tab stop');
      }
      assert.deepEqual(landmarks, [1, true, true, true], `${view}: one h1, header, nav, main`);
      const scroll = (await page.evaluate(
        `document.scrollingElement.scrollHeight <= innerHeight && document.scrollingElement.scrollWidth <= innerWidth`,
      )) as boolean;
      assert.ok(scroll, `${view} at ${vp.width}x${vp.height}: the page scrolls`);
    }
  }
  assert.deepEqual(bad, []);
  // The alarm badge: its count (the open alarms) against its own background, WCAG AA for small text.
  const ratio = (await page.evaluate(`(() => {
    const e = document.getElementById('alarm-count'), s = getComputedStyle(e);
    const lum = (c) => { const [r, g, b] = c.match(/\\d+/g).slice(0, 3).map((v) => { const x = v / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const [hi, lo] = [lum(s.color), lum(s.backgroundColor)].sort((a, b) => b - a);
    return [e.textContent, (hi + 0.05) / (lo + 0.05)];
  })()`)) as [string, number];
  console.log(`alarm badge "${ratio[0]}": contrast ${ratio[1].toFixed(2)}:1`);
  // Two alarms were raised for this file; a camera slow to start on a loaded host may add a camera_offline one.
  const open = (await page.evaluate(
    `fetch('/api/alarms?state=open&limit=200').then((r) => r.json()).then((j) => j.items.length)`,
  )) as number;
  assert.ok(open >= 2 && ratio[0] === String(open), `the badge shows ${ratio[0]} for ${open} open alarms`);
  assert.ok(ratio[1] >= 4.5, `the alarm badge's contrast ${ratio[1].toFixed(2)} < 4.5`);
  await page.close();
});

test('the map is one tab stop for all its cameras; arrows move between them, Enter opens the live view', {
  skip: missing,
  timeout: 60_000,
}, async () => {
  const page = await driver.login('admin');
  await page.keyboard.press('Alt+3');
  await page.waitForSelector('#map [data-cameras~="FIT-60"]');
  // Dots 110 m apart gather into clusters at this zoom (overlapping dots stole each other's clicks): every camera is
  // in exactly one marker, and the markers are one tab stop.
  const stops = await page.evaluate(`[[...document.querySelectorAll('#map [data-cameras]')]
    .reduce((n, m) => n + m.dataset.cameras.split(' ').length, 0),
    document.querySelectorAll('#map [data-cameras][tabindex="0"]').length]`);
  console.log(`map: ${JSON.stringify(stops)} (cameras on markers, tab stops)`);
  assert.deepEqual(stops, [60, 1]);
  await page.focus('#map [data-cameras][tabindex="0"]');
  const first = await page.evaluate(`document.activeElement.dataset.cameras`);
  // The cameras stand on a north-south line, FIT-01 southmost: ArrowUp goes north to the next marker.
  await page.keyboard.press('ArrowUp');
  const second = await page.evaluate(`document.activeElement.dataset.cameras`);
  assert.notEqual(second, first);
  assert.equal(await page.evaluate(`document.querySelectorAll('#map [data-cameras][tabindex="0"]').length`), 1);
  // Enter on a cluster zooms into it; on a camera, opens its live view.
  for (let i = 0; i < 6 && !(await page.evaluate(`document.activeElement.dataset.camera`)); i++)
    await page.keyboard.press('Enter');
  const cam = await page.evaluate(`document.activeElement.dataset.camera`);
  await page.keyboard.press('Enter');
  await driver.until(page, 'the live view of the focused camera', `!document.getElementById('map-live').hidden`);
  assert.match(String(await page.evaluate(`document.querySelector('#map-live figcaption').textContent`)), /Camera/);
  assert.equal(await page.evaluate(`document.getElementById('map-live').dataset.camera`), cam);
  await page.close();
});
