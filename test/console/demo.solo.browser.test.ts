// Solo (run first and alone, scripts/test.mjs): its bound is the product's on this machine. In CI beside another
// browser test (a second centre, detector and Chromium on the same 2 cores) its cameras came online only ~115 s after
// the start (first-run clip preparation), stalled at once, and no alarm came within two minutes; alone, ~31 s.
// What a newcomer gets from `npm start`: the demo (built, then `serve --demo`, as npm runs it) in a fresh data dir,
// the first admin made with the printed setup token, and in Chromium an alarm from the demo cameras' illustrative
// analytics in the console's alarm queue within two minutes of the start.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { demoFootage } from '../../src/app/demo.js';
import { launchChromium } from '../live/support/browser.js';
import { PASSWORD } from '../support/centre.js';
import { ConsoleDriver } from './support.js';

const missing =
  demoFootage().length > 0 || process.env.CI === 'true' ? undefined : 'no real footage for the demo cameras';
const dir = mkdtempSync(join(tmpdir(), 'vigie-demo-start-'));
let child: ChildProcess | undefined;
let browser: Browser | undefined;
after(async () => {
  await browser?.close();
  if (child?.pid) {
    // npm, its shell, the centre and its ffmpeg children: the whole group, as a Ctrl-C in the terminal would; the
    // data dir goes only once all of them are gone (the centre closes its last segments after npm has exited).
    signalGroup(child.pid, 'SIGTERM');
    const end = Date.now() + 20_000;
    while (signalGroup(child.pid, 0) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Signals every process of the group; false when none is left. */
function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** A free TCP port for the simulator (its port goes into the seeded cameras' URLs, so 0 will not do). */
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** The analytic kinds (the rows show their French labels; data-kind keeps the id). */
const ANALYTIC =
  /^(intrusion|wrong_way|crowd_density|crowd_movement|unusual|abandoned_object|fire|person_on_ground|camera_tamper)$/;

test("npm start's demo shows an analytic alarm in the console within two minutes", {
  skip: missing,
  timeout: 240_000,
}, async (t) => {
  const start = Date.now();
  child = spawn('npm', ['start', '--', '--sim-port', String(await freePort())], {
    detached: true,
    env: { ...process.env, VIGIE_DATA_DIR: dir, VIGIE_HTTP_PORT: '0', VIGIE_CONFIG: join(dir, 'none.yaml') },
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const endSetup = start + 90_000;
  while (!/"token":"[^"]+"/.test(out) && Date.now() < endSetup && child.exitCode === null)
    await new Promise((r) => setTimeout(r, 200));
  const token = /"token":"([^"]+)"/.exec(out)?.[1];
  const base = /curl -X POST (http:\/\/[^/]+)\/api\/setup/.exec(out)?.[1];
  assert.ok(token && base, `the setup line printed:\n${out.slice(-3000)}`);
  const setup = await fetch(`${base}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, username: 'admin', password: PASSWORD }),
  });
  assert.equal(setup.status, 201);
  browser = await launchChromium();
  const driver = new ConsoleDriver(
    () => browser!,
    () => base!,
  );
  const page = await driver.login('admin');
  await page.keyboard.press('Alt+2');
  await page.waitForSelector('#alarm-list');
  // Pushed live into the open queue: the console is already up when the analytics raise it.
  const queued = `[...document.querySelectorAll('#alarm-list li[data-alarm]')].some((li) => ${ANALYTIC}.test(li.dataset.kind))`;
  await driver
    .until(page, 'an analytic alarm in the queue', queued, Math.max(0, start + 120_000 - Date.now()))
    .catch((e: Error) => assert.fail(`${e.message}\n${out.slice(-3000)}`));
  const text = await page.$$eval('#alarm-list li[data-alarm]', (els) => els.map((e) => e.textContent ?? ''));
  t.diagnostic(`first analytic alarm in the console ${((Date.now() - start) / 1000).toFixed(1)} s after npm start`);
  t.diagnostic(`queue: ${text.join(' | ')}`);
  await driver.shot(page, 'demo-alarm');
  assert.deepEqual(driver.pageErrors, []);
});
