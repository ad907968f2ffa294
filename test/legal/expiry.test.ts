// L4 "at the end date it stops by itself", on a real store with an injected clock: the expiry pass switches off the
// analytics an authorisation no longer covers (one event per camera, journaled, the spec kept), never switches them
// back on, warns 30/7/1 days before an end exactly once each (a restart included), and a revocation acts at once.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Centre } from '../../src/app/centre.js';
import { SYSTEM } from '../../src/core/users/principal.js';
import { Client, PASSWORD, TestClock } from '../support/centre.js';
import {
  addCameras,
  algoAuth,
  enabledIds,
  eventsOf,
  FIRE_SPEC,
  openCentre,
  removeDataDir,
  setDay,
  sleep,
  videoAuth,
} from './expiry-fixture.js';

const dirs: string[] = [];
const open: Centre[] = [];
after(async () => {
  for (const c of open) await c.close().catch(() => {});
  for (const d of dirs) removeDataDir(d);
});

async function centre(clock: TestClock, dataDir?: string) {
  const c = await openCentre(clock, {}, dataDir);
  if (!dataDir) dirs.push(c.dataDir);
  open.push(c.centre);
  return c;
}

async function login(
  c: Centre,
  base: string,
  username: string,
  role: 'admin' | 'supervisor' | 'operator',
  sectors: string[],
) {
  await c.services.users.create(SYSTEM, { username, password: PASSWORD, role, sectorIds: sectors });
  const client = new Client(base);
  assert.equal((await client.login(username)).status, 200);
  return client;
}

test('at the end date the analytics it covered stop: one event per camera that ran them, journaled, spec kept; a renewal restarts nothing', async () => {
  const clock = new TestClock();
  setDay(clock, '2026-06-01');
  const { centre: c, base } = await centre(clock);
  const { legal, legalExpiry, store } = c.services;
  await addCameras(c, 'gare', ['EX-1', 'EX-2', 'EX-3']);
  await addCameras(c, 'port', ['EX-4']);
  await legal.create(SYSTEM, videoAuth(['gare', 'port']));
  const ending = await legal.create(SYSTEM, algoAuth('AP-GARE', ['gare'], '2026-06-20'));
  // A renewal recorded ahead that leaves a gap (it starts on the 23rd): not what was lost, not yet a basis either.
  await legal.create(SYSTEM, algoAuth('AP-GARE-NEXT', ['gare'], '2027-06-20', ['fire'], '2026-06-23'));
  await legal.create(SYSTEM, algoAuth('AP-PORT', ['port'], '2027-12-31'));
  const admin = await login(c, base, 'admin', 'admin', []);
  for (const id of ['EX-1', 'EX-2', 'EX-4'])
    assert.equal((await admin.req('PUT', `/api/cameras/${id}/analytics`, FIRE_SPEC)).status, 200);

  setDay(clock, '2026-06-20');
  assert.deepEqual((await legalExpiry.run()).stopped, [], 'its last day is still in force');
  assert.deepEqual(await enabledIds(c), ['EX-1', 'EX-2', 'EX-4']);

  setDay(clock, '2026-06-21');
  assert.deepEqual((await legalExpiry.run()).stopped.sort(), ['EX-1', 'EX-2']);
  assert.deepEqual(await enabledIds(c), ['EX-4'], 'the other sector’s basis still holds');
  const expired = await eventsOf(c, 'legal_basis_expired');
  assert.deepEqual(expired.map((e) => e.cameraId).sort(), ['EX-1', 'EX-2'], 'one event per camera that ran them');
  for (const e of expired) {
    assert.equal(e.authorisationId, ending.id);
    assert.deepEqual(e.details.references, ['AP-GARE']);
    assert.match(
      String(e.details.reasons),
      /no algorithmic_processing authorisation covers 'fire' on 2026-06-21 \(AP-GARE ended on 2026-06-20; AP-GARE-NEXT starts on 2026-06-23\)/,
    );
  }
  const journal = await store.audit.search({ action: 'legal.analytics_stopped', limit: 10 });
  assert.deepEqual(journal.map((j) => j.target).sort(), ['EX-1', 'EX-2']);
  assert.equal(journal[0]!.actor, 'system');
  assert.match(journal[0]!.details, /AP-GARE/);
  assert.equal((await admin.login('admin')).status, 200, 'a new session: twenty days went by');
  const got = await admin.req('GET', '/api/cameras/EX-1/analytics');
  assert.equal(got.status, 200, got.text);
  const kept = got.json;
  assert.equal(kept.enabled, false);
  assert.equal(kept.pipeline.situations.fire.enabled, true, 'the spec is kept for the day it is re-enabled');

  assert.deepEqual((await legalExpiry.run()).stopped, [], 'a second pass finds nothing more to stop');
  assert.equal((await eventsOf(c, 'legal_basis_expired')).length, 2, 'nor raises the event again');
  const refused = await admin.req('PUT', '/api/cameras/EX-1/analytics', FIRE_SPEC);
  assert.equal(refused.status, 409);
  assert.match(refused.json.message, /AP-GARE ended on 2026-06-20/);

  await legal.create(SYSTEM, algoAuth('AP-GARE-2', ['gare'], '2027-06-20', ['fire'], '2026-06-21'));
  await legalExpiry.run();
  assert.deepEqual(await enabledIds(c), ['EX-4'], 'a renewal switches nothing back on by itself');
  assert.equal((await admin.req('PUT', '/api/cameras/EX-1/analytics', FIRE_SPEC)).status, 200, 'a person does');
  assert.deepEqual(await enabledIds(c), ['EX-1', 'EX-4']);
  assert.equal((await eventsOf(c, 'legal_basis_expired')).length, 2);
});

