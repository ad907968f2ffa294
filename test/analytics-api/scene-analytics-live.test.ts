// Each scene analytic, enabled through the API on a live centre, raises its event from real footage played by a
// simulated camera: PUT /api/cameras/:id/analytics → supervisor → worker → event store → GET /api/events. One centre
// and one simulator serve every camera at once. An event counts only while its situation is on screen: the clips loop
// from when the simulator starts, so where each one is at any moment is known to within the stream's latency.
// Person on the ground is not here: no footage of a person lying exists in the datasets, and NanoDet mostly misses
// a rotated person pasted in (docs/analytics-ii.md); its tests inject tracks and use PETS09 ground truth.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runLearn } from '../../src/cli/learn-command.js';
import type { VigieEvent } from '../../src/core/ports/recordings.js';
import { SYSTEM } from '../../src/core/users/principal.js';
import { CameraSimulator } from '../../src/media/simulator/simulator.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';
import { passes, type SceneCamera, sceneCameras } from './scene-cameras.js';
import { footageMissing, ped2 } from './scene-clips.js';

const skip = footageMissing();
const dir = skip ? tmpdir() : mkdtempSync(join(tmpdir(), 'vigie-scenes-'));
// Only the main streams are analysed: the sub streams are made small, the least for the simulator to encode.
const sim = new CameraSimulator({ port: 0, cacheDir: join(dir, 'sim'), sub: { width: 320, height: 240 } });
const model = join(dir, 'usual-ped2.json');
const CAMS = sceneCameras(model);
let t: TestCentre;
let admin: Client;
/** When the simulator began looping the clips (a moment after, in fact), and when the centre started. */
let feedAt = 0;
let startAt = 0;
/** Each camera's first event that counts, and when its first frame was analysed. */
const hits = new Map<string, Promise<VigieEvent>>();
const joined = new Map<string, number>();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const eventsOf = async (id: string) =>
  (await t.centre.services.store.events.search({ cameraIds: [id], limit: 100 })).reverse();

/** How long (ms) after its situation last appeared in a camera's clip a frame arriving at `ms` was sent. */
const sinceShown = (ms: number, c: SceneCamera) =>
  (((ms - feedAt - c.at.fromMs) % c.at.loopMs) + c.at.loopMs) % c.at.loopMs;
/** Its kind, raised while its situation is on screen (a second either way: `feedAt` is a little late, and the
 * stream's latency delays every frame). The delay from the situation's start is what the diagnostics report. */
const shown = (e: VigieEvent, c: SceneCamera) => {
  const ms = sinceShown(e.startedAt, c);
  return e.kind === c.kind && (ms <= c.at.toMs - c.at.fromMs + 1000 || ms >= c.at.loopMs - 1000);
};
const counts = (e: VigieEvent, c: SceneCamera) => shown(e, c) && passes(c, e);
const label = (e: VigieEvent, c: SceneCamera) =>
  `${c.id}: ${e.kind} ${e.details.subKind ?? ''} ${sinceShown(e.startedAt, c)} ms after its situation appeared` +
  (e.box ? ` box ${e.box.join(',')}` : '') +
  (e.details.ratio ? ` (${e.details.ratio}x the threshold: ${e.details.reasons})` : '');

async function watch(c: SceneCamera, deadline: number): Promise<VigieEvent> {
  for (;;) {
    if (!joined.has(c.id) && (await admin.req('GET', `/api/cameras/${c.id}/analytics/health`)).json.analysed > 0)
      joined.set(c.id, Date.now());
    const hit = (await eventsOf(c.id)).find((e) => counts(e, c));
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error(`no ${c.kind} from ${c.id} while its situation was on screen`);
    await sleep(500);
  }
}

before(async () => {
  if (skip) return;
  // Three clips: learning goes through the camera pipeline (detector, tracker) since issue 22, and costs its time.
  const trains = ['Train001', 'Train002', 'Train003'];
  const [files] = await Promise.all([
    Promise.all(CAMS.map((c) => c.make(dir))),
    // Learned at the rate the camera is analysed at; Train004, which the crowd camera plays, is left out.
    runLearn({ inputs: trains.map((n) => ped2('train', n)), out: model, fps: 5 }),
  ]);
  await sim.start(CAMS.map((c, i) => ({ id: c.id, source: files[i]! })));
  feedAt = Date.now();
  t = await startCentre({ config: { ingest: { enabled: false } } });
  await t.centre.services.fleet.upsertSector(SYSTEM, { id: 'scenes', name: 'Scenes' });
  await t.authorise();
  admin = await t.user('admin', 'admin');
  for (const c of CAMS) {
    const cam = { id: c.id, name: c.id, sectorId: 'scenes', phase: 'pilot', status: 'active' } as const;
    await t.centre.services.fleet.create(SYSTEM, { ...cam, tags: [], streams: sim.urls(c.id) });
    const on = Object.fromEntries(Object.entries(c.situations).map(([k, v]) => [k, { enabled: true, ...v }]));
    const pipeline = { precision: 'int8', inputSize: 320, inputShape: 'fit', detectEvery: 3, classes: ['person'] };
    // The main stream is the clip as made (the sub stream, the simulator's rescale of it, is not analysed).
    const spec = { enabled: true, stream: 'main', fps: 5, width: 320, pipeline: { ...pipeline, situations: on } };
    const put = await admin.req('PUT', `/api/cameras/${c.id}/analytics`, spec);
    assert.equal(put.status, 200, put.text);
  }
  await t.centre.start();
  startAt = Date.now();
  for (const c of CAMS) hits.set(c.id, watch(c, startAt + 150_000));
  for (const p of hits.values()) p.catch(() => {}); // each awaited by its own test
});
after(async () => {
  await t?.stop();
  await sim.stop();
  if (!skip) rmSync(dir, { recursive: true, force: true });
});

for (const c of CAMS) {
  test(`${c.kind}: raised live while its situation is on screen`, { skip, timeout: 170_000 }, async (tc) => {
    const e = await hits.get(c.id)!;
    const at = (ms: number) => `${((ms - startAt) / 1000).toFixed(1)} s after the centre started`;
    tc.diagnostic(`${c.id}: analysed ${at(joined.get(c.id) ?? Number.NaN)}; ${label(e, c)}, ${at(e.startedAt)}`);
    c.check(e);
    assert.ok(e.snapshot, 'with a snapshot');
    const listed = await admin.req('GET', `/api/events?cameraId=${c.id}&kind=${c.kind}`);
    assert.ok(
      listed.json.some((x: { id: string }) => x.id === e.id),
      'listed by the API',
    );
  });
}

const strays = async (c: SceneCamera) => (await eventsOf(c.id)).filter((e) => !shown(e, c));

// Tamper is on for every camera (its default): a tamper event elsewhere is a false alarm, as is an event of a
// camera's own kind while its situation is off screen (but for the few weak ones a camera's `strays` tolerates).
test('nothing else is raised', { skip, timeout: 10_000 }, async (tc) => {
  const stray: string[] = [];
  for (const c of CAMS) {
    for (const e of await eventsOf(c.id)) tc.diagnostic(label(e, c));
    const off = await strays(c);
    const own = off.filter((e) => e.kind === c.kind);
    const t = c.strays;
    const tolerated =
      t !== undefined && own.length <= t.count && own.every((e) => Number(e.details.ratio) < t.maxRatio);
    if (tolerated) for (const e of own) tc.diagnostic(`tolerated: ${label(e, c)} (${t.why})`);
    for (const e of off) if (!tolerated || e.kind !== c.kind) stray.push(label(e, c));
  }
  assert.deepEqual(stray, []);
});
