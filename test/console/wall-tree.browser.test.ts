// The wall's camera tree, keyboard placement, named layouts, pop-out windows and tours (issue 19), in Debian Chromium
// against a real centre: two sectors of 20 cameras each, two of them streaming real PETS09 footage from the simulator,
// one in service without a stream (offline), the others planned.
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
const sim = new CameraSimulator({ port: 0 });
let t: TestCentre;
let browser: Browser;

before(async () => {
  if (missing) return;
  await sim.start([{ id: 'TREE', source: datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4') }]);
  t = await startCentre();
  const { fleet } = t.centre.services;
  const sectors = [
    { id: 'nord', name: 'Gare', street: 'rue Jean Jaurès', prefix: 'NORD' },
    { id: 'sud', name: 'Port', street: 'quai Vauban', prefix: 'SUD' },
  ];
  for (const s of sectors) {
    await fleet.upsertSector(SYSTEM, { id: s.id, name: s.name });
    for (let i = 1; i <= 20; i++) {
      const n = String(i).padStart(2, '0');
      await fleet.create(SYSTEM, {
        id: `${s.prefix}-${n}`,
        name: `${s.name} ${i}`,
        sectorId: s.id,
        address: `${i} ${s.street}`,
        // The first of each sector streams; NORD-02 is in service with no stream behind it (offline).
        streams: i === 2 && s.prefix === 'NORD' ? { main: 'rtsp://127.0.0.1:9/none' } : sim.urls('TREE'),
        position: { lat: 50.35 + i / 1000, lon: 3.52 + (s.id === 'sud' ? 0.01 : 0) },
        phase: 'pilot',
        status: i === 1 || (i === 2 && s.prefix === 'NORD') ? 'active' : 'planned',
        tags: [],
      });
    }
  }
  await t.user('admin', 'admin');
  await t.centre.start();
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
type Prefs = {
  wall?: { layout: string; pinned: Record<string, string>; name?: string };
  windows?: Record<string, { layout: string; pinned: Record<string, string> }>;
  layouts?: { name: string; layout: string; pinned: Record<string, string> }[];
  tours?: { name: string; cameras: string[]; dwell: number; tile?: number }[];
};
const prefsOf = (page: Page) => page.evaluate(`fetch('/api/me/preferences').then((r) => r.json())`) as Promise<Prefs>;
const listed = (page: Page) =>
  page.evaluate(`[...document.querySelectorAll('#camera-list [data-camera]')].map((e) => e.dataset.camera)`) as Promise<
    string[]
  >;
const focused = (page: Page) =>
  page.evaluate(
    `(() => { const e = document.activeElement; return e?.dataset?.camera ? 'cam:' + e.dataset.camera + (e.closest('#wall') ? '@' + e.dataset.index : '') : e?.dataset?.sector ? 'sector:' + e.dataset.sector : e?.id ?? ''; })()`,
  ) as Promise<string>;
const tileCamera = (page: Page, i: number) =>
  page.evaluate(`document.querySelector('#wall .tile[data-index="${i}"]')?.dataset.camera ?? null`);

async function until<T>(what: string, f: () => Promise<T>, ok: (v: T) => boolean, timeout = 10_000): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await f();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the tree: sectors, search by name, id and address, states in words, one tab stop', {
  skip: missing,
  timeout: 180_000,
}, async () => {
  const page = await driver.login('admin');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await driver.until(
    page,
    '40 cameras in the tree',
    `document.querySelectorAll('#camera-list [data-camera]').length === 40`,
  );
  const sectors = await page.evaluate(
    `[...document.querySelectorAll('#camera-list > [data-sector]')].map((e) => e.querySelector('.sector-name').textContent)`,
  );
  console.log(`tree sectors: ${JSON.stringify(sectors)}`);
  assert.deepEqual(sectors, ['Gare (20)', 'Port (20)']);
  for (const [q, expect] of [
    ['vauban', 20],
    ['JAURES', 20],
    ['SUD-07', 1],
    ['Gare 1', 11],
    ['nothing like it', 0],
  ] as const) {
    await page.fill('#camera-search', q);
    const ids = await listed(page);
    console.log(`search "${q}": ${ids.length} cameras`);
    assert.equal(ids.length, expect, q);
    if (q === 'vauban') assert.ok(ids.every((id) => id.startsWith('SUD-')));
    if (q === 'SUD-07') assert.deepEqual(ids, ['SUD-07']);
  }
  await page.fill('#camera-search', '');
  // States in words (French by default), from the fleet and the live stream health.
  const stateOf = (id: string) =>
    page.evaluate(`document.querySelector('#camera-list [data-camera="${id}"] .cam-state').textContent`);
  await driver.until(
    page,
    'NORD-01 streaming and NORD-02 offline',
    `document.querySelector('#camera-list [data-camera="NORD-01"] .cam-state').dataset.state === 'streaming' &&
     document.querySelector('#camera-list [data-camera="NORD-02"] .cam-state').dataset.state === 'offline'`,
    100_000,
  );
  console.log(
    `stream health: ${JSON.stringify(await page.evaluate(`fetch('/api/streams/health').then((r) => r.json()).then((l) => l.filter((h) => h.cameraId.endsWith('-01') || h.cameraId === 'NORD-02').map((h) => h.cameraId + ' ' + h.state))`))}`,
  );
  const states = [await stateOf('NORD-01'), await stateOf('NORD-02'), await stateOf('NORD-03')];
  console.log(`states: ${JSON.stringify(states)}`);
  assert.deepEqual(states, ['en direct', 'hors ligne', 'prévue']);
  // One tab stop: from the search box, Tab enters the tree once, the next Tab leaves it.
  const zeros = await page.evaluate(`document.querySelectorAll('#camera-list [tabindex="0"]').length`);
  await page.focus('#camera-search');
  const stops: string[] = [];
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`!!document.activeElement.closest('#camera-list')`)) stops.push(await focused(page));
  }
  console.log(`tree: 40 cameras, ${zeros} tabindex=0, tab stops met by Tab: ${JSON.stringify(stops)}`);
  assert.equal(zeros, 1);
  assert.equal(stops.length, 1);
  // Left on the sector closes it (its 20 cameras leave the arrows' path), Right opens it again.
  await page.focus('#camera-list [role=treeitem][tabindex="0"]');
  assert.equal(await focused(page), 'sector:nord');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(page), 'sector:sud', 'Down from a closed sector goes to the next sector');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  assert.match(await focused(page), /^cam:NORD-/);
  await page.close();
});

