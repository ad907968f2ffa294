// The demo's footage and analytics: which clip each simulated camera loops, and the illustrative analytics seeded
// for it once, through the same service (validation, journal) as the API.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { demoFootage } from '../../src/app/demo.js';
import { demoAnalyticsFor, seedDemoAnalytics } from '../../src/app/demo-analytics.js';
import { addDays, DEMO_AUTHORITY, demoGateRefusal, seedDemoAuthorisations } from '../../src/app/demo-legal.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';

const dir = mkdtempSync(join(tmpdir(), 'vigie-demo-footage-'));
let t: TestCentre;
let admin: Client;
before(async () => {
  t = await startCentre({ demo: true });
  admin = await t.user('admin', 'admin');
  // As startDemo does: the authorisations before the analytics (the gate refuses analytics without a basis).
  await seedDemoAuthorisations(t.centre.services);
});
after(async () => {
  await t?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("the datasets' footage first; without them Debian's PETS09 (opencv-doc), else none (generated scenes)", () => {
  const vtest = join(dir, 'vtest.avi');
  writeFileSync(vtest, '');
  assert.deepEqual(demoFootage(join(dir, 'none'), vtest), [vtest]);
  assert.deepEqual(demoFootage(join(dir, 'none'), join(dir, 'no-vtest.avi')), []);
  mkdirSync(join(dir, 'ds/pets09-s2l1'), { recursive: true });
  mkdirSync(join(dir, 'ds/ucsd-ped2/test'), { recursive: true });
  for (const f of ['pets09-s2l1/PETS09-S2L1.mp4', 'ucsd-ped2/test/Test002.mp4', 'ucsd-ped2/test/Test001.mp4'])
    writeFileSync(join(dir, 'ds', f), '');
  assert.deepEqual(
    demoFootage(join(dir, 'ds'), vtest).map((f) => f.slice(dir.length + 4)),
    ['pets09-s2l1/PETS09-S2L1.mp4', 'ucsd-ped2/test/Test001.mp4', 'ucsd-ped2/test/Test002.mp4'],
  );
});

test('illustrative analytics seeded once per footage camera, as the API stores them; an operator config is kept', async () => {
  const { store, analytics } = t.centre.services;
  const cams = [
    { id: 'VAL-001', source: '/usr/share/doc/opencv-doc/examples/data/vtest.avi' },
    { id: 'VAL-002', source: '/d/ucsd-ped2/test/Test001.mp4' },
    { id: 'VAL-003' }, // a generated scene: nobody to analyse
  ];
  assert.deepEqual(await seedDemoAnalytics(store, analytics, cams), ['VAL-001', 'VAL-002']);
  const pets = (await admin.req('GET', '/api/cameras/VAL-001/analytics')).json;
  assert.equal(pets.enabled, true);
  assert.deepEqual(
    pets.scene.rules.map((r: { kind: string }) => r.kind),
    ['intrusion', 'wrong_way'],
  );
  // Clearly invented: every zone, line and rule says so.
  for (const x of [...pets.scene.zones, ...pets.scene.lines, ...pets.scene.rules])
    assert.match(x.name, /^Illustrative: /);
  const ped2 = (await admin.req('GET', '/api/cameras/VAL-002/analytics')).json;
  assert.deepEqual(ped2.scene.rules[0].classes, ['bicycle', 'motorcycle', 'car', 'truck']);
  assert.equal(ped2.pipeline.situations.tamper.enabled, true);
  assert.equal((await admin.req('GET', '/api/cameras/VAL-003/analytics')).json.enabled, false);
  const journal = (await admin.req('GET', '/api/audit?action=analytics.config&actor=system')).json;
  assert.deepEqual(journal.map((e: { target: string }) => e.target).sort(), ['VAL-001', 'VAL-002']);
  // Once: an operator's choice (here: off) survives the next start's seeding.
  assert.equal((await admin.req('PUT', '/api/cameras/VAL-001/analytics', { enabled: false })).status, 200);
  assert.deepEqual(await seedDemoAnalytics(store, analytics, cams), []);
  assert.equal((await admin.req('GET', '/api/cameras/VAL-001/analytics')).json.enabled, false);
});

test('illustrative authorisations: tagged, once, one ended yesterday (the gate refuses its analytic), one ending today', async () => {
  const list = (await admin.req('GET', '/api/authorisations')).json as {
    reference: string;
    authority: string;
    kind: string;
    endsOn: string;
    inForce: boolean;
    sectorIds: string[];
    retentionDays: number | null;
    families: string[];
  }[];
  const today = t.centre.services.legal.day();
  const year = (d: string) => d.slice(0, 4);
  assert.deepEqual(
    list.map((a) => a.reference).sort(),
    [
      `DEMO-AP-${year(addDays(today, -200))}-001`,
      `DEMO-AP-${year(addDays(today, -200))}-002`,
      `DEMO-AP-${year(addDays(today, -60))}-003`,
      `DEMO-VP-${year(addDays(today, -700))}-001`,
    ].sort(),
  );
  // Clearly invented: nobody takes them for a real prefect's orders.
  for (const a of list) assert.equal(a.authority, DEMO_AUTHORITY);
  assert.match(DEMO_AUTHORITY, /ILLUSTRATIVE/);
  const vp = list.find((a) => a.kind === 'video_protection')!;
  assert.equal(vp.sectorIds.length, 10, 'every demo sector filmed under a basis');
  assert.ok(vp.retentionDays! <= 30);
  const ended = list.find((a) => a.families.includes('fire'))!;
  assert.equal(ended.endsOn, addDays(today, -1));
  assert.equal(ended.inForce, false);
  const lastDay = list.find((a) => a.families.includes('wrong_way'))!;
  assert.equal(lastDay.endsOn, today);
  assert.equal(lastDay.inForce, true);
  // Seeded once: a second call (the next start) records nothing.
  assert.deepEqual(await seedDemoAuthorisations(t.centre.services), []);
  assert.equal((await admin.req('GET', '/api/authorisations')).json.length, 4);
  // The demo's PETS09 analytics run under the seeded bases (intrusion: the pilot sector's; wrong way: the last-day one).
  const pets = demoAnalyticsFor('/x/vtest.avi');
  assert.equal((await admin.req('PUT', '/api/cameras/VAL-001/analytics', pets)).status, 200);
  // PETS09 elsewhere than VAL-001 (a `--sim-cameras` layout of another footage set): its wrong-way line has no basis
  // there; that camera is skipped with the gate's words, the demo goes on.
  const refusals: string[] = [];
  const vtest = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';
  const seeded = await seedDemoAnalytics(
    t.centre.services.store,
    t.centre.services.analytics,
    [{ id: 'VAL-003', source: vtest }],
    (id, why) => refusals.push(`${id} ${why}`),
  );
  assert.deepEqual(seeded, []);
  assert.deepEqual(refusals, [
    `VAL-003 VAL-003: no algorithmic_processing authorisation covers 'wrong_way' on ${today}`,
  ]);
  // The demo asks for fire detection on VAL-001: refused, naming the ended authorisation; nothing changed.
  const refused = await demoGateRefusal(t.centre.services);
  assert.equal(
    refused,
    `VAL-001: no algorithmic_processing authorisation covers 'fire' on ${today} (${ended.reference} ended on ${ended.endsOn})`,
  );
  const after = (await admin.req('GET', '/api/cameras/VAL-001/analytics')).json;
  assert.notEqual(after.pipeline?.situations?.fire?.enabled, true);
});
