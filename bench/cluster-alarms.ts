// Alarm latency across nodes (issue 23): the alarm bench's method (bench/alarm-latency.ts: PETS09 through the
// simulator, zone rules at 5 fps, latency = alarm received − the frame time the analytics stamped on its first event),
// once on the embedded centre and once on a cluster where the camera is analysed on an analytics node and the alarm
// is received by a WebSocket console of the api node, in the same run. A WebSocket client stands in for Chromium
// (what is measured ends when the push reaches the console, not when the page draws the row).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import WebSocket from 'ws';
import scene from '../src/analytics/rules/scenes/pets09-s2l1.json' with { type: 'json' };
import { type Centre, createCentre } from '../src/app/centre.js';
import { parseConfig } from '../src/config/load.js';
import { SYSTEM } from '../src/core/users/principal.js';
import { datasetPath } from '../src/eval/datasets/paths.js';
import { CameraSimulator } from '../src/media/simulator/simulator.js';
import { TEST_MODEL_CACHE } from '../test/analytics/helpers/models.js';
import { algoAuth, videoAuth } from '../test/legal/expiry-fixture.js';
import { until } from '../test/support/cluster.js';
import { addSimulatedCameras } from '../test/support/sim-cameras.js';
import { startBenchCluster } from './cluster-place.js';
import { fmt } from './lib.js';

const MODEL_CACHE = process.env.VIGIE_MODEL_CACHE ?? TEST_MODEL_CACHE;
const PASSWORD = 'cluster bench password';
// Three cameras on the clip, started a moment apart: three times the alarms in the same wall time.
const CAMS = ['LAT-1', 'LAT-2', 'LAT-3'];
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;

async function login(centre: Centre, base: string): Promise<string> {
  await centre.services.users.create(SYSTEM, { username: 'bench', password: PASSWORD, role: 'admin', sectorIds: [] });
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench', password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/** A console on `base`'s alarm stream for `seconds` after `go()`; each raised alarm's delay after its first frame. */
async function watch(
  centre: Centre,
  base: string,
  sim: CameraSimulator,
  go: () => Promise<void>,
  running: () => boolean,
  seconds: number,
) {
  await addSimulatedCameras(centre.services.fleet, sim, CAMS, 'campus');
  const cookie = await login(centre, base);
  const seen = new Map<string, number>();
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/alarms/stream`, { headers: { cookie, origin: base } });
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (d: Buffer) => {
      const m = JSON.parse(d.toString());
      if (m.type === 'ready') return resolve();
      if (m.change === 'raised' && !seen.has(m.alarm.id)) seen.set(m.alarm.id, Date.now());
    });
    ws.once('error', reject);
  });
  // The scene's rules need an authorisation covering their families (the legal register refuses them otherwise).
  await centre.services.legal.create(SYSTEM, videoAuth(['campus']));
  const families = ['crowd_density', 'intrusion', 'wrong_way'] as const;
  await centre.services.legal.create(SYSTEM, algoAuth('AP-BENCH', ['campus'], '2027-12-31', [...families]));
  for (const id of CAMS) await centre.services.analytics.put(SYSTEM, id, { enabled: true, fps: 5, scene });
  await go();
  // The window starts once every camera's analytics receive frames (a cluster node starts them later than `all`).
  await until(async () => (running() ? true : undefined), 120_000, 'the cameras analysed');
  await new Promise((r) => setTimeout(r, seconds * 1000));
  ws.close();
  const out: number[] = [];
  for (const [id, at] of seen) {
    const res = await fetch(`${base}/api/alarms/${id}`, { headers: { cookie } });
    const a = (await res.json()) as { events?: { details?: { frameAt?: number } }[] };
    const first = a.events?.[a.events.length - 1];
    if (first?.details?.frameAt) out.push(at - first.details.frameAt);
  }
  return out;
}

async function embedded(seconds: number): Promise<number[]> {
  const sim = new CameraSimulator({ port: 0 });
  await sim.start(CAMS.map((id) => ({ id, source: datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4') })));
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-cluster-alarms-'));
  const cfg = parseConfig({
    dataDir,
    http: { port: 0 },
    log: { level: 'silent' },
    ingest: { enabled: false },
    alarms: { dedupWindowSeconds: 0 },
    analytics: { workers: 1, modelCacheDir: MODEL_CACHE },
  });
  const centre = await createCentre(cfg, { logger: pino({ level: 'silent' }) });
  try {
    const base = await centre.server.listen({ host: '127.0.0.1', port: 0 });
    const running = () =>
      centre.services.analyticsStatus.all().filter((h) => h.state === 'running' && h.received > 0).length ===
      CAMS.length;
    return await watch(centre, base, sim, () => centre.start(), running, seconds);
  } finally {
    await centre.close();
    await sim.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function clustered(seconds: number): Promise<number[]> {
  const sim = new CameraSimulator({ port: 0 });
  await sim.start(CAMS.map((id) => ({ id, source: datasetPath('pets09-s2l1', 'PETS09-S2L1.mp4') })));
  const analytics = [`analytics: { enabled: true, workers: 1, modelCacheDir: '${MODEL_CACHE}' }`];
  const c = await startBenchCluster([-1], analytics, ['alarms: { dedupWindowSeconds: 0 }']).catch(async (e) => {
    await sim.stop();
    throw e;
  });
  try {
    const running = () => {
      c.alive();
      return c.nodes[0]!.health?.receiving === CAMS.length;
    };
    return await watch(c.api, c.base, sim, async () => undefined, running, seconds);
  } finally {
    await c.close();
    await sim.stop();
  }
}

const row = (what: string, xs: number[]) =>
  xs.length === 0
    ? `| ${what} | 0 | no alarm in the window | | |`
    : `| ${what} | ${xs.length} | ${fmt(pct(xs, 0.5), 0)} ms | **${fmt(pct(xs, 0.95), 0)} ms** | ${fmt(Math.max(...xs), 0)} ms |`;

/** Both modes, `seconds` of footage each, as markdown lines. */
export async function alarmLatencyRows(seconds: number): Promise<string[]> {
  const e = await embedded(seconds);
  const c = await clustered(seconds);
  const ratio = pct(c, 0.5) / pct(e, 0.5);
  return [
    `**Alarm latency across nodes** (same run): PETS09 through the simulator, the zone rules of the alarm bench at`,
    `5 fps on ${CAMS.length} cameras, ${seconds} s each mode from when all of them are analysed, one analysis worker. Latency: the alarm received by a WebSocket console`,
    "(`/api/alarms/stream`) minus the frame time on the alarm's first event. Embedded: one process. Cluster: the",
    'cameras analysed on an analytics node (`vigie serve --role analytics` steps, own process), the events over NATS',
    "JetStream to the api node's alarm feed (work-once group), the alarm change fanned out to the console on the api node.",
    '',
    '| mode | alarms | p50 | p95 | max |',
    '|---|---|---|---|---|',
    row('embedded (`role: all`, memory bus, SQLite)', e),
    row('cluster: analytics node → NATS → api node (PostgreSQL)', c),
    '',
    `Cluster p50 / embedded p50: ${fmt(ratio, 2)}. The bus's own part is the "one at a time" column above.`,
  ];
}