test('keyboard only: find a camera, place it on tile 3 (number key) and on tile 2 (arrows + Enter); saved', {
  skip: missing,
  timeout: 90_000,
}, async () => {
  const page = await driver.login('admin');
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.keyboard.press('2');
  await driver.until(page, '4 tiles', `document.querySelectorAll('#wall .tile').length === 4`);
  let hops = 0;
  while ((await focused(page)) !== 'camera-search' && hops++ < 60) await page.keyboard.press('Tab');
  console.log(`Tab presses to the search box: ${hops}`);
  assert.equal(await focused(page), 'camera-search');
  await page.keyboard.type('port 17');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(page), 'cam:SUD-17');
  await page.keyboard.press('Enter');
  assert.equal(await focused(page), 'cam:NORD-01@0', 'placing: the first tile takes the focus');
  assert.equal(await page.evaluate(`document.getElementById('wall').classList.contains('placing')`), true);
  const message = await page.evaluate(`document.getElementById('wall-message').textContent`);
  console.log(`announced: ${message}`);
  assert.match(String(message), /Placer Port 17/);
  await page.keyboard.press('3');
  assert.equal(await tileCamera(page, 2), 'SUD-17');
  assert.equal(await focused(page), 'cam:SUD-17', 'the focus is back on the tree');
  // P, then the arrows and Enter: tile 2 (index 1).
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('p');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  assert.equal(await tileCamera(page, 1), 'SUD-17');
  assert.equal(await focused(page), 'cam:SUD-17', 'the focus is back on the tree');
  assert.match(
    String(await page.evaluate(`document.getElementById('wall-message').textContent`)),
    /placée sur la tuile 2/,
  );
  // Escape cancels: nothing changes, the focus goes back to the tree.
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Escape');
  assert.equal(await tileCamera(page, 0), 'NORD-01');
  assert.equal(await tileCamera(page, 3), 'NORD-04');
  assert.equal(await focused(page), 'cam:SUD-17');
  assert.match(String(await page.evaluate(`document.getElementById('wall-message').textContent`)), /annulé/);
  const prefs = await until(
    'the placements saved',
    () => prefsOf(page),
    (p) => p.wall?.pinned?.['2'] === 'SUD-17' && p.wall?.pinned?.['1'] === 'SUD-17',
  );
  console.log(`saved wall: ${JSON.stringify(prefs.wall)}`);
  await page.close();
});

