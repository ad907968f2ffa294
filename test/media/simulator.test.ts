import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { datasetPath } from '../../src/eval/datasets/paths.js';
import { runSimulateCommand } from '../../src/media/simulator/cli.js';
import { checkSimulatorRequirements } from '../../src/media/simulator/requirements.js';
import { CameraSimulator } from '../../src/media/simulator/simulator.js';
import { cpuSeconds, probe, readFrames, sleep, staggered, waitFor, watch } from './sim-helpers.js';

const req = checkSimulatorRequirements();
const skip = req.ok ? false : `simulator needs: ${req.missing.join(', ')} (${req.fix})`;
const logs: string[] = [];
const log = (l: string) => logs.push(l);

describe('camera simulator (3 cameras)', { skip }, () => {
  const sim = new CameraSimulator({ port: 0, log });
  before(() => sim.start(3), { timeout: 120_000 }); // first run encodes the clips; later runs hit the cache
  after(() => sim.stop());

  test('every main and sub URL is H.264 at the expected size', { timeout: 30_000 }, async () => {
    const urls = sim.ids().flatMap((id) => [
      { url: sim.urls(id).main, w: 1280, h: 720 },
      { url: sim.urls(id).sub, w: 640, h: 360 },
    ]);
    const results = await staggered(urls, 150, (u) => probe(u.url));
    results.forEach((r, i) => {
      assert.equal(r.code, 0, `${urls[i]!.url}: ${r.stderr}`);
      assert.deepEqual(r.video, { codec: 'h264', width: urls[i]!.w, height: urls[i]!.h });
    });
  });

  test('a sub stream delivers ~25 fps and its burnt-in timestamp changes', { timeout: 30_000 }, async () => {
    // The timestamp band (top-left) only: distinct pictures there mean the clock/frame counter moves.
    const r = readFrames(sim.urls('cam1').sub, { crop: '400:24:0:6', w: 200, h: 12, maxSeconds: 3 });
    const { code, stderr } = await r.done;
    assert.equal(code, 0, stderr);
    assert.ok(r.frames() >= 55, `only ${r.frames()} frames in 3 s`);
    assert.ok(r.distinct() >= 50, `timestamp band took only ${r.distinct()} distinct values`);
  });

  test('drop: the dropped camera errors while the others keep streaming, then it comes back', {
    timeout: 30_000,
  }, async () => {
    const [a, b, victim] = ['cam1', 'cam3', 'cam2'].map((id) => readFrames(sim.urls(id).sub, { w: 16, h: 9 }));
    assert.ok(
      await waitFor(() => a!.frames() > 5 && b!.frames() > 5 && victim!.frames() > 5, 10_000),
      'readers started',
    );
    await sim.drop('cam2', 4);
    const t0 = Date.now();
    const cut = await Promise.race([victim!.done.then(() => true), sleep(3000).then(() => false)]);
    assert.ok(cut, 'the connected client of the dropped camera was cut');
    const refused = await probe(sim.urls('cam2').main);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /404/);
    const [fa, fb] = [a!.frames(), b!.frames()];
    await sleep(1500);
    // ~37 expected at 25 fps; the margin absorbs a busy CI machine.
    assert.ok(a!.frames() - fa >= 15 && b!.frames() - fb >= 15, 'other cameras still deliver frames');
    a!.stop();
    b!.stop();
    await sleep(Math.max(0, 4300 - (Date.now() - t0)));
    assert.equal(sim.status('cam2').fault, 'ok', 'restored after 4 s');
    const back = await probe(sim.urls('cam2').main);
    assert.equal(back.code, 0, back.stderr);
  });

  test('freeze: the session stays open but frames stop, restore resumes them', { timeout: 30_000 }, async () => {
    const r = readFrames(sim.urls('cam3').sub, { w: 16, h: 9 });
    assert.ok(await waitFor(() => r.frames() > 10, 10_000), 'reader started');
    await sim.freeze('cam3');
    await sleep(500); // frames already in flight
    const n = r.frames();
    await sleep(2000);
    assert.ok(r.frames() - n <= 2, `frames kept coming while frozen (${r.frames() - n})`);
    await sim.restore('cam3');
    assert.ok(await waitFor(() => r.frames() > n + 10, 5000), 'frames resume after restore (next keyframe)');
    r.stop();
  });

  test('garbage: the camera answers random bytes, clients fail fast; restore heals it', {
    timeout: 30_000,
  }, async () => {
    await sim.garbage('cam1');
    const bad = await probe(sim.urls('cam1').main);
    assert.notEqual(bad.code, 0);
    assert.equal(bad.timedOut, false, 'ffprobe failed on its own, no hang');
    await sim.restore('cam1');
    const ok = await probe(sim.urls('cam1').main);
    assert.equal(ok.code, 0, ok.stderr);
  });

  test('garbageServer: a TCP port spewing random bytes makes ffprobe fail without hanging', {
    timeout: 20_000,
  }, async () => {
    const port = await sim.garbageServer();
    const r = await probe(`rtsp://127.0.0.1:${port}/cam/main`, 15_000);
    assert.notEqual(r.code, 0);
    assert.equal(r.timedOut, false);
    assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
  });

  test('changeResolution: the main stream comes back at the new size, restore reverts it', {
    timeout: 60_000,
  }, async () => {
    // 640x360 is the sub clip's size, so the cache already holds it: no encode in the test.
    await sim.changeResolution('cam2', 640, 360);
    const small = await probe(sim.urls('cam2').main);
    assert.deepEqual(small.video, { codec: 'h264', width: 640, height: 360 }, small.stderr);
    await sim.restore('cam2');
    const big = await probe(sim.urls('cam2').main);
    assert.deepEqual(big.video, { codec: 'h264', width: 1280, height: 720 }, big.stderr);
  });

  test('a crashed RTSP server is restarted on the same port', { timeout: 30_000 }, async () => {
    process.kill(sim.pids()[0]!, 'SIGKILL');
    assert.ok(await waitFor(() => sim.serverRestarts === 1, 10_000), logs.slice(-5).join('\n'));
    const r = await probe(sim.urls('cam1').sub);
    assert.equal(r.code, 0, r.stderr);
  });
});

