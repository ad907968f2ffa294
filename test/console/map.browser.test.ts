// The map's colours are the truth (issue 19), in Debian Chromium against a real centre: one camera streaming real
// PETS09 footage from the simulator, one active camera whose URL points nowhere, planned ones, one in maintenance,
// one with an open alarm, two on the same pole and two 4 m apart. Each marker's state and computed colour are
// checked against what the API reports; overlapping cameras cluster and zooming in separates them; the keyboard
// opens the camera it is on; a new alarm turns its dot within 2 s; axe-core and the fit at both screen sizes.
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
/** The colour of each state, as the legend shows it (style.css). */
const COLOUR: Record<string, string> = {
  streaming: 'rgb(46, 204, 113)',
  offline: 'rgb(255, 140, 26)',
  planned: 'rgb(195, 204, 213)',
  maintenance: 'rgb(93, 173, 226)',
  decommissioned: 'rgb(138, 150, 163)',
  alarm: 'rgb(255, 45, 85)',
};
const NOWHERE = { main: 'rtsp://127.0.0.1:9/nowhere' };
type Cam = [id: string, status: string, lat: number, lon: number, extra?: Record<string, unknown>];
const CAMERAS: Cam[] = [
  ['MAP-LIVE', 'active', 50.36, 3.52, { direction: 90, fieldOfView: 70 }],
  ['MAP-DOWN', 'active', 50.364, 3.526, { direction: 200 }],
  ['MAP-ALARM', 'active', 50.362, 3.513],
  ['MAP-MAINT', 'maintenance', 50.3575, 3.5295],
  ['MAP-P1', 'planned', 50.3665, 3.517],
  ['MAP-P2', 'planned', 50.3555, 3.5235, { direction: 0, fieldOfView: 360 }],
  ['MAP-P3', 'planned', 50.3612, 3.531],
  // Two cameras on one pole (a pair looking both ways), and two 4 m apart.
  ['MAP-PAIR-A', 'planned', 50.3585, 3.5145, { direction: 45 }],
  ['MAP-PAIR-B', 'maintenance', 50.3585, 3.5145, { direction: 225 }],
  ['MAP-NEAR-A', 'planned', 50.3652, 3.5225],
  ['MAP-NEAR-B', 'planned', 50.36524, 3.52252],
];
const sim = new CameraSimulator({ port: 0 });
let t: TestCentre;
let browser: Browser;

