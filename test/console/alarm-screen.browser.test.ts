// The alarm screen (issue 19), in Debian Chromium against a real centre recording real PETS09 footage from the
// simulator: at 1366x768 and 1920x1080 the list, the snapshot, the clip and every action button lie inside the
// viewport with no page scroll (measured); by keyboard only an operator acknowledges an alarm and closes it as a false
// alarm, bulk-closes three alarms with one disposition, and snoozes a camera's kind (a later event of that kind is
// stored but raises no alarm, and the journal has the snooze); axe-core finds nothing critical or serious; rows name
// the camera, the zone and the rule, in French.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { NewEvent } from '../../src/core/events/event-service.js';
import { SYSTEM } from '../../src/core/users/principal.js';
import { datasetPath, hasDataset } from '../../src/eval/datasets/paths.js';
import { CameraSimulator } from '../../src/media/simulator/simulator.js';
import { launchChromium } from '../live/support/browser.js';
import { type Client, PASSWORD, startCentre, type TestCentre } from '../support/centre.js';
import { ConsoleDriver } from './support.js';

const missing =
  hasDataset('pets09-s2l1', 'PETS09-S2L1.mp4') || process.env.CI === 'true'
    ? undefined
    : 'PETS09-S2L1 not found beside the checkout';
const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];
const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const sim = new CameraSimulator({ port: 0 });
let t: TestCentre;
let browser: Browser;
let admin: Client;
const ids = { main: '', bulk: [] as string[], snooze: '' };

