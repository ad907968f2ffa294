// LIVE, several processes: two `vigie serve --role recorder` children and an api node (in this process) on a private
// NATS and a fresh PostgreSQL, sharing one recordings folder, four simulated cameras, lease 3 s, 2 s segments.
// SIGKILL the recorder holding cameras: the other records them again, salvages the file the dead one was writing,
// and the api plays back a range spanning the move. The recording gap of each moved camera is read from the index.
// Solo (run alone before the rest, scripts/test.mjs): the gap it measures is a latency the issue bounds.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { NatsKvLeaseStore } from '../../src/adapters/leases/nats-kv.js';
import { type Centre, createCentre } from '../../src/app/centre.js';
import { loadConfig } from '../../src/config/load.js';
import type { Segment } from '../../src/core/ports/recordings.js';
import { SYSTEM } from '../../src/core/users/principal.js';
import { CameraSimulator } from '../../src/media/simulator/simulator.js';
import { videoAuth } from '../legal/expiry-fixture.js';
import { Client, PASSWORD } from '../support/centre.js';
import { clusterPlace, until } from '../support/cluster.js';
import { natsMissing, type PrivateNats, startNats } from '../support/nats.js';
import { addSimulatedCameras } from '../support/sim-cameras.js';

const CAMS = ['R-1', 'R-2', 'R-3', 'R-4'];
const LEASE_MS = 3000;
const SEGMENT_MS = 2000;
/**
 * From the claim to the first recorded frame: the reconciler's start, ffmpeg, RTSP and its stream probing. Measured
 * 3.3-4.0 s with the machine's load average at 18 on 2 cores (other agents' tests); allowed 6 s.
 */
const RECONNECT_MS = 6000;
const skip = natsMissing() ?? undefined;
const simDir = mkdtempSync(join(tmpdir(), 'vigie-rec-sim-'));
const small = { width: 320, height: 240 };
const sim = new CameraSimulator({ port: 0, cacheDir: simDir, main: small, sub: small, fps: 10, seconds: 10 });
let nats: PrivateNats;
let place: Exclude<Awaited<ReturnType<typeof clusterPlace>>, string> | undefined;
let api: Centre | undefined;
let base = '';
let nc: NatsConnection | undefined;
let leases: NatsKvLeaseStore;
/** How long each phase took (reported: the test's time is budgeted). */
const phases: string[] = [];
const nodes = new Map<string, { proc: ChildProcess; online: Map<string, number>; log: string[] }>();

/** One node's config: the shared database, NATS, data dir (and recordings folder); periods of 1 s to settle fast. */
function config(name: string, extra: string[] = []): string {
  const p = place!;
  const file = join(p.dir, `${name}.yaml`);
  writeFileSync(
    file,
    [
      `dataDir: ${join(p.dir, 'data')}`,
      `database: { url: '${p.url}' }`,
      `cluster: { nodeName: ${name}, nats: { servers: ['nats://127.0.0.1:${nats.port}'] }, leases: { leaseSeconds: ${LEASE_MS / 1000}, periodSeconds: 1 } }`,
      "live: { privacy: 'off' }",
      'analytics: { enabled: false }',
      `recordings: { segmentSeconds: ${SEGMENT_MS / 1000} }`,
      ...extra,
      '',
    ].join('\n'),
  );
  return file;
}

/** `vigie serve --role recorder`; its "camera stream state" lines say when each camera records there. */
function recorderNode(name: string) {
  const file = config(name, ['log: { level: info }']);
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', '-c', file, 'serve', '--role', 'recorder'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const online = new Map<string, number>();
  const log: string[] = [];
  let buf = '';
  proc.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    for (const l of lines) {
      if (/taken over|not published|reconcile/.test(l)) log.push(l);
      const m = /"camera":"([^"]+)","state":"online"/.exec(l);
      if (m?.[1] && !online.has(m[1])) online.set(m[1], Date.now());
    }
  });
  nodes.set(name, { proc, online, log });
}