const PETS = datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4');
const withPets = existsSync(PETS) || process.env.CI === 'true'; // CI has the datasets: missing must fail

describe('camera simulator with ffmpeg feeders (and real footage when present)', { skip }, () => {
  const sim = new CameraSimulator({ port: 0, feeder: 'ffmpeg', log });
  before(() => sim.start([{ id: 'ff1' }, ...(withPets ? [{ id: 'pets', source: PETS }] : [])]), { timeout: 120_000 });
  after(() => sim.stop());

  test('serves RTSP and restarts a feeder that dies', { timeout: 30_000 }, async () => {
    assert.deepEqual((await probe(sim.urls('ff1').sub)).video, { codec: 'h264', width: 640, height: 360 });
    const [, mainFeeder] = sim.pids();
    process.kill(mainFeeder!, 'SIGKILL');
    assert.ok(
      await waitFor(() => sim.pids()[1] !== undefined && sim.pids()[1] !== mainFeeder, 5000),
      'feeder respawned',
    );
    const r = await probe(sim.urls('ff1').main);
    assert.deepEqual(r.video, { codec: 'h264', width: 1280, height: 720 }, r.stderr);
  });

  test('loops real footage: main as recorded, sub scaled to 640 wide', {
    skip: !withPets && 'no PETS09 footage',
    timeout: 30_000,
  }, async () => {
    const [main, sub] = await staggered([sim.urls('pets').main, sim.urls('pets').sub], 150, (u) => probe(u));
    assert.deepEqual(main!.video, { codec: 'h264', width: 768, height: 576 }, main!.stderr);
    assert.deepEqual(sub!.video, { codec: 'h264', width: 640, height: 480 }, sub!.stderr);
  });
});

describe('vigie simulate (runSimulateCommand)', { skip }, () => {
  test('prints the camera URLs, serves them, stops on signal', { timeout: 60_000 }, async () => {
    const ac = new AbortController();
    const lines: string[] = [];
    const done = runSimulateCommand({
      cameras: 2,
      port: 0,
      scenes: 1,
      json: true,
      signal: ac.signal,
      out: (l) => lines.push(l),
      err: () => {},
    });
    assert.ok(await waitFor(() => lines.length > 0, 30_000), 'URLs printed');
    const printed = JSON.parse(lines[0]!) as { port: number; cameras: { id: string; main: string; sub: string }[] };
    assert.deepEqual(
      printed.cameras.map((c) => c.id),
      ['cam1', 'cam2'],
    );
    const r = await probe(printed.cameras[1]!.sub);
    assert.equal(r.code, 0, r.stderr);
    ac.abort();
    assert.equal(await done, 0);
  });
});

describe('camera simulator CPU (informative)', { skip }, () => {
  const n = 8;
  const sim = new CameraSimulator({ port: 0, log });
  before(() => sim.start(n), { timeout: 120_000 });
  after(() => sim.stop());

  test(`${n} cameras, idle then with every stream watched`, { timeout: 60_000 }, async () => {
    const measure = async (ms: number) => {
      const c0 = cpuSeconds(sim.pids());
      const t0 = Date.now();
      await sleep(ms);
      return (cpuSeconds(sim.pids()) - c0) / ((Date.now() - t0) / 1000);
    };
    const idle = await measure(2500);
    const urls = sim.ids().flatMap((id) => [sim.urls(id).main, sim.urls(id).sub]);
    const readers = await staggered(urls, 120, async (u) => watch(u, 20));
    await waitFor(() => readers.every((r) => r.frames() > 0), 10_000);
    const busy = await measure(3000);
    const flowing = readers.filter((r) => r.frames() > 0).length;
    for (const r of readers) r.stop();
    console.log(
      `simulator CPU, ${n} cameras: idle ${idle.toFixed(3)} core (${((idle / n) * 100).toFixed(2)}%/camera), ` +
        `${flowing}/${urls.length} streams watched ${busy.toFixed(3)} core (${((busy / n) * 100).toFixed(2)}%/camera)`,
    );
    assert.equal(flowing, urls.length);
  });
});