before(async () => {
  if (missing) return;
  await sim.start([{ id: 'AS-1', source: datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4') }]);
  t = await startCentre({ config: { recordings: { segmentSeconds: 2 } } });
  // The centre's clock at the real time: events carry real times (the recordings' clock), rows show real ages.
  t.clock.t = Date.now();
  const { fleet } = t.centre.services;
  await fleet.upsertSector(SYSTEM, { id: 'gare', name: 'Gare' });
  const cam = (id: string, name: string, status: 'active' | 'planned') =>
    fleet.create(SYSTEM, {
      id,
      name,
      sectorId: 'gare',
      streams: sim.urls('AS-1'),
      position: { lat: 50.36, lon: 3.52 },
      phase: 'pilot',
      status,
      tags: [],
    });
  await cam('AS-1', 'Parvis de la gare', 'active');
  await cam('AS-2', 'Rue du Nord', 'planned');
  admin = await t.user('admin', 'admin');
  await t.user('op-gare', 'operator', ['gare']);
  await t.centre.start();
  // A real picture of the scene as the event's snapshot (what the analytics would have saved), with its box.
  const snapshot = 'AS-1/alarm-screen.jpg';
  const file = t.centre.services.snapshots.absolute(snapshot);
  mkdirSync(dirname(file), { recursive: true });
  const source = datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4');
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-ss', '4', '-i', source, '-frames:v', '1', '-q:v', '5', file]);
  // Recorded footage around the alarm: the first segments indexed first (later on a loaded host).
  const since = new Date(Date.now() - 60_000).toISOString();
  const end = Date.now() + 120_000;
  const recorded = async () => {
    const to = new Date(Date.now() + 60_000).toISOString();
    return (await admin.req('GET', `/api/cameras/AS-1/recordings?from=${since}&to=${to}`)).json?.covered?.length > 0;
  };
  while (!(await recorded()) && Date.now() < end) await new Promise((r) => setTimeout(r, 500));
  assert.ok(await recorded(), 'AS-1 records within 120 s');
  const now = Date.now();
  ids.main = await raise({
    cameraId: 'AS-1',
    kind: 'intrusion',
    zoneId: 'quai-1',
    startedAt: now - 4000,
    snapshot,
    box: [300, 200, 60, 140],
    details: { rule: 'intrusion-nuit', frameWidth: 768, frameHeight: 576 },
  });
  for (const z of ['n1', 'n2', 'n3'])
    ids.bulk.push(await raise({ cameraId: 'AS-2', kind: 'abandoned_object', zoneId: z, startedAt: now - 3000 }));
  ids.snooze = await raise({ cameraId: 'AS-1', kind: 'person_on_ground', zoneId: 'escalier', startedAt: now - 2000 });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await t?.stop();
  await sim.stop();
});

async function raise(e: NewEvent & { startedAt?: number }) {
  const { events, alarms, store } = t.centre.services;
  const ev = await events.emit(e);
  await alarms.idle();
  return (await store.alarms.byEvent(ev.id))!.id;
}

const driver = new ConsoleDriver(
  () => browser,
  () => t.base,
);

interface Fit {
  parts: Record<string, { top: number; bottom: number; left: number; right: number; width: number; height: number }>;
  outside: string[];
  scrollH: number;
  scrollW: number;
  innerW: number;
  innerH: number;
  mainScrolls: boolean;
}

/** The boxes of the list, the snapshot, the clip and every action button against the viewport. */
const measure = (page: Page): Promise<Fit> =>
  page.evaluate(`(() => {
    const W = innerWidth, H = innerHeight;
    const named = [['list', '#alarm-list'], ['snapshot', '#alarm-detail figure img'], ['clip', '#alarm-detail video'],
      ['comment', '#alarm-comment'], ['snooze', '#alarm-snooze button'], ['export', '#alarm-export button'],
      ['bulk', '#alarm-bulk button'], ['select-all', '#alarm-select-all']];
    for (const [i, b] of [...document.querySelectorAll('#alarm-actions button')].entries()) named.push(['action-' + b.dataset.act + (b.dataset.disposition ? '-' + b.dataset.disposition : ''), '#alarm-actions button:nth-of-type(' + (i + 1) + ')']);
    const parts = {}, outside = [];
    for (const [name, sel] of named) {
      const e = document.querySelector(sel);
      const r = e ? e.getBoundingClientRect() : null;
      if (!r || !r.width || !r.height) { outside.push(name + ' (not shown)'); continue; }
      parts[name] = { top: Math.round(r.top), bottom: Math.round(r.bottom), left: Math.round(r.left),
        right: Math.round(r.right), width: Math.round(r.width), height: Math.round(r.height) };
      if (r.left < 0 || r.top < 0 || r.right > W + 0.5 || r.bottom > H + 0.5) outside.push(name);
    }
    const d = document.scrollingElement, m = document.querySelector('main');
    return { parts, outside, scrollH: d.scrollHeight, scrollW: d.scrollWidth, innerW: W, innerH: H,
      mainScrolls: m.scrollHeight > m.clientHeight + 1 };
  })()`);

const current = (page: Page) =>
  page.evaluate(`document.querySelector('#alarm-list li[aria-current=true]')?.dataset.alarm ?? null`);

/** j / k until the alarm is the current row (keyboard only), the focus on it. */
async function moveTo(page: Page, id: string) {
  for (let i = 0; i < 20 && (await current(page)) !== id; i++) {
    const order = (await page.evaluate(
      `[...document.querySelectorAll('#alarm-list li[data-alarm]')].map((li) => li.dataset.alarm)`,
    )) as string[];
    const from = order.indexOf(String(await current(page)));
    await page.keyboard.press(from < order.indexOf(id) ? 'j' : 'k');
    await driver.until(page, 'the next row current', `!!document.querySelector('#alarm-list li[aria-current=true]')`);
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(await current(page), id, `moved to ${id}`);
  await driver.until(page, 'the focus on the row', `document.activeElement?.dataset.alarm === '${id}'`);
}

test('the alarm screen fits 1366x768 and 1920x1080: list, snapshot, clip and every action inside, no scroll; axe clean', {
  skip: missing,
  timeout: 180_000,
}, async () => {
  const page = await driver.login('op-gare');
  await page.keyboard.press('Alt+2');
  await page.waitForSelector(`#alarm-list li[data-alarm="${ids.main}"]`);
  await moveTo(page, ids.main);
  await driver.until(page, 'the snapshot', `(document.querySelector('#alarm-detail img')?.naturalWidth ?? 0) > 0`);
  await driver.until(page, 'the box over it', `!!document.querySelector('#alarm-detail .event-box')`);
  await driver.until(
    page,
    'the clip playable',
    `document.querySelector('#alarm-detail video').readyState >= 1`,
    90_000,
  );
  // Rows: the camera's name, zone, rule, labels in French, an age and a date; no raw ids.
  const row = String(
    await page.evaluate(`document.querySelector('#alarm-list li[data-alarm="${ids.main}"]').innerText`),
  );
  console.log(`row: ${row.replace(/\n/g, ' | ')}`);
  assert.match(row, /Parvis de la gare/);
  assert.match(row, /zone quai-1/);
  assert.match(row, /règle intrusion-nuit/);
  assert.match(row, /Intrusion/);
  assert.match(row, /nouvelle/);
  assert.match(row, /\d+ s|\d+ min/);
  assert.doesNotMatch(row, /AS-1|intrusion ·|new\b/);
  const text = String(await page.evaluate(`document.getElementById('alarms').innerText`));
  for (const english of [
    'Acknowledge',
    'False alarm',
    'Snooze',
    'Close the selected',
    'Export the clip',
    'abandoned_object',
  ])
    assert.ok(!text.includes(english), `English or a raw id left on the French screen: ${english}`);
  await page.evaluate(AXE);
  const bad: string[] = [];
  for (const vp of VIEWPORTS) {
    await page.setViewportSize(vp);
    await new Promise((r) => setTimeout(r, 300));
    const m = await measure(page);
    const p = m.parts;
    console.log(
      `${vp.width}x${vp.height}: document ${m.scrollW}x${m.scrollH} in ${m.innerW}x${m.innerH}, main scrolls ${m.mainScrolls}; ` +
        `list ${p.list?.height}px tall, snapshot ${p.snapshot?.width}x${p.snapshot?.height} at ${p.snapshot?.top}, ` +
        `clip ${p.clip?.width}x${p.clip?.height} at ${p.clip?.top}, lowest button bottom ` +
        `${Math.max(
          ...Object.entries(p)
            .filter(([k]) => k !== 'list')
            .map(([, r]) => r.bottom),
        )}; outside: [${m.outside.join(', ')}]`,
    );
    assert.deepEqual(m.outside, [], `${vp.width}x${vp.height}: parts outside the viewport`);
    assert.ok(m.scrollH <= m.innerH && m.scrollW <= m.innerW, `the document scrolls: ${JSON.stringify(m)}`);
    assert.equal(m.mainScrolls, false, 'the view scrolls inside main');
    assert.ok(p.snapshot!.width >= 300 && p.clip!.width >= 300, 'snapshot and clip large enough to see');
    // The box stays on the picture (the figure takes the snapshot's own shape).
    const fig =
      (await page.evaluate(`(() => { const f = document.querySelector('#alarm-detail figure').getBoundingClientRect(),
      i = document.querySelector('#alarm-detail figure img').getBoundingClientRect();
      return [Math.round(f.width - i.width), Math.round(f.height - i.height), Math.round(i.width / i.height * 100) / 100]; })()`)) as number[];
    assert.deepEqual(fig.slice(0, 2), [0, 0], 'the figure is exactly the picture');
    assert.equal(fig[2], 1.33, 'the snapshot keeps its 4:3 shape');
    const r = (await page.evaluate(`axe.run(document).then((r) => r.violations.map((v) =>
      ({ id: v.id, impact: v.impact, nodes: v.nodes.length, where: v.nodes[0]?.target.join(' ') })))`)) as {
      id: string;
      impact: string;
      nodes: number;
      where: string;
    }[];
    const count = (impact: string) => r.filter((v) => v.impact === impact).length;
    console.log(
      `${vp.width}x${vp.height} axe: critical ${count('critical')}, serious ${count('serious')}, moderate ${count('moderate')}, minor ${count('minor')}` +
        (r.length ? ` (${r.map((v) => `${v.id}/${v.impact}×${v.nodes} at ${v.where}`).join('; ')})` : ''),
    );
    for (const v of r)
      if (v.impact === 'critical' || v.impact === 'serious') bad.push(`${vp.width}: ${v.id} ${v.where}`);
    if (vp.width === 1366) await driver.shot(page, 'console-alarms');
  }
  assert.deepEqual(bad, []);
  // Logged out and in again on the same page: the new queue acts once (the old one's listeners are gone).
  await page.click('#logout');
  await page.fill('input[name=username]', 'op-gare');
  await page.fill('input[name=password]', PASSWORD);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('body[data-ready=true] #app:not([hidden])');
  await page.keyboard.press('Alt+2');
  await page.click(`#alarm-list li[data-alarm="${ids.bulk[0]}"]`);
  await driver.until(page, 'the alarm open', `!document.getElementById('alarm-detail').hidden`);
  await page.fill('#alarm-snooze input[name=reason]', 'essai de double envoi');
  await page.click('#alarm-snooze button[type=submit]');
  await driver.until(page, 'the snooze listed', `!!document.querySelector('#snooze-list li[data-snooze-id]')`);
  await new Promise((r) => setTimeout(r, 500));
  const made = (await admin.req('GET', '/api/alarms/snoozes')).json as { id: string }[];
  assert.equal(made.length, 1, 'one snooze, not one per login');
  await page.click(`#snooze-list button[data-snooze="${made[0]!.id}"]`);
  await driver.until(page, 'the snooze ended', `!document.querySelector('#snooze-list li[data-snooze-id]')`);
  await page.close();
});

test('keyboard only: acknowledge and close as false alarm, bulk close three with one disposition, snooze a kind', {
  skip: missing,
  timeout: 120_000,
}, async () => {
  const page = await driver.login('op-gare');
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.keyboard.press('Alt+2');
  await page.waitForSelector(`#alarm-list li[data-alarm="${ids.main}"]`);
  // Acknowledge (a), then false alarm (f).
  await moveTo(page, ids.main);
  await page.keyboard.press('a');
  await driver.until(
    page,
    'acknowledged',
    `document.querySelector('#alarm-list li[data-alarm="${ids.main}"]')?.dataset.state === 'acknowledged'`,
  );
  await page.keyboard.press('f');
  await driver.until(page, 'closed and gone', `!document.querySelector('#alarm-list li[data-alarm="${ids.main}"]')`);
  const one = (await admin.req('GET', `/api/alarms/${ids.main}`)).json;
  console.log(`keyboard: ${ids.main} ${one.state} ${one.disposition} by ${one.closedBy}`);
  assert.deepEqual(
    [one.state, one.disposition, one.closedBy, one.acknowledgedBy],
    ['closed', 'false_alarm', 'op-gare', 'op-gare'],
  );
  // Bulk: x on three rows, then the bulk form by Shift+Tab: disposition by arrows, a comment, Enter.
  for (const id of ids.bulk) {
    await moveTo(page, id);
    await page.keyboard.press('x');
  }
  await driver.until(
    page,
    'three chosen',
    `document.querySelectorAll('#alarm-list input[data-choose]:checked').length === 3`,
  );
  assert.match(String(await page.evaluate(`document.getElementById('alarm-bulk-count').textContent`)), /^3 /);
  for (let i = 0; i < 30 && (await page.evaluate(`document.activeElement?.name`)) !== 'disposition'; i++)
    await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(`document.activeElement?.name`), 'disposition', 'Shift+Tab reaches the disposition');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(`document.activeElement.value`), 'not_actionable');
  await page.keyboard.press('Tab');
  await page.keyboard.type('colis de la consigne');
  await page.keyboard.press('Enter');
  await driver.until(
    page,
    'the three gone',
    ids.bulk.map((id) => `!document.querySelector('#alarm-list li[data-alarm="${id}"]')`).join(' && '),
  );
  for (const id of ids.bulk) {
    const a = (await admin.req('GET', `/api/alarms/${id}`)).json;
    assert.deepEqual(
      [a.state, a.disposition, a.closedBy, a.comments.at(-1)?.text],
      ['closed', 'not_actionable', 'op-gare', 'colis de la consigne'],
    );
  }
  console.log(
    `bulk: ${ids.bulk.length} closed not_actionable; message "${await page.evaluate(`document.getElementById('alarm-message').textContent`)}"`,
  );
  // Snooze: s on the alarm, 30 min by arrow, a reason, Enter.
  await moveTo(page, ids.snooze);
  await page.keyboard.press('s');
  assert.equal(await page.evaluate(`document.activeElement?.name`), 'minutes');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.evaluate(`document.activeElement.value`), '30');
  await page.keyboard.press('Tab');
  await page.keyboard.type('travaux sur le parvis');
  await page.keyboard.press('Enter');
  await driver.until(page, 'the snooze listed', `!!document.querySelector('#snooze-list li[data-snooze-id]')`);
  const snoozes = (await admin.req('GET', '/api/alarms/snoozes')).json;
  assert.equal(snoozes.length, 1);
  const s = snoozes[0];
  assert.deepEqual(
    [s.cameraId, s.kind, s.until - s.createdAt, s.createdBy, s.reason],
    ['AS-1', 'person_on_ground', 30 * 60_000, 'op-gare', 'travaux sur le parvis'],
  );
  const rows = await page.evaluate(`document.querySelectorAll('#alarm-list li[data-alarm]').length`);
  const { events, alarms, store } = t.centre.services;
  const ev = await events.emit({ cameraId: 'AS-1', kind: 'person_on_ground', zoneId: 'quai-2', startedAt: Date.now() });
  await alarms.idle();
  assert.equal(await store.alarms.byEvent(ev.id), undefined, 'no alarm while snoozed');
  assert.equal((await admin.req('GET', `/api/events/${ev.id}`)).status, 200, 'the event is stored');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(
    await page.evaluate(`document.querySelectorAll('#alarm-list li[data-alarm]').length`),
    rows,
    'no new row',
  );
  const [entry] = await store.audit.search({ action: 'alarm.snooze', limit: 5 });
  console.log(`journal: ${entry?.actor} ${entry?.action} ${entry?.details}`);
  assert.equal(entry?.actor, 'op-gare');
  assert.match(String(entry?.details), /travaux sur le parvis/);
  // End it by keyboard: Tab to "end now", Enter.
  for (let i = 0; i < 60 && !(await page.evaluate(`!!document.activeElement?.dataset?.snooze`)); i++)
    await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await driver.until(page, 'the snooze ended', `!document.querySelector('#snooze-list li[data-snooze-id]')`);
  assert.deepEqual((await admin.req('GET', '/api/alarms/snoozes')).json, []);
  await page.close();
  assert.deepEqual(driver.pageErrors, []);
});