test('named layouts: save two, switch, reload, delete; a camera dragged onto a tile still works', {
  skip: missing,
  timeout: 90_000,
}, async () => {
  const page = await driver.login('admin');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.selectOption('#layout', '3');
  await driver.until(page, '9 tiles', `document.querySelectorAll('#wall .tile').length === 9`);
  await page.dragAndDrop('#camera-list [data-camera="NORD-05"]', '#wall .tile[data-index="4"]');
  assert.equal(await tileCamera(page, 4), 'NORD-05', 'drag and drop places a camera');
  await page.fill('#layout-name', 'Gare de nuit');
  await page.click('#layout-save');
  await driver.until(page, 'Gare de nuit saved', `document.getElementById('named-layout').value === 'Gare de nuit'`);
  await page.selectOption('#layout', '1+5');
  await driver.until(page, '6 tiles', `document.querySelectorAll('#wall .tile').length === 6`);
  await page.dragAndDrop('#camera-list [data-camera="SUD-03"]', '#wall .tile[data-index="0"]');
  await page.fill('#layout-name', 'Port');
  await page.click('#layout-save');
  await driver.until(page, 'Port saved', `document.getElementById('named-layout').value === 'Port'`);
  await page.selectOption('#named-layout', 'Gare de nuit');
  await driver.until(page, 'back to 9 tiles', `document.querySelectorAll('#wall .tile').length === 9`);
  assert.equal(await tileCamera(page, 4), 'NORD-05');
  assert.equal(await page.inputValue('#layout'), '3');
  const saved = await until(
    'the wall on Gare de nuit',
    () => prefsOf(page),
    (p) => p.wall?.name === 'Gare de nuit',
  );
  console.log(`layouts: ${JSON.stringify(saved.layouts)}; wall: ${JSON.stringify(saved.wall)}`);
  assert.deepEqual(
    saved.layouts?.map((l) => [l.name, l.layout, l.pinned]),
    [
      ['Gare de nuit', '3', { 4: 'NORD-05' }],
      ['Port', '1+5', { 0: 'SUD-03' }],
    ],
  );
  await page.reload();
  await page.waitForSelector('body[data-ready=true]');
  await driver.until(page, '9 tiles after the reload', `document.querySelectorAll('#wall .tile').length === 9`);
  assert.equal(await page.inputValue('#named-layout'), 'Gare de nuit');
  assert.equal(await tileCamera(page, 4), 'NORD-05');
  await page.selectOption('#named-layout', 'Port');
  await driver.until(page, '6 tiles of Port', `document.querySelectorAll('#wall .tile').length === 6`);
  assert.equal(await tileCamera(page, 0), 'SUD-03');
  await page.click('#layout-delete');
  const left = await until(
    'Port deleted',
    () => prefsOf(page),
    (p) => p.layouts?.length === 1,
  );
  assert.equal(left.layouts?.[0]?.name, 'Gare de nuit');
  assert.equal(await page.inputValue('#named-layout'), '');
  await page.close();
});

