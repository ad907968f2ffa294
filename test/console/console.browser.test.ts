// The supervision room end to end, in Debian Chromium against the real centre with simulated cameras (real RTSP,
// real PETS09 footage): a supervisor logs in, sees the wall play, receives an alarm raised by a real zone rule on
// real footage, opens its snapshot and clip, disposes of it as a false alarm, finds it in search and exports the
// clip; an operator of another sector never sees that camera nor its alarm. VIGIE_SCREENSHOTS=dir saves each screen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import scene from '../../src/analytics/rules/scenes/pets09-s2l1.json' with { type: 'json' };
import { SYSTEM } from '../../src/core/users/principal.js';
import { datasetPath, hasDataset } from '../../src/eval/datasets/paths.js';
import { CameraSimulator } from '../../src/media/simulator/simulator.js';
import { launchChromium } from '../live/support/browser.js';
import { Client, startCentre, type TestCentre } from '../support/centre.js';
import { ConsoleDriver } from './support.js';

const missing =
  (hasDataset('pets09-s2l1', 'PETS09-S2L1.mp4') && hasDataset('ucsd-ped2', 'train', 'Train001.mp4')) ||
  process.env.CI === 'true'
    ? undefined
    : 'PETS09-S2L1 or UCSD Ped2 not found beside the checkout';
const sim = new CameraSimulator({ port: 0 });
let t: TestCentre;
let admin: Client;
let browser: Browser;