before(
  async () => {
    if (skip) return;
    const t0 = Date.now();
    const p = await clusterPlace();
    if (typeof p === 'string') return;
    place = p;
    nats = await startNats();
    // The recorder nodes first: their start (seconds) overlaps the simulator's and the api's; they take the cameras
    // as the api adds them (fleet changes on the bus).
    recorderNode('rec-1');
    recorderNode('rec-2');
    await sim.start(CAMS.map((id) => ({ id })));
    const apiCfg = config('api-1', ['log: { level: warn }', 'http: { port: 0 }']);
    api = await createCentre(loadConfig(apiCfg, {}, { role: 'api' }), { logger: pino({ level: 'silent' }) });
    await api.start();
    base = await api.server.listen({ host: '127.0.0.1', port: 0 });
    const s = api.services;
    await addSimulatedCameras(s.fleet, sim, CAMS);
    await s.legal.create(SYSTEM, videoAuth(['gare']));
    await s.users.create(SYSTEM, { username: 'viewer', password: PASSWORD, role: 'admin', sectorIds: [] });
    nc = await connect({ servers: `nats://127.0.0.1:${nats.port}` });
    leases = await NatsKvLeaseStore.open({ nc, bucket: 'vigie-leases', leaseMs: LEASE_MS });
    phases.push(`set-up ${Date.now() - t0} ms`);
  },
  { timeout: 120_000 },
);
after(async () => {
  const t0 = Date.now();
  const running = [...nodes.values()].filter(({ proc }) => proc.exitCode === null && proc.signalCode === null);
  const exited = running.map(({ proc }) => new Promise((r) => proc.once('exit', r)));
  for (const { proc } of running) proc.kill('SIGTERM');
  // Independent: stopped together (the teardown is part of the test's budgeted time).
  await Promise.all([Promise.all(exited), api?.close(), sim.stop()]);
  await leases?.close();
  await nc?.close();
  await nats?.stop();
  await place?.dispose();
  rmSync(simDir, { recursive: true, force: true });
  console.log(`teardown ${Date.now() - t0} ms`);
});

const alive = () => {
  for (const [name, { proc }] of nodes)
    if (proc.exitCode !== null && !proc.killed) throw new Error(`${name} exited with ${proc.exitCode}`);
};
const ownersNow = async () => new Map((await leases.owners('recording')).map((l) => [l.cameraId, l.node]));
const segsOf = (cam: string): Promise<Segment[]> => api!.services.store.segments.range(cam, 0, Number.MAX_SAFE_INTEGER);
const recordings = () => join(place!.dir, 'data', 'recordings');
/** Files in a camera's `.incoming` folder not written for `quietMs` (a live recorder's current file is younger). */
function stillIncoming(cam: string, quietMs: number): string[] {
  const dir = join(recordings(), cam, '.incoming');
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => {
    try {
      return Date.now() - statSync(join(dir, n)).mtimeMs > quietMs;
    } catch {
      return false;
    }
  });
}