test('a pop-out window shows only the wall, fits its window, and keeps its own layout', {
  skip: missing,
  timeout: 90_000,
}, async () => {
  const page = await driver.login('admin');
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.selectOption('#named-layout', 'Gare de nuit');
  await driver.until(page, '9 tiles', `document.querySelectorAll('#wall .tile').length === 9`);
  const mainWall = (
    await until(
      'main wall saved',
      () => prefsOf(page),
      (p) => p.wall?.name === 'Gare de nuit',
    )
  ).wall;
  const [popup] = await Promise.all([page.context().waitForEvent('page'), page.click('#popout')]);
  await popup.waitForSelector('body[data-ready=true]');
  await driver.until(popup, '9 tiles of Gare de nuit', `document.querySelectorAll('#wall .tile').length === 9`);
  const fit = (await popup.evaluate(`(() => {
    const W = innerWidth, H = innerHeight, shown = (s) => !!document.querySelector(s)?.getClientRects().length;
    const tiles = [...document.querySelectorAll('#wall .tile')].map((e) => e.getBoundingClientRect());
    const d = document.scrollingElement;
    return { url: location.pathname + location.search, W, H, tiles: tiles.length,
      outside: tiles.filter((r) => r.left < 0 || r.top < 0 || r.right > W + 0.5 || r.bottom > H + 0.5).length,
      scroll: d.scrollHeight > H || d.scrollWidth > W, nav: shown('nav'), tree: shown('#camera-list'),
      wallShare: document.getElementById('wall').getBoundingClientRect().height / H, tile4: document.querySelector('#wall .tile[data-index="4"]').dataset.camera };
  })()`)) as Record<string, unknown>;
  console.log(`pop-out: ${JSON.stringify(fit)}`);
  assert.deepEqual(
    [fit.tiles, fit.outside, fit.scroll, fit.nav, fit.tree, fit.tile4],
    [9, 0, false, false, false, 'NORD-05'],
  );
  assert.ok((fit.wallShare as number) > 0.8, 'the wall fills the window');
  // Its own layout: 4x4 here leaves the main window's saved wall as it was.
  await popup.selectOption('#layout', '4');
  await driver.until(popup, '16 tiles', `document.querySelectorAll('#wall .tile').length === 16`);
  const after = await until(
    'the pop-out saved in its own place',
    () => prefsOf(page),
    (p) => Object.values(p.windows ?? {}).some((w) => w.layout === '4'),
  );
  console.log(
    `after the pop-out changed: wall ${JSON.stringify(after.wall)}, windows ${JSON.stringify(after.windows)}`,
  );
  assert.deepEqual(after.wall, mainWall, "the main window's wall is unchanged");
  // And the other way round: the main window changing its layout leaves the pop-out's.
  await page.selectOption('#layout', '1');
  const both = await until(
    'the main wall at 1',
    () => prefsOf(page),
    (p) => p.wall?.layout === '1',
  );
  assert.equal(Object.values(both.windows ?? {})[0]?.layout, '4');
  assert.equal(await popup.evaluate(`document.querySelectorAll('#wall .tile').length`), 16);
  await popup.reload();
  await popup.waitForSelector('body[data-ready=true]');
  await driver.until(
    popup,
    'the pop-out keeps 4x4 after a reload',
    `document.querySelectorAll('#wall .tile').length === 16`,
  );
  await popup.close();
  await page.close();
});

test('a tour with a dwell of 5 s moves its tile to the next camera every 5 s; stop gives the tile back', {
  skip: missing,
  timeout: 90_000,
}, async () => {
  const page = await driver.login('admin');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.selectOption('#layout', '2');
  await driver.until(page, '4 tiles', `document.querySelectorAll('#wall .tile').length === 4`);
  const own = await tileCamera(page, 1);
  await page.fill('#camera-search', 'vauban');
  await page.click('#tour-new summary');
  await page.fill('#tour-name', 'Ronde du port');
  // A dwell off its bounds: said in French, nothing saved.
  await page.fill('#tour-dwell', '2');
  await page.click('#tour-save');
  assert.match(String(await page.evaluate(`document.getElementById('wall-message').textContent`)), /De 5 à 600/);
  assert.equal((await prefsOf(page)).tours, undefined);
  await page.fill('#tour-dwell', '5');
  await page.fill('#tour-tile', '2');
  await page.click('#tour-save');
  const prefs = await until(
    'the tour saved',
    () => prefsOf(page),
    (p) => p.tours?.length === 1,
  );
  console.log(`tour: ${JSON.stringify(prefs.tours)}`);
  const cams = prefs.tours![0]!.cameras;
  assert.equal(cams.length, 20);
  assert.deepEqual(prefs.tours![0], { name: 'Ronde du port', cameras: cams, dwell: 5, tile: 1 });
  await page.selectOption('#tour-select', 'Ronde du port');
  // Each change of tile 2's camera, timed in the page.
  await page.evaluate(`(() => {
    window.__tour = [{ cam: ${JSON.stringify(own)}, at: 0 }];
    const wall = document.getElementById('wall');
    new MutationObserver(() => {
      const cam = wall.querySelector('.tile[data-index="1"]')?.dataset.camera;
      if (cam && cam !== window.__tour.at(-1)?.cam) window.__tour.push({ cam, at: performance.now() });
    }).observe(wall, { childList: true, subtree: true, attributes: true });
  })()`);
  await page.click('#tour-toggle');
  const seen = (
    await until(
      'three cameras of the tour',
      () => page.evaluate(`window.__tour`) as Promise<{ cam: string; at: number }[]>,
      (v) => v.length >= 4,
      20_000,
    )
  ).slice(1);
  const gaps = seen.slice(1).map((s, i) => Math.round(s.at - seen[i]!.at));
  console.log(`tour on tile 2: ${seen.map((s) => s.cam).join(' → ')}, every ${gaps.join(' / ')} ms`);
  assert.deepEqual(
    seen.slice(0, 3).map((s) => s.cam),
    cams.slice(0, 3),
  );
  for (const g of gaps.slice(0, 2)) assert.ok(g > 4_500 && g < 5_800, `a dwell of 5 s, measured ${g} ms`);
  assert.equal(await page.getAttribute('#tour-toggle', 'aria-pressed'), 'true');
  await page.click('#tour-toggle');
  assert.equal(await tileCamera(page, 1), own, 'stopped: the tile has its own camera back');
  assert.equal(await page.getAttribute('#tour-toggle', 'aria-pressed'), 'false');
  await page.close();
});