test('warnings 30, 7 and 1 days before an end: once each, never repeated by a restart; supervisors see them, operators do not', async () => {
  const clock = new TestClock();
  setDay(clock, '2026-06-01');
  const first = await centre(clock);
  const { legal } = first.centre.services;
  await addCameras(first.centre, 'gare', ['WN-1']);
  await legal.create(SYSTEM, videoAuth(['gare']));
  const ap = await legal.create(SYSTEM, algoAuth('AP-WARN', ['gare'], '2026-07-31'));
  await first.centre.start();
  assert.equal((await eventsOf(first.centre, 'legal_basis_expiring')).length, 0, '60 days before: nothing yet');

  setDay(clock, '2026-07-01');
  assert.deepEqual((await first.centre.services.legalExpiry.run()).warned, [{ authorisationId: ap.id, level: 30 }]);
  assert.deepEqual((await first.centre.services.legalExpiry.run()).warned, [], 'the next pass does not repeat it');
  await first.centre.close();
  open.splice(open.indexOf(first.centre), 1);

  // Restarted the same day: the start's own pass finds the 30-day warning already given.
  const again = await centre(clock, first.dataDir);
  await again.centre.start();
  const { legalExpiry } = again.centre.services;
  assert.equal((await eventsOf(again.centre, 'legal_basis_expiring')).length, 1, 'not repeated after a restart');

  const levels: number[] = [];
  for (let d = Date.parse('2026-07-02'); d <= Date.parse('2026-08-02'); d += 86_400_000) {
    setDay(clock, new Date(d).toISOString().slice(0, 10));
    for (const w of (await legalExpiry.run()).warned) levels.push(w.level);
  }
  assert.deepEqual(levels, [7, 1], 'day by day to the end and beyond: 7 and 1 days before, once each');
  const warnings = (await eventsOf(again.centre, 'legal_basis_expiring')).reverse();
  assert.deepEqual(
    warnings.map((e) => [e.cameraId, e.details.reference, e.details.endsOn, e.details.daysLeft, e.details.level]),
    [
      ['*', 'AP-WARN', '2026-07-31', 30, 30],
      ['*', 'AP-WARN', '2026-07-31', 7, 7],
      ['*', 'AP-WARN', '2026-07-31', 1, 1],
    ],
  );
  assert.ok(warnings.every((e) => e.authorisationId === ap.id));

  await again.centre.services.alarms.idle();
  const sup = await login(again.centre, again.base, 'sup', 'supervisor', ['gare']);
  const op = await login(again.centre, again.base, 'op-gare', 'operator', ['gare']);
  const supAlarms = (await sup.req('GET', '/api/alarms?kind=legal_basis_expiring')).json.items;
  assert.ok(supAlarms.length >= 1, 'the supervisor has the alarm');
  assert.ok(['low', 'medium'].includes(supAlarms[0].priority));
  assert.equal((await op.req('GET', '/api/alarms')).json.items.length, 0, 'the operator does not');
  assert.equal((await op.req('GET', `/api/alarms/${supAlarms[0].id}`)).status, 404);
});