before(async () => {
  if (missing) return;
  await sim.start([{ id: 'LIVE', source: datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4') }]);
  t = await startCentre();
  const { fleet, events, alarms } = t.centre.services;
  await fleet.upsertSector(SYSTEM, { id: 'map', name: 'Map' });
  for (const [id, status, lat, lon, extra] of CAMERAS) {
    await fleet.create(SYSTEM, {
      id,
      name: `Caméra ${id.slice(4)}`,
      sectorId: 'map',
      streams: id === 'MAP-LIVE' ? sim.urls('LIVE') : NOWHERE,
      position: { lat, lon },
      phase: 'pilot',
      status: status as 'active',
      tags: [],
      ...extra,
    });
  }
  // A lawful fleet: the marks of cameras filming without a basis are test/console/legal-basis.browser.test.ts's.
  await t.authorise();
  await t.user('admin', 'admin');
  await t.centre.start();
  await events.emit({ cameraId: 'MAP-ALARM', kind: 'intrusion', zoneId: 'quai' });
  await alarms.idle();
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

/** What the API says of each camera: status, stream health, open alarms (camera_offline is the offline state). */
async function truth(page: Page): Promise<Map<string, string>> {
  const r = (await page.evaluate(`Promise.all(['/api/cameras?limit=1000', '/api/streams/health',
    '/api/alarms?state=open&limit=500'].map((u) => fetch(u).then((r) => r.json())))`)) as [
    { items: { id: string; status: string }[] },
    { cameraId: string; state: string }[],
    { items: { cameraId: string; kind: string }[] },
  ];
  const online = new Set(r[1].filter((h) => h.state === 'online').map((h) => h.cameraId));
  const alarmed = new Set(r[2].items.filter((a) => a.kind !== 'camera_offline').map((a) => a.cameraId));
  return new Map(
    r[0].items.map((c) => [
      c.id,
      alarmed.has(c.id) ? 'alarm' : c.status !== 'active' ? c.status : online.has(c.id) ? 'streaming' : 'offline',
    ]),
  );
}

interface Marker {
  ids: string[];
  state: string;
  fill: string;
  x: number;
  y: number;
  r: number;
  hit: boolean;
}
/** Every marker: its cameras, state, computed fill, centre and radius on screen, and whether a click there hits it. */
const markers = (page: Page) =>
  page.evaluate(`[...document.querySelectorAll('#map [data-cameras]')].map((m) => {
    const dot = m.querySelector('.dot'), b = dot.getBoundingClientRect();
    const x = b.left + b.width / 2, y = b.top + b.height / 2;
    return { ids: m.dataset.cameras.split(' '), state: m.dataset.state, fill: getComputedStyle(dot).fill, x, y,
      r: b.width / 2, hit: document.elementFromPoint(x, y)?.closest('[data-cameras]') === m };
  })`) as Promise<Marker[]>;

/** The closest two markers: the gap between their discs (negative = overlap). */
function closestGap(ms: Marker[]): number {
  let gap = Infinity;
  for (const [i, a] of ms.entries())
    for (const b of ms.slice(i + 1)) gap = Math.min(gap, Math.hypot(a.x - b.x, a.y - b.y) - a.r - b.r);
  return gap;
}

async function openMap(page: Page) {
  await page.keyboard.press('Alt+3');
  await page.waitForSelector('#map [data-cameras~="MAP-LIVE"]');
}

test('every marker has the state and the colour of what the API reports; the legend lists each state', {
  skip: missing,
  timeout: 240_000,
}, async () => {
  const page = await driver.login('admin');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await driver.until(
    page,
    'MAP-LIVE streaming (segments arriving)',
    `fetch('/api/streams/health').then((r) => r.json()).then((h) => h.some((x) => x.cameraId === 'MAP-LIVE' && x.state === 'online'))`,
    150_000,
  );
  await openMap(page);
  await driver.until(
    page,
    'the live camera drawn as streaming',
    `document.querySelector('#map .cam[data-camera="MAP-LIVE"]')?.dataset.state === 'streaming'`,
    15_000,
  );
  const expected = await truth(page);
  const ms = await markers(page);
  console.log(`API states: ${JSON.stringify(Object.fromEntries(expected))}`);
  for (const m of ms) {
    const want = m.ids.length === 1 ? expected.get(m.ids[0]!) : worstOf(m.ids.map((id) => expected.get(id)!));
    console.log(
      `  marker ${m.ids.join('+')}: ${m.state} ${m.fill} (API: ${want}) at ${m.x.toFixed(0)},${m.y.toFixed(0)}`,
    );
    assert.equal(m.state, want, m.ids.join('+'));
    assert.equal(m.fill, COLOUR[want!], `${m.ids.join('+')}: fill`);
    assert.ok(m.hit, `${m.ids.join('+')}: a click at its centre lands on it`);
  }
  // The cameras of this test are in the state they were set up for (not all green, as before issue 19).
  const want = { 'MAP-LIVE': 'streaming', 'MAP-DOWN': 'offline', 'MAP-ALARM': 'alarm', 'MAP-MAINT': 'maintenance' };
  for (const [id, state] of Object.entries(want)) assert.equal(expected.get(id), state, id);
  assert.deepEqual(ms.flatMap((m) => m.ids).sort(), CAMERAS.map((c) => c[0]).sort(), 'every camera is on the map once');
  const gap = closestGap(ms);
  console.log(
    `${ms.length} markers for ${CAMERAS.length} cameras; closest gap between two markers ${gap.toFixed(1)} px`,
  );
  assert.ok(gap > 0, 'no two markers overlap');
  // Cones: where the cameras with a direction look.
  const cones = await page.evaluate(`[...document.querySelectorAll('#map .cone')].length`);
  assert.ok((cones as number) >= 3, `view cones drawn: ${cones}`);
  const legend = (await page.evaluate(`[...document.querySelectorAll('#map-legend li')].map((li) =>
    [li.dataset.state, li.textContent.trim(), getComputedStyle(li.querySelector('.dot')).fill])`)) as string[][];
  console.log(`legend: ${JSON.stringify(legend)}`);
  assert.deepEqual(legend.map((l) => l[0]).sort(), Object.keys(COLOUR).sort());
  for (const [state, text, fill] of legend) {
    assert.equal(fill, COLOUR[state!], `legend ${state}`);
    assert.match(text!, /^[A-ZÉ][a-zé ]+ \(\d+\)$/, `legend ${state}: a French word and a count`);
  }
  assert.match(legend.find((l) => l[0] === 'planned')![1]!, /^Non installée/);
  const label = await page.evaluate(
    `document.querySelector('#map .cam[data-camera="MAP-DOWN"]').getAttribute('aria-label')`,
  );
  assert.equal(label, 'Caméra DOWN (MAP-DOWN) — Hors ligne');
  await driver.shot(page, 'console-map');
  await page.close();
});

const RANK = ['alarm', 'offline', 'maintenance', 'decommissioned', 'planned', 'streaming'];
const worstOf = (states: string[]) => RANK.find((s) => states.includes(s));

test('overlapping cameras cluster; zooming in separates them; Enter opens the focused camera', {
  skip: missing,
  timeout: 120_000,
}, async () => {
  const page = await driver.login('admin');
  await page.setViewportSize({ width: 1366, height: 768 });
  await openMap(page);
  const cluster = (id: string) => `#map .cluster[data-cameras~="${id}"]`;
  for (const id of ['MAP-NEAR-A', 'MAP-PAIR-A']) await page.waitForSelector(cluster(id));
  const pair = await page.evaluate(`[document.querySelector('${cluster('MAP-PAIR-A')}').dataset.count,
    document.querySelector('${cluster('MAP-PAIR-A')}').dataset.state, document.querySelector('${cluster('MAP-PAIR-A')}').textContent]`);
  console.log(`the pole's cluster: ${JSON.stringify(pair)}`);
  assert.deepEqual(pair, ['2', 'maintenance', '2 caméras, pire état : En maintenance2']);
  // The cameras 4 m apart: activating the cluster zooms in until they are two dots.
  await page.click(cluster('MAP-NEAR-A'));
  await page.waitForSelector('#map .cam[data-camera="MAP-NEAR-B"]');
  let ms = await markers(page);
  const near = ms.filter((m) => m.ids[0]!.startsWith('MAP-NEAR'));
  console.log(
    `after zooming on the 4 m pair: ${near.map((m) => `${m.ids} at ${m.x.toFixed(0)},${m.y.toFixed(0)}`).join('; ')}, closest gap ${closestGap(ms).toFixed(1)} px`,
  );
  assert.equal(near.length, 2);
  assert.ok(closestGap(ms) > 0 && near.every((m) => m.hit));
  // Back to the whole fleet with the key 0, then the pole: the closest zoom fans its two cameras out.
  await page.focus('#map [tabindex="0"]');
  await page.keyboard.press('0');
  await page.waitForSelector(cluster('MAP-NEAR-A'));
  await page.focus(cluster('MAP-PAIR-A'));
  await page.keyboard.press('Enter');
  await page.waitForSelector('#map .cam[data-camera="MAP-PAIR-B"]');
  ms = await markers(page);
  const onPole = ms.filter((m) => m.ids[0]!.startsWith('MAP-PAIR'));
  console.log(
    `the pole fanned out: ${onPole.map((m) => `${m.ids} ${m.state} at ${m.x.toFixed(0)},${m.y.toFixed(0)}`).join('; ')}`,
  );
  assert.deepEqual(onPole.map((m) => m.state).sort(), ['maintenance', 'planned']);
  assert.ok(closestGap(onPole) > 0 && onPole.every((m) => m.hit), 'the two cameras of the pole are apart');
  // The focus stayed on the map (one tab stop), on a camera of the pole; Enter opens that camera, not its neighbour.
  const focused = await page.evaluate(`document.activeElement.dataset.camera`);
  assert.ok(String(focused).startsWith('MAP-PAIR'), `focused ${focused}`);
  const other = focused === 'MAP-PAIR-A' ? 'MAP-PAIR-B' : 'MAP-PAIR-A';
  await page.focus(`#map .cam[data-camera="${other}"]`);
  await page.keyboard.press('Enter');
  await driver.until(page, 'the live view', `!document.getElementById('map-live').hidden`);
  assert.equal(await page.evaluate(`document.getElementById('map-live').dataset.camera`), other);
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(`document.getElementById('map-live').hidden`), true);
  // A click on a dot opens that dot's camera too.
  console.log(`Enter opened ${other}; now a click on ${focused}`);
  await page.click(`#map .cam[data-camera="${focused}"]`);
  await driver.until(
    page,
    'the clicked camera live',
    `document.getElementById('map-live').dataset.camera === '${focused}'`,
  );
  await page.close();
});

test('keyboard and mouse: at most 3 tab stops on the map, arrows go to the nearest camera that way, + / − and the wheel zoom, a drag pans', {
  skip: missing,
  timeout: 120_000,
}, async () => {
  const page = await driver.login('admin');
  await page.setViewportSize({ width: 1366, height: 768 });
  await openMap(page);
  // Tab from the map's nav button through the page, counting the stops inside the map.
  await page.focus('nav [data-view=map]');
  const stops: string[] = [];
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Tab');
    const where = (await page.evaluate(`(() => { const a = document.activeElement;
      return a && a.closest('#map') ? (a.dataset.cameras ?? a.dataset.act ?? a.outerHTML.slice(0, 200)) : null; })()`)) as
      | string
      | null;
    if (where) stops.push(where);
  }
  const distinct = [...new Set(stops)];
  console.log(`tab stops on the map (25 presses): ${JSON.stringify(distinct)}`);
  assert.ok(distinct.length >= 2 && distinct.length <= 3, `${distinct.length} tab stops`);
  // From the westernmost camera, ArrowRight goes east and Enter opens the camera reached.
  await page.focus('#map .cam[data-camera="MAP-ALARM"]');
  await page.keyboard.press('ArrowRight');
  const east = (await page.evaluate(`[document.activeElement.dataset.cameras, +document.activeElement.dataset.x,
    +document.querySelector('#map .cam[data-camera="MAP-ALARM"]').dataset.x,
    document.querySelectorAll('#map [data-cameras][tabindex="0"]').length]`)) as [string, number, number, number];
  console.log(`ArrowRight from MAP-ALARM: ${JSON.stringify(east)}`);
  assert.ok(east[1] > east[2], 'the next marker is east');
  assert.equal(east[3], 1, 'still one tab stop');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.evaluate(`document.activeElement.dataset.camera`), 'MAP-ALARM');
  const scale = () =>
    page.evaluate(
      `document.querySelector('#map .scale').getAttribute('width') + ' ' + document.querySelector('#map .scale + text').textContent`,
    );
  const before = await scale();
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  const zoomed = await scale();
  console.log(`scale bar before/after + +: ${before} → ${zoomed}`);
  assert.notEqual(zoomed, before);
  assert.equal(await page.evaluate(`document.activeElement.dataset.camera`), 'MAP-ALARM', 'the focus stays');
  await page.keyboard.press('Enter');
  await driver.until(page, 'MAP-ALARM live', `document.getElementById('map-live').dataset.camera === 'MAP-ALARM'`);
  await page.keyboard.press('Escape');
  // The mouse: the wheel zooms around the pointer, a drag on the background pans by as much as it moved.
  await page.keyboard.press('0');
  const box = (await page.evaluate(`(() => { const r = document.querySelector('#map > svg').getBoundingClientRect();
    return [r.left + 40, r.top + r.height - 60]; })()`)) as [number, number];
  const where = () =>
    page.evaluate(`(() => { const r = document.querySelector('#map .cam[data-camera="MAP-LIVE"] .dot').getBoundingClientRect();
    return [Math.round(r.left), Math.round(r.top)]; })()`) as Promise<[number, number]>;
  const at0 = await where();
  await page.mouse.move(...box);
  await page.mouse.down();
  await page.mouse.move(box[0] + 60, box[1] - 30, { steps: 4 });
  await page.mouse.up();
  const at1 = await where();
  console.log(`MAP-LIVE's dot before/after a drag of (+60, −30): ${at0} → ${at1}`);
  assert.deepEqual([at1[0] - at0[0], at1[1] - at0[1]], [60, -30]);
  const before2 = await scale();
  await page.mouse.move(at1[0] + 8, at1[1] + 8);
  await page.mouse.wheel(0, -300);
  await driver.until(
    page,
    'the wheel zoom',
    `document.querySelector('#map .scale').getAttribute('width') !== '${String(before2).split(' ')[0]}'`,
  );
  const at2 = await where();
  console.log(`wheel over MAP-LIVE: scale ${before2} → ${await scale()}, its dot ${at1} → ${at2}`);
  assert.ok(Math.hypot(at2[0] - at1[0], at2[1] - at1[1]) < 3, 'the point under the pointer stays under it');
  await page.close();
});

const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

test('a new alarm turns its dot within 2 s; axe 0 critical/serious and no page scroll at 1920x1080 and 1366x768', {
  skip: missing,
  timeout: 90_000,
}, async () => {
  const page = await driver.login('admin');
  await openMap(page);
  const { events } = t.centre.services;
  const start = Date.now();
  await events.emit({ cameraId: 'MAP-MAINT', kind: 'intrusion', zoneId: 'atelier' });
  await driver.until(
    page,
    'MAP-MAINT in alarm',
    `document.querySelector('#map .cam[data-camera="MAP-MAINT"]')?.dataset.state === 'alarm'`,
    5_000,
  );
  const ms = Date.now() - start;
  const fill = await page.evaluate(
    `getComputedStyle(document.querySelector('#map .cam[data-camera="MAP-MAINT"] .dot')).fill`,
  );
  console.log(`new alarm on MAP-MAINT: its dot in alarm after ${ms} ms (${fill})`);
  assert.ok(ms < 2000, `${ms} ms`);
  assert.equal(fill, COLOUR.alarm);
  await page.evaluate(AXE);
  for (const vp of [
    { width: 1920, height: 1080 },
    { width: 1366, height: 768 },
  ]) {
    await page.setViewportSize(vp);
    await page.click('#map .cam[data-camera="MAP-LIVE"]');
    await driver.until(page, 'the live view', `!document.getElementById('map-live').hidden`);
    const r = (await page.evaluate(`axe.run(document.getElementById('map')).then((r) => r.violations.map((v) =>
      ({ id: v.id, impact: v.impact, nodes: v.nodes.length, where: v.nodes[0]?.target.join(' ') })))`)) as {
      id: string;
      impact: string;
      where: string;
    }[];
    const fit = (await page.evaluate(`(() => { const d = document.scrollingElement;
      const boxes = ['#map > svg', '.map-zoom', '.map-side', '#map-live'].map((s) => document.querySelector(s).getBoundingClientRect());
      return { scrollW: d.scrollWidth, scrollH: d.scrollHeight, outside: boxes.filter((b) => b.left < 0 || b.top < 0
        || b.right > innerWidth + 0.5 || b.bottom > innerHeight + 0.5).length, svg: [boxes[0].width, boxes[0].height] }; })()`)) as {
      scrollW: number;
      scrollH: number;
      outside: number;
      svg: number[];
    };
    const serious = r.filter((v) => v.impact === 'critical' || v.impact === 'serious');
    console.log(
      `${vp.width}x${vp.height}: axe ${r.length} violations (${r.map((v) => `${v.id}/${v.impact} at ${v.where}`).join('; ') || 'none'}); ` +
        `document ${fit.scrollW}x${fit.scrollH}, map ${fit.svg.map(Math.round).join('x')}, ${fit.outside} boxes outside`,
    );
    assert.deepEqual(serious, []);
    assert.ok(fit.scrollW <= vp.width && fit.scrollH <= vp.height, 'the page does not scroll');
    assert.equal(fit.outside, 0);
    await page.keyboard.press('Escape');
  }
  await page.close();
});