test('two recorders split the cameras; one SIGKILLed, the other records its cameras again, nothing finished lost', {
  timeout: 180_000,
}, async (t) => {
  if (!place) return t.skip(skip ?? 'PostgreSQL unavailable');
  const t0 = Date.now();
  const split = await until(
    async () => {
      alive();
      const o = await ownersNow();
      const per = (n: string) => CAMS.filter((id) => o.get(id) === n).length;
      if (o.size !== 4 || per('rec-1') !== 2 || per('rec-2') !== 2) return undefined;
      // Each camera recorded by its holder: a segment indexed by it.
      for (const id of CAMS) {
        const mine = (await segsOf(id)).filter((s) => s.node === o.get(id));
        if (mine.length < 1) return undefined;
      }
      return o;
    },
    60_000,
    'four cameras leased two per recorder, each recording',
  );
  phases.push(`nodes up, split and recording ${Date.now() - t0} ms`);
  const victimName = 'rec-1';
  const victim = nodes.get(victimName)!;
  const survivor = nodes.get('rec-2')!;
  const moved = CAMS.filter((id) => split.get(id) === victimName);
  const before = new Map<string, Segment[]>();
  for (const id of CAMS) before.set(id, await segsOf(id));
  const killedAt = Date.now();
  victim.proc.kill('SIGKILL');
  // The survivor's claim, seen in the lease bucket.
  let owners = new Map<string, string>();
  const leasedTo = (id: string) => owners.get(id);
  await until(
    async () => {
      owners = await ownersNow();
      return moved.every((id) => leasedTo(id) === 'rec-2') ? true : undefined;
    },
    30_000,
    "rec-2 claiming the dead node's cameras",
  );
  const claimedMs = Date.now() - killedAt;
  // Every moved camera recorded again by the survivor: a segment of it starting after the kill.
  await until(
    async () => {
      for (const id of moved) {
        const after = (await segsOf(id)).filter((s) => s.startMs > killedAt && s.node === 'rec-2');
        if (after.length < 1) return undefined;
      }
      return true;
    },
    30_000,
    'the moved cameras recorded again by rec-2',
  );
  // No finished segment left behind: the dead node's files in the moved cameras' .incoming were salvaged (their
  // holder's current file is younger than a segment and a half).
  const leftovers = moved.map((id) => stillIncoming(id, 0).length);
  await until(
    async () => (moved.every((id) => stillIncoming(id, 2 * SEGMENT_MS).length === 0) ? true : undefined),
    10_000,
    'the leftovers salvaged',
  );
  t.diagnostic(`files in the moved cameras' .incoming after the claim: ${leftovers}`);
  for (const l of survivor.log) t.diagnostic(`rec-2: ${l}`);
  phases.push(`recorded again ${Date.now() - killedAt} ms after the kill`);
  const leased = await ownersNow();
  for (const id of CAMS) assert.equal(leased.get(id), 'rec-2', `${id} now leased by rec-2`);

  for (const id of moved) {
    const segs = await segsOf(id);
    // Nothing indexed before the kill was lost; the dead node's last file was salvaged (indexed, moved into place).
    const ids = new Set(segs.map((s) => s.id));
    for (const s of before.get(id)!) assert.ok(ids.has(s.id), `${s.id} still indexed`);
    // Written by one node at a time: the dead node's segments all end before the survivor's begin.
    const lastDead = Math.max(...segs.filter((s) => s.node === victimName).map((s) => s.endMs));
    const firstNew = Math.min(...segs.filter((s) => s.node === 'rec-2' && s.startMs > killedAt).map((s) => s.startMs));
    assert.ok(lastDead <= firstNew, `${id}: rec-1 until ${lastDead}, rec-2 from ${firstNew}`);
    // The gap from the index: the largest hole between consecutive segments around the move.
    let gap = 0;
    let from = 0;
    for (let i = 1; i < segs.length; i++) {
      const hole = segs[i]!.startMs - segs[i - 1]!.endMs;
      if (segs[i]!.startMs > killedAt - SEGMENT_MS && hole > gap) [gap, from] = [hole, segs[i - 1]!.endMs];
    }
    const recordedAgain = (survivor.online.get(id) ?? Number.NaN) - killedAt;
    const near = segs.filter((s) => s.endMs > killedAt - 3 * SEGMENT_MS && s.startMs < killedAt + 15_000);
    t.diagnostic(`${id}: ${near.map((s) => `[${s.startMs - killedAt}, ${s.endMs - killedAt}] ${s.node}`).join(' ')}`);
    t.diagnostic(
      `${id}: gap ${gap} ms (recording stopped ${from - killedAt} ms after the SIGKILL), claimed by rec-2 ${claimedMs} ms and online there ${recordedAgain} ms after it`,
    );
    // The lease lapses, the survivor's keeper sees it at its next tick (a third of the lease), then the camera starts;
    // the segment the dead node was writing may be lost up to its last fragment.
    assert.ok(gap <= LEASE_MS + LEASE_MS / 3 + RECONNECT_MS + SEGMENT_MS, `${id}: gap ${gap} ms`);
  }
  // The survivor's own cameras: once it recorded one, the other node never did again (a camera may have moved from
  // rec-1 to rec-2 while the two started, never back).
  for (const id of CAMS.filter((c) => !moved.includes(c))) {
    const segs = await segsOf(id);
    const firstOwn = Math.min(...segs.filter((s) => s.node === 'rec-2').map((s) => s.startMs));
    assert.ok(
      segs.every((s) => s.node === 'rec-2' || s.endMs <= firstOwn),
      `${id}: ${segs.map((s) => s.node).join(' ')}`,
    );
  }
  // Nothing was fenced: no node published, or tried to publish, a segment of a camera it did not hold.
  for (const [name, n] of nodes)
    assert.deepEqual(
      n.log.filter((l) => l.includes('not published')),
      [],
      name,
    );

  // Playback through the api node of a range spanning the move, read from the shared recordings folder.
  const c = new Client(base);
  assert.equal((await c.login('viewer')).status, 200);
  const cam = moved[0]!;
  const q = `from=${new Date(killedAt - 3000).toISOString()}&to=${new Date(Date.now() - SEGMENT_MS).toISOString()}`;
  const res = await fetch(`${base}/api/cameras/${cam}/playback.mp4?${q}`, { headers: { cookie: c.cookie } });
  const body = Buffer.from(await res.arrayBuffer());
  assert.equal(res.status, 200, body.toString().slice(0, 200));
  const covered = JSON.parse(res.headers.get('x-vigie-covered') ?? '[]') as [string, string, number][];
  t.diagnostic(`playback ${body.length} bytes, covered ${JSON.stringify(covered)}`);
  assert.ok(covered.length >= 2, 'footage from before and after the move');
  assert.ok(body.length > 10_000);
  t.diagnostic(`phases: ${phases.join(', ')}; test ${Date.now() - t0} ms`);
});