test('an authorisation recorded 5 days before its end warns once, at the 7-day level', async () => {
  const clock = new TestClock();
  setDay(clock, '2026-06-01');
  const { centre: c } = await centre(clock);
  await addCameras(c, 'gare', ['WN-2']);
  const ap = await c.services.legal.create(SYSTEM, algoAuth('AP-LATE', ['gare'], '2026-06-06'));
  assert.deepEqual((await c.services.legalExpiry.run()).warned, [{ authorisationId: ap.id, level: 7 }]);
  assert.deepEqual((await c.services.legalExpiry.run()).warned, []);
});

test('a revocation stops the analytics it covered at once, and the supervisor of the sector is told', async () => {
  const clock = new TestClock();
  setDay(clock, '2026-06-01');
  const { centre: c, base } = await centre(clock);
  await addCameras(c, 'port', ['RV-1', 'RV-2']);
  await c.services.legal.create(SYSTEM, videoAuth(['port']));
  const ap = await c.services.legal.create(SYSTEM, algoAuth('AP-RV', ['port'], '2027-12-31'));
  const admin = await login(c, base, 'admin', 'admin', []);
  for (const id of ['RV-1', 'RV-2'])
    assert.equal((await admin.req('PUT', `/api/cameras/${id}/analytics`, FIRE_SPEC)).status, 200);
  // checkSeconds is 30: anything within two seconds is the revocation's doing, not the interval's.
  await c.start();
  assert.deepEqual(await enabledIds(c), ['RV-1', 'RV-2']);
  const at = Date.now();
  const r = await admin.req('POST', `/api/authorisations/${ap.id}/revoke`, { reason: 'annulled by the court' });
  assert.equal(r.status, 200, r.text);
  while ((await enabledIds(c)).length && Date.now() - at < 2000) await sleep(20);
  assert.deepEqual(await enabledIds(c), [], `stopped ${Date.now() - at} ms after the revocation`);
  const expired = await eventsOf(c, 'legal_basis_expired');
  assert.deepEqual(expired.map((e) => e.cameraId).sort(), ['RV-1', 'RV-2']);
  assert.match(String(expired[0]!.details.reasons), /AP-RV was revoked/);

  await c.services.alarms.idle();
  const sup = await login(c, base, 'sup-port', 'supervisor', ['port']);
  const op = await login(c, base, 'op-port', 'operator', ['port']);
  const alarms = (await sup.req('GET', '/api/alarms?kind=legal_basis_expired')).json.items;
  assert.deepEqual(alarms.map((a: { cameraId: string }) => a.cameraId).sort(), ['RV-1', 'RV-2']);
  assert.equal(alarms[0].priority, 'high');
  assert.equal((await op.req('GET', '/api/alarms?kind=legal_basis_expired')).json.items.length, 0);
  assert.equal((await op.req('GET', `/api/alarms/${alarms[0].id}`)).status, 404);
  const stats = (await op.req('GET', '/api/alarms/stats')).json;
  assert.doesNotMatch(JSON.stringify(stats), /legal_basis/, 'nor in the operator’s statistics');
  // Nor are the events themselves: the supervisor lists and opens them, the operator gets nothing and a 404.
  const supEvents = (await sup.req('GET', '/api/events?kind=legal_basis_expired')).json;
  assert.equal(supEvents.length, 2, JSON.stringify(supEvents).slice(0, 300));
  assert.equal((await sup.req('GET', `/api/events/${supEvents[0].id}`)).status, 200);
  assert.deepEqual((await op.req('GET', '/api/events?kind=legal_basis_expired')).json, []);
  assert.doesNotMatch(JSON.stringify((await op.req('GET', '/api/events')).json), /legal_basis/);
  assert.equal((await op.req('GET', `/api/events/${supEvents[0].id}`)).status, 404);
});

