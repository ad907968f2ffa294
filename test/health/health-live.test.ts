// The health history end to end (issue 24): a real recorder of a simulated camera, the centre's wiring and the API.
// Seam: health.degradedFps and health.degradedAfterSeconds, set in the configuration, mark a real stream degraded.
// A dropped camera opens an offline interval and its return closes it, pushed by the bus.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SYSTEM } from '../../src/core/users/principal.js';
import { CameraSimulator } from '../../src/media/simulator/simulator.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';
import { addSimulatedCameras } from '../support/sim-cameras.js';

const sim = new CameraSimulator({ port: 0, main: { width: 160, height: 120 }, sub: { width: 160, height: 120 } });
let t: TestCentre;
let admin: Client;
let op: Client;
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
  await t.centre.services.fleet.upsertSector(SYSTEM, { id: 'nord', name: 'Nord' });
  await t.centre.start();
  // While the recorder connects: each login hashes a password.
  [admin, op] = await Promise.all([t.user('admin1', 'admin'), t.user('op-nord', 'operator', ['nord'])]);
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

test('the report is scoped to the caller’s sectors; bad ranges are refused in one line', async () => {
  const day = new Date().toISOString().slice(0, 10);
  const q = `/api/fleet-health/availability?from=${day}&to=${day}`;
  const mine = await admin.req('GET', q);
  assert.equal(mine.status, 200);
  assert.deepEqual(
    mine.json.cameras.map((c: { cameraId: string }) => c.cameraId),
    ['H-1'],
  );
  assert.ok(mine.json.cameras[0].availability < 1, 'the drop counts as down');
  const theirs = await op.req('GET', q);
  assert.equal(theirs.status, 200);
  assert.deepEqual(theirs.json.cameras, []);
  assert.equal(theirs.json.fleet.availability, null, 'nothing of theirs was observed');
  assert.deepEqual((await op.req('GET', '/api/fleet-health/outages')).json, []);
  assert.equal(
    (await op.req('GET', '/api/cameras/H-1/health-history?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z')).status,
    404,
  );
  const bad = async (query: string) => {
    const r = await admin.req('GET', `/api/fleet-health/availability?${query}`);
    assert.equal(r.status, 400, query);
    return r.json.message as string;
  };
  assert.match(await bad('from=2026-02-30&to=2026-03-01'), /from: '2026-02-30' is not a date/);
  assert.match(await bad('from=2026-03-02&to=2026-03-01'), /before from/);
  assert.match(await bad('from=2020-01-01&to=2026-01-01'), /more than 400 days/);
  assert.match(await bad('from=2026-03-01&to=2026-03-02&by=week'), /by/);
  const h = await admin.req('GET', '/api/cameras/H-1/health-history?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z');
  assert.equal(h.status, 400);
  assert.match(h.json.message, /to must be after from/);
});