const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

test('axe-core on the wall with its tree and tools at 1920x1080 and 1366x768: 0 critical, 0 serious; it fits', {
  skip: missing,
  timeout: 90_000,
}, async () => {
  const page = await driver.login('admin');
  await page.evaluate(AXE);
  const bad: string[] = [];
  for (const vp of [
    { width: 1920, height: 1080 },
    { width: 1366, height: 768 },
  ]) {
    await page.setViewportSize(vp);
    await page.selectOption('#layout', '3');
    await driver.until(page, '9 tiles', `document.querySelectorAll('#wall .tile').length === 9`);
    await page.evaluate(`document.getElementById('tour-new').open = true`);
    const r = (await page.evaluate(`axe.run(document).then((r) => r.violations.map((v) =>
      ({ id: v.id, impact: v.impact, nodes: v.nodes.length, where: v.nodes[0]?.target.join(' ') })))`)) as {
      id: string;
      impact: string;
      nodes: number;
      where: string;
    }[];
    const count = (impact: string) => r.filter((v) => v.impact === impact).length;
    const m = (await page.evaluate(`(() => {
      const W = innerWidth, H = innerHeight, d = document.scrollingElement;
      const els = [...document.querySelectorAll('#wall .tile, #wall-view aside, #tour-save, #wall-controls')];
      const out = els.filter((e) => { const b = e.getBoundingClientRect(); return b.left < 0 || b.top < 0 || b.right > W + 0.5 || b.bottom > H + 0.5; });
      const boxes = els;
      return { outside: out.length, which: out.map((e) => (e.id || e.className) + ':' + JSON.stringify(e.getBoundingClientRect())),
        boxes: boxes.length, scroll: d.scrollHeight > H || d.scrollWidth > W,
        tree: document.getElementById('camera-list').getBoundingClientRect().height };
    })()`)) as { outside: number; which: string[]; boxes: number; scroll: boolean; tree: number };
    console.log(
      `${vp.width}x${vp.height} wall: critical ${count('critical')}, serious ${count('serious')}, moderate ` +
        `${count('moderate')}, minor ${count('minor')}${r.length ? ` (${r.map((v) => `${v.id}/${v.impact} at ${v.where}`).join('; ')})` : ''}; ` +
        `${m.boxes} boxes, ${m.outside} outside ${JSON.stringify(m.which)}, page scroll ${m.scroll}, tree ${Math.round(m.tree)} px tall`,
    );
    for (const v of r) if (v.impact === 'critical' || v.impact === 'serious') bad.push(`${v.id} ${v.where}`);
    assert.equal(m.outside, 0);
    assert.equal(m.scroll, false);
    assert.ok(m.tree > 100, 'the tree keeps room to show cameras');
    await page.evaluate(`document.getElementById('tour-new').open = false`);
  }
  assert.deepEqual(bad, []);
  // The screenshot of the docs (small): French, a search in the tree, a camera being placed.
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.selectOption('#layout', '2');
  await driver.until(page, '4 tiles', `document.querySelectorAll('#wall .tile').length === 4`);
  await page.fill('#camera-search', 'gare');
  await driver.until(
    page,
    'NORD-01 streaming in the tree',
    `document.querySelector('#camera-list [data-camera="NORD-01"] .cam-state').dataset.state === 'streaming'`,
    60_000,
  );
  await page.focus('#camera-list [data-camera="NORD-01"]');
  await page.keyboard.press('p');
  await driver.shot(page, 'console-wall-tree');
  await page.keyboard.press('Escape');
  await page.close();
});