test('a camera changed by a person while the pass ran is left as they set it (no stop, no event)', async () => {
  const clock = new TestClock();
  setDay(clock, '2026-06-01');
  const { centre: c } = await centre(clock);
  const { legal, analytics, store, legalExpiry } = c.services;
  await addCameras(c, 'gare', ['RC-1']);
  await legal.create(SYSTEM, videoAuth(['gare']));
  await legal.create(SYSTEM, algoAuth('AP-RC', ['gare'], '2026-06-20'));
  await analytics.put(SYSTEM, 'RC-1', FIRE_SPEC);
  // The pass read the camera as it was; a person switched it off (another spec) before the pass wrote.
  const stale = await store.analytics.enabled();
  await analytics.put(SYSTEM, 'RC-1', { ...FIRE_SPEC, enabled: false, fps: 2 });
  const enabled = store.analytics.enabled;
  store.analytics.enabled = async () => stale;
  try {
    setDay(clock, '2026-06-21');
    assert.deepEqual((await legalExpiry.run()).stopped, []);
  } finally {
    store.analytics.enabled = enabled;
  }
  assert.equal((await eventsOf(c, 'legal_basis_expired')).length, 0);
  assert.equal(JSON.parse((await store.analytics.get('RC-1'))!.config).fps, 2, 'their change stands');
});

test('an authorisation corrected so that it no longer lists a family stops the analytics detecting it at once', async () => {
  const clock = new TestClock();
  setDay(clock, '2026-06-01');
  const { centre: c, base } = await centre(clock);
  await addCameras(c, 'gare', ['CH-1']);
  await c.services.legal.create(SYSTEM, videoAuth(['gare']));
  const input = algoAuth('AP-CH', ['gare'], '2027-12-31');
  const ap = await c.services.legal.create(SYSTEM, input);
  const admin = await login(c, base, 'admin', 'admin', []);
  assert.equal((await admin.req('PUT', '/api/cameras/CH-1/analytics', FIRE_SPEC)).status, 200);
  await c.start();
  const r = await admin.req('PUT', `/api/authorisations/${ap.id}`, { ...input, families: ['intrusion'] });
  assert.equal(r.status, 200, r.text);
  const at = Date.now();
  while ((await enabledIds(c)).length && Date.now() - at < 2000) await sleep(20);
  assert.deepEqual(await enabledIds(c), []);
  const [e] = await eventsOf(c, 'legal_basis_expired');
  assert.equal(e?.cameraId, 'CH-1');
  assert.match(String(e?.details.reasons), /no algorithmic_processing authorisation covers 'fire' on 2026-06-01/);
});

test('only what lost its basis stops: a camera detecting intrusion and fire keeps intrusion when the fire basis ends', async () => {
  const clock = new TestClock();
  setDay(clock, '2026-06-01');
  const { centre: c, base } = await centre(clock);
  const { legal, legalExpiry } = c.services;
  await addCameras(c, 'quai', ['MX-1']);
  await legal.create(SYSTEM, videoAuth(['quai']));
  await legal.create(SYSTEM, algoAuth('AP-INTRUSION', ['quai'], '2027-12-31', ['intrusion']));
  await legal.create(SYSTEM, algoAuth('AP-FIRE', ['quai'], '2026-06-10', ['fire']));
  const admin = await login(c, base, 'admin', 'admin', []);
  const zone = {
    id: 'quai',
    name: 'Quai',
    polygon: [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ],
  };
  const spec = {
    ...FIRE_SPEC,
    scene: { zones: [zone], rules: [{ id: 'no-entry', kind: 'intrusion', zoneId: 'quai' }] },
  };
  const put = await admin.req('PUT', '/api/cameras/MX-1/analytics', spec);
  assert.equal(put.status, 200, put.text);

  setDay(clock, '2026-06-11');
  assert.deepEqual((await legalExpiry.run()).stopped, ['MX-1']);
  assert.deepEqual(await enabledIds(c), ['MX-1'], 'the camera still runs what is covered');
  assert.equal((await admin.login('admin')).status, 200, 'a new session: ten days went by');
  const now = (await admin.req('GET', '/api/cameras/MX-1/analytics')).json;
  assert.equal(now.enabled, true);
  assert.equal(now.pipeline.situations.fire.enabled, false, 'fire detection is off');
  assert.equal(now.scene.rules[0].enabled, true, 'the intrusion rule runs on');
  const [e] = await eventsOf(c, 'legal_basis_expired');
  assert.deepEqual([e?.details.families, e?.details.kept], [['fire'], ['intrusion']]);
  assert.match(String(e?.details.message), /^fire stopped on MX-1/);
  assert.deepEqual((await legalExpiry.run()).stopped, [], 'what runs now is covered: nothing more to stop');
  // Switching fire back on without a new basis is refused by the gate, naming the family.
  const again = await admin.req('PUT', '/api/cameras/MX-1/analytics', spec);
  assert.equal(again.status, 409);
  assert.match(again.json.message, /'fire'/);
});
