// The health history end to end (issue 24): a real recorder of a simulated camera, the centre's wiring and the API.
// Seam: health.degradedFps and health.degradedAfterSeconds, set in the configuration, mark a real stream degraded.
// A dropped camera opens an offline interval and its return closes it, pushed by the bus.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CameraSimulator } from '../../src/media/simulator/simulator.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';
import { addSimulatedCameras } from '../support/sim-cameras.js';

const sim = new CameraSimulator({ port: 0, main: { width: 160, height: 120 }, sub: { width: 160, height: 120 } });
let t: TestCentre;
let admin: Client;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, get: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(150);
  }
}

before(async () => {
  const simStarted = sim.start([{ id: 'H-1' }]);
  t = await startCentre({
    config: {
      // A floor no 25 fps stream reaches: the camera is degraded after 1 s, as configured.
      health: { degradedFps: 100, degradedAfterSeconds: 1 },
      ingest: { backoffInitialMs: 200, backoffMaxMs: 1000 },
      analytics: { enabled: false },
    },
  });
  // The history is dated by the centre's clock: real time here, the recorders run for real.
  t.clock.now = () => Date.now();
  await simStarted;
  await addSimulatedCameras(t.centre.services.fleet, sim, ['H-1']);
  await t.centre.start();
  admin = await t.user('admin1', 'admin');
});
after(async () => {
  await t?.stop();
  await sim.stop();
});

test('configured floor marks the live stream degraded; a drop opens an offline interval, its return closes it', async () => {
  type Outage = { cameraId: string; state: string; detail: string | null; ageSeconds: number };
  const outages = async () => (await admin.req('GET', '/api/fleet-health/outages')).json as Outage[];
  const degraded = await until('degraded', async () => (await outages()).find((o) => o.state === 'degraded'));
  assert.equal(degraded.detail, 'fps');
  assert.equal(degraded.cameraId, 'H-1');
  const t0 = Date.now();
  await sim.drop('H-1');
  await until('offline', async () => ((await outages()).some((o) => o.state === 'offline') ? true : undefined));
  // The watch's next sample sees the stream offline and ends the degradation.
  await until('degradation ended', async () =>
    (await outages()).some((o) => o.state === 'degraded') ? undefined : true,
  );
  await sim.restore('H-1');
  await until('back online', async () => ((await outages()).some((o) => o.state === 'offline') ? undefined : true));
  const from = new Date(t0 - 60_000).toISOString();
  const to = new Date(Date.now() + 1000).toISOString();
  const h = await admin.req('GET', `/api/cameras/H-1/health-history?from=${from}&to=${to}`);
  assert.equal(h.status, 200);
  const off = (h.json as Array<{ state: string; from: string; to: string | null }>).filter(
    (i) => i.state === 'offline',
  );
  assert.equal(off.length, 1, JSON.stringify(h.json));
  assert.ok(off[0]!.to !== null && Date.parse(off[0]!.to) > Date.parse(off[0]!.from));
  const m = await admin.req('GET', '/metrics');
  assert.match(m.text, /vigie_fleet_availability_today_ratio \d/);
});