before(async () => {
  if (missing) return;
  await sim.start([
    { id: 'AN-CAM', source: datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4') },
    { id: 'VILLE-1', source: datasetPath('ucsd-ped2', 'train', 'Train001.mp4') },
  ]);
  t = await startCentre({ config: { recordings: { segmentSeconds: 2 } } });
  const fleet = t.centre.services.fleet;
  await fleet.upsertSector(SYSTEM, { id: 'campus', name: 'Campus' });
  await fleet.upsertSector(SYSTEM, { id: 'ville', name: 'Centre-ville' });
  const cam = (id: string, name: string, sectorId: string, lat: number, lon: number) =>
    fleet.create(SYSTEM, {
      id,
      name,
      sectorId,
      streams: sim.urls(id),
      position: { lat, lon },
      phase: 'pilot',
      status: 'active',
      tags: [],
    });
  await cam('AN-CAM', 'Campus road', 'campus', 50.3249, 3.5141);
  await cam('VILLE-1', 'Walkway', 'ville', 50.3571, 3.5235);
  await t.authorise();
  admin = await t.user('admin', 'admin');
  const put = await admin.req('PUT', '/api/cameras/AN-CAM/analytics', { enabled: true, fps: 5, scene });
  assert.equal(put.status, 200, put.text);
  // Analytics that cannot start (their usual-motion model is missing): the wall must say so on the tile.
  const broken = { unusual: { enabled: true, modelFile: '/nonexistent/usual.json' } };
  const bad = await admin.req('PUT', '/api/cameras/VILLE-1/analytics', {
    enabled: true,
    pipeline: { situations: broken },
  });
  assert.equal(bad.status, 200, bad.text);
  await t.user('sup-campus', 'supervisor', ['campus']);
  await t.user('op-ville', 'operator', ['ville']);
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
const login = (username: string) => driver.login(username);
const until = (page: Page, what: string, condition: string, timeout = 30_000) =>
  driver.until(page, what, condition, timeout);
const shot = (page: Page, name: string) => driver.shot(page, name);
const pageErrors = driver.pageErrors;

test('a supervisor handles an alarm raised by a real analytic, from the wall to the export', {
  skip: missing,
  timeout: 300_000,
}, async () => {
  const page = await login('sup-campus');
  await page.waitForSelector('.tile[data-camera=AN-CAM]');
  assert.deepEqual(await page.$$eval('.tile', (els) => els.map((e) => e.getAttribute('data-camera'))), ['AN-CAM']);
  // The wall layout is kept by the centre for the user (any console they log in to gets it).
  await page.keyboard.press('1');
  await until(
    page,
    'a 1-tile wall',
    `getComputedStyle(document.getElementById('wall')).getPropertyValue('--cols') === '1'`,
  );
  const sup = new Client(t.base);
  await sup.login('sup-campus');
  const endPrefs = Date.now() + 5000;
  let prefs = await sup.req('GET', '/api/me/preferences');
  while (prefs.json.wall?.size !== 1 && Date.now() < endPrefs) {
    await new Promise((r) => setTimeout(r, 100));
    prefs = await sup.req('GET', '/api/me/preferences');
  }
  assert.equal(prefs.json.wall?.size, 1, JSON.stringify(prefs.json));
  await until(page, 'the wall playing', `(document.querySelector('.tile video')?.currentTime ?? 0) > 0.5`, 60_000);
  // A real zone rule on the real footage raises an event; the alarm reaches the open console by WebSocket. On a loaded
  // host the camera may also drop for a moment (a camera_offline alarm, no picture): the zone rule's alarm is the one.
  const ruleAlarm = async () =>
    ((await admin.req('GET', '/api/alarms?cameraId=AN-CAM')).json.items as { id: string; kind: string }[]).find(
      (a) => !a.kind.startsWith('camera_'),
    )?.id;
  const endRule = Date.now() + 200_000;
  let alarmId = await ruleAlarm();
  while (!alarmId && Date.now() < endRule) {
    await new Promise((r) => setTimeout(r, 500));
    alarmId = await ruleAlarm();
  }
  assert.ok(alarmId, 'an alarm from the zone rules within 200 s');
  await until(page, 'an alarm in the menu', `Number(document.getElementById('alarm-count').textContent) > 0`);
  await until(page, 'the wall tile highlighted', `!!document.querySelector('.tile.alarm[data-camera=AN-CAM]')`);
  // Raised by real analytics while the operator watches the wall: the tile flashes, the title counts it.
  await until(page, 'the wall tile flashing', `!!document.querySelector('.tile.flash[data-camera=AN-CAM]')`);
  assert.match(await page.title(), /^\(\d+\) Vigie$/);
  await shot(page, 'wall');
  await page.keyboard.press('Alt+2');
  await page.waitForSelector('#alarm-list li[data-alarm]');
  // The zone rule's alarm, pushed live into the open console's list.
  await page.waitForSelector(`#alarm-list li[data-alarm="${alarmId}"]`);
  await page.click(`#alarm-list li[data-alarm="${alarmId}"]`);
  await until(page, 'the snapshot', `(document.querySelector('#alarm-detail img')?.naturalWidth ?? 0) > 0`);
  // Zone rules: the alarm's zone is drawn over the snapshot.
  const zoneId = (await admin.req('GET', `/api/alarms/${alarmId}`)).json.zoneId;
  if (zoneId) await page.waitForSelector(`#alarm-detail .zone-overlay polygon[data-zone="${zoneId}"]`);
  // Take it (t): assigned to the supervisor, acknowledged on the way.
  await page.keyboard.press('t');
  await until(
    page,
    'taken',
    `document.querySelector('#alarm-list li[data-alarm="${alarmId}"]')?.dataset.state === 'assigned'`,
  );
  await until(page, 'the clip playable', `document.querySelector('#alarm-detail video').readyState >= 1`, 60_000);
  await shot(page, 'alarms');
  // Disposition from the keyboard: f = false alarm.
  await page.keyboard.press('f');
  await until(page, 'the alarm closed', `document.querySelector('#alarm-list li[data-alarm="${alarmId}"]') === null`);
  const closed = await admin.req('GET', `/api/alarms/${alarmId}`);
  assert.equal(closed.json.state, 'closed');
  assert.equal(closed.json.disposition, 'false_alarm');
  assert.equal(closed.json.closedBy, 'sup-campus');
  assert.equal(closed.json.assignee, 'sup-campus');
  await until(
    page,
    'the false alarm counted',
    `[...document.querySelectorAll('#alarm-stats tbody tr')].some((r) => Number(r.cells[4].textContent.split(' ')[0]) > 0)`,
  );
  // Export the clip around it (journaled, with a SHA-256 manifest).
  await page.selectOption('#alarm-filter', 'closed');
  await page.click(`#alarm-list li[data-alarm="${alarmId}"]`);
  await page.fill('#alarm-export input[name=reason]', 'Test requisition 2026-001');
  await page.click('#alarm-export button[type=submit]');
  await until(page, 'the export link', `!document.getElementById('alarm-export-link').hidden`, 60_000);
  const href = await page.getAttribute('#alarm-export-link', 'href');
  const mp4 = await page.evaluate(
    `fetch(${JSON.stringify(href)}).then((r) => r.arrayBuffer()).then((b) => b.byteLength)`,
  );
  assert.ok((mp4 as number) > 10_000, `exported ${mp4} bytes`);
  // Search finds the alarm's event.
  const eventId = closed.json.eventIds[0];
  await page.keyboard.press('Alt+5');
  await page.selectOption('#search-form select[name=disposition]', 'false_alarm');
  await page.selectOption('#search-form select[name=objectClass]', 'person');
  await page.selectOption('#search-form select[name=sector]', 'campus');
  await page.click('#search-form button[type=submit]');
  await page.waitForSelector(`#search-results tr[data-event="${eventId}"]`);
  const found = await page.$$eval('#search-results tr', (rows) => rows.map((r) => r.getAttribute('data-event')));
  assert.ok(
    found.every((id) => closed.json.eventIds.includes(id)),
    'only the events of the false alarm',
  );
  await shot(page, 'search');
  await page.keyboard.press('Alt+3');
  await page.waitForSelector('#map .cam[data-camera=AN-CAM]');
  // Colours from the live stream health: the recorded camera streams (or is in alarm, if one of its alarms is open).
  await until(
    page,
    'the map coloured by stream health',
    `fetch('/api/alarms?state=open&cameraId=AN-CAM').then((r) => r.json()).then((r) =>
      document.querySelector('#map .cam[data-camera=AN-CAM]').dataset.state ===
        (r.items.some((a) => a.kind !== 'camera_offline') ? 'alarm' : 'streaming'))`,
  );
  await shot(page, 'map');
  // Playback: the timeline shows what is recorded and the events; a click on an event jumps to it; speed changes.
  await page.keyboard.press('Alt+4');
  await page.click('#playback-form button[type=submit]');
  await until(
    page,
    'the timeline',
    `Number(document.getElementById('timeline').dataset.covered) > 0 && Number(document.getElementById('timeline').dataset.events) > 0`,
  );
  await until(page, 'the recording playable', `document.getElementById('playback-video').readyState >= 1`, 30_000);
  await page.selectOption('#playback-speed', '2');
  assert.equal(await page.evaluate(`document.getElementById('playback-video').playbackRate`), 2);
  // Events close together are one cluster mark: opening it zooms in until they are single ticks; a tick jumps.
  for (let i = 0; i < 4 && !(await page.$('#timeline .tick')); i++) {
    await page.locator('#timeline .cluster').last().click();
    await new Promise((r) => setTimeout(r, 200));
  }
  await page.locator('#timeline .tick').last().click();
  await until(page, 'the jump to the event', `document.getElementById('playback-video').currentTime > 0`);
  await shot(page, 'playback');
  assert.deepEqual(pageErrors, []);
  await page.close();

  // Another sector's operator: neither the camera nor the alarm, anywhere; their camera's failed analytics show.
  const other = await login('op-ville');
  await other.waitForSelector('.tile[data-camera=VILLE-1]');
  await until(
    other,
    'the analytics badge',
    `document.querySelector('.tile[data-camera=VILLE-1] .analytics-badge')?.dataset.why === 'failed'`,
  );
  assert.equal(await other.isVisible('.tile[data-camera=VILLE-1] .analytics-badge'), true);
  assert.equal(await other.$('.tile[data-camera=AN-CAM]'), null);
  await other.keyboard.press('Alt+2');
  await other.selectOption('#alarm-filter', 'all');
  assert.equal(await other.$(`#alarm-list li[data-alarm="${alarmId}"]`), null);
  await other.keyboard.press('Alt+5');
  await other.click('#search-form button[type=submit]');
  await until(other, 'the search answer', `document.querySelector('#search-form [role=status]').textContent !== ''`);
  assert.equal(await other.$(`#search-results tr[data-event="${eventId}"]`), null);
  assert.equal(await other.$('#search-form select[name=camera] option[value=AN-CAM]'), null);
  await other.keyboard.press('Alt+3');
  assert.equal(await other.$('svg circle.cam[data-camera=AN-CAM]'), null);
  await other.close();
});

test('an admin draws a zone on the live picture and saves it; a self-intersecting one is refused with the reason', {
  skip: missing,
  timeout: 120_000,
}, async () => {
  const page = await login('admin');
  await page.keyboard.press('Alt+6');
  await page.selectOption('#admin select[name=camera]', 'AN-CAM');
  await until(page, 'the live picture', `document.querySelector('#admin video').currentTime > 0.2`, 60_000);
  const box = (await (await page.$('#admin svg'))!.boundingBox())!;
  const at = (x: number, y: number) => page.mouse.click(box.x + x * box.width, box.y + y * box.height);
  await until(page, 'the box at its aspect', `document.querySelector('#admin .zone-picture').dataset.aspect !== ''`);
  await page.click('#admin [data-act=zone]');
  await at(0.1, 0.1);
  await at(0.3, 0.1);
  await at(0.2, 0.3);
  await page.click('#admin [data-act=finish]');
  await page.click('#admin [data-act=save]');
  await until(page, 'saved', `document.getElementById('zone-message').dataset.outcome === 'saved'`);
  const saved = await admin.req('GET', '/api/cameras/AN-CAM/analytics');
  // Shapes get the first free id of their kind (renamed in the list beside the picture).
  const zone = saved.json.scene.zones.find((z: { id: string }) => z.id === 'zone-1');
  assert.ok(zone, 'the zone is stored');
  assert.deepEqual(
    zone.polygon.map((p: number[]) => p.map((v) => Math.round(v * 10) / 10)),
    [
      [0.1, 0.1],
      [0.3, 0.1],
      [0.2, 0.3],
    ],
  );
  await shot(page, 'zones');
  // A bow-tie: refused by the same schema the API uses, and nothing stored.
  await page.click('#admin [data-act=zone]');
  for (const [x, y] of [
    [0.5, 0.5],
    [0.7, 0.7],
    [0.7, 0.5],
    [0.5, 0.7],
  ] as const)
    await at(x, y);
  await page.click('#admin [data-act=finish]');
  await page.click('#admin [data-act=save]');
  await until(page, 'the refusal', `/crosses itself/.test(document.getElementById('zone-message').textContent)`);
  const after = await admin.req('GET', '/api/cameras/AN-CAM/analytics');
  assert.equal(
    after.json.scene.zones.some((z: { id: string }) => z.id === 'zone-2'),
    false,
  );
  // Nothing typed is lost: the refused drawing stays, to be fixed (its points dragged) or deleted.
  assert.ok(await page.$('#admin svg polygon[data-zone=zone-2]'), 'the refused drawing is still there');
  // Operators get no zone editor (and the API refuses them anyway).
  const op = await login('op-ville');
  assert.equal(await op.isHidden('#admin-tab'), true);
  await op.close();
  await page.close();
});
