// Evidence of the basis (law.md L4): each event and alarm names the authorisation it was produced under, over the
// API; an export's manifest names the authorisations its footage was recorded and analysed under.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { SYSTEM } from '../../src/core/users/principal.js';
import { makeSegments, placeSegment, SEG_MS } from '../recordings/helpers.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';
import { body, camera, DEC_4 } from './support.js';

let t: TestCentre;
let admin: Client;
let vp: { id: string };
let ap: { id: string };
let files: string[];

before(async () => {
  t = await startCentre({ config: { ingest: { enabled: false }, analytics: { enabled: false } } });
  t.clock.t = DEC_4;
  const { fleet } = t.centre.services;
  await fleet.upsertSector(SYSTEM, { id: 'gare', name: 'Gare' });
  await fleet.upsertSector(SYSTEM, { id: 'parc', name: 'Parc' });
  await camera(t, 'VAL-042', 'gare');
  await camera(t, 'VAL-070', 'parc');
  admin = await t.user('admin', 'admin');
  const record = async (b: Record<string, unknown>) => {
    const r = await admin.req('POST', '/api/authorisations', b);
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  vp = await record(body({ kind: 'video_protection', reference: 'ARR-VP-042', sectorIds: ['gare'] }));
  ap = await record(
    body({ kind: 'algorithmic_processing', reference: 'ARR-AP-042', cameraIds: ['VAL-042'], families: ['intrusion'] }),
  );
  files = makeSegments(1);
});
after(async () => {
  await t?.stop();
  if (files?.[0]) rmSync(dirname(files[0]), { recursive: true, force: true });
});

test('events and alarms name their authorisation over the API; an uncovered camera’s name none', async () => {
  const { events, alarms } = t.centre.services;
  const intrusion = await events.emit({ cameraId: 'VAL-042', kind: 'intrusion', zoneId: 'quai' });
  const tamper = await events.emit({ cameraId: 'VAL-042', kind: 'camera_tamper' });
  const fire = await events.emit({ cameraId: 'VAL-042', kind: 'fire', zoneId: 'quai' });
  const outside = await events.emit({ cameraId: 'VAL-070', kind: 'intrusion', zoneId: 'allee' });
  await alarms.idle();
  const ev = async (id: string) => {
    const r = await admin.req('GET', `/api/events/${id}`);
    assert.equal(r.status, 200, r.text);
    return r.json.authorisationId;
  };
  assert.equal(await ev(intrusion.id), ap.id, 'an analytic event: the algorithmic_processing authorisation');
  assert.equal(await ev(tamper.id), vp.id, "a technical event: the camera's video_protection authorisation");
  assert.equal(await ev(fire.id), undefined, 'fire is not among the families authorised');
  assert.equal(await ev(outside.id), undefined, 'no authorisation covers the camera');
  const listed = (await admin.req('GET', '/api/events?cameraId=VAL-042')).json as {
    id: string;
    authorisationId?: string;
  }[];
  assert.equal(listed.find((e) => e.id === intrusion.id)?.authorisationId, ap.id);

  const alarmOf = async (cameraId: string, kind: string) => {
    const r = await admin.req('GET', `/api/alarms?cameraId=${cameraId}`);
    assert.equal(r.status, 200, r.text);
    const a = (r.json.items as { id: string; kind: string; authorisationId: string | null }[]).find(
      (x) => x.kind === kind,
    );
    assert.ok(a, `an alarm for ${kind} on ${cameraId}`);
    assert.equal((await admin.req('GET', `/api/alarms/${a.id}`)).json.authorisationId, a.authorisationId);
    return a.authorisationId;
  };
  assert.equal(await alarmOf('VAL-042', 'intrusion'), ap.id);
  assert.equal(await alarmOf('VAL-070', 'intrusion'), null);
});

test('an export’s manifest names the authorisations its footage was recorded and analysed under', async () => {
  const { store, events } = t.centre.services;
  const root = join(t.dataDir, 'recordings');
  const T0 = t.clock.t - 3_600_000;
  for (const c of ['VAL-042', 'VAL-070']) await placeSegment(store, root, c, T0, files[0]!);
  await events.emit({ cameraId: 'VAL-042', kind: 'intrusion', zoneId: 'voie', startedAt: T0 + 2000 });
  const range = { from: new Date(T0).toISOString(), to: new Date(T0 + SEG_MS).toISOString(), reason: 'PV 2026/042' };

  const made = await admin.req('POST', '/api/cameras/VAL-042/exports', range);
  assert.equal(made.status, 201, made.text);
  const refs = (m: { authorisations: { reference: string }[] }) => m.authorisations.map((a) => a.reference).sort();
  assert.deepEqual(refs(made.json), ['ARR-AP-042', 'ARR-VP-042']);
  const named = made.json.authorisations.find((a: { id: string }) => a.id === vp.id);
  assert.deepEqual(named, {
    id: vp.id,
    kind: 'video_protection',
    reference: 'ARR-VP-042',
    authority: 'Préfet du Nord',
    startsOn: '2026-01-05',
    endsOn: '2026-12-31',
    revokedAt: null,
  });
  // The manifest as stored and served later says the same.
  assert.deepEqual(
    (await admin.req('GET', `/api/exports/${made.json.id}`)).json.authorisations,
    made.json.authorisations,
  );

  // A camera no authorisation covers: the manifest says so by an empty list.
  const bare = await admin.req('POST', '/api/cameras/VAL-070/exports', range);
  assert.equal(bare.status, 201, bare.text);
  assert.deepEqual(bare.json.authorisations, []);
});
