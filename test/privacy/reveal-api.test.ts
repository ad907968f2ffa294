// Reveals through the API (issue 21), no video: who may reveal, what a reveal needs, what is journaled, the report,
// the camera and sector settings the console shows, and reveals ending after a restart.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { createCentre } from '../../src/app/centre.js';
import { keysDir } from '../../src/app/keys.js';
import { parseConfig } from '../../src/config/load.js';
import { cameraInputSchema } from '../../src/core/fleet/schemas.js';
import { SYSTEM } from '../../src/core/users/principal.js';
import { alarm } from '../contract/store.contract.js';
import { type Client, startCentre, type TestCentre, TestClock } from '../support/centre.js';

let t: TestCentre;
let admin: Client;
let opNord: Client;
let supNord: Client;
let auditor: Client;
const ALARM_N = randomUUID();
const ALARM_S = randomUUID();

async function camera(t: TestCentre | { centre: TestCentre['centre'] }, id: string, sectorId: string) {
  const input = { id, name: `Camera ${id}`, sectorId, streams: { main: 'rtsp://127.0.0.1:9/none' } };
  await t.centre.services.fleet.create(SYSTEM, cameraInputSchema.parse(input));
}

before(async () => {
  t = await startCentre({ config: { live: { privacy: 'blur', revealSeconds: 120 } } });
  const { fleet, store } = t.centre.services;
  await fleet.upsertSector(SYSTEM, { id: 'nord', name: 'Nord' }, '', true);
  await fleet.upsertSector(SYSTEM, { id: 'sud', name: 'Sud' }, '', true);
  await camera(t, 'CAM-N', 'nord');
  await camera(t, 'CAM-N2', 'nord');
  await camera(t, 'CAM-S', 'sud');
  await store.alarms.insert(alarm(ALARM_N, 'CAM-N'));
  await store.alarms.insert(alarm(ALARM_S, 'CAM-S'));
  admin = await t.user('admin', 'admin');
  opNord = await t.user('op-nord', 'operator', ['nord']);
  supNord = await t.user('sup-nord', 'supervisor', ['nord']);
  auditor = await t.user('audit', 'auditor');
});
after(async () => t?.stop());

const journal = (action: string) => t.centre.services.store.audit.search({ action, limit: 100 });

test('a reveal needs a reason of 5 characters or more, or an alarm of that camera: 400 naming it, nothing made', async () => {
  for (const body of [{}, { reason: '   ' }, { reason: 'abcd' }, { alarmId: ALARM_S }, { alarmId: 'not-a-uuid' }]) {
    const r = await opNord.req('POST', '/api/live/CAM-N/reveal', body);
    assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
    assert.match(r.json.message, /reason|alarm/i, r.text);
  }
  const none = await opNord.req('POST', '/api/live/CAM-N/reveal', {});
  assert.match(none.json.message, /say why you reveal: a reason of 5 characters or more, or the alarm/);
  const other = await opNord.req('POST', '/api/live/CAM-N/reveal', { alarmId: ALARM_S });
  assert.match(other.json.message, new RegExp(`alarm ${ALARM_S} is not an alarm of camera CAM-N`));
  assert.equal((await t.centre.services.store.reveals.list({})).length, 0, 'no reveal made');
  assert.equal((await journal('live.reveal')).length, 0);
});

test('outside the caller’s sectors (or missing): 404, journaled as live.reveal_refused with why; auditor 403', async () => {
  const out = await opNord.req('POST', '/api/live/CAM-S/reveal', { reason: 'a fight at the station' });
  assert.equal(out.status, 404, out.text);
  const missing = await opNord.req('POST', '/api/live/CAM-X/reveal', { reason: 'a fight at the station' });
  assert.equal(missing.status, 404, missing.text);
  const refused = await journal('live.reveal_refused');
  assert.deepEqual(
    refused.map((e) => [e.actor, e.target, JSON.parse(e.details).why]),
    [
      ['op-nord', 'CAM-X', 'no such camera'],
      ['op-nord', 'CAM-S', "camera outside the user's sectors"],
    ],
  );
  const aud = await auditor.req('POST', '/api/live/CAM-N/reveal', { reason: 'a fight at the station' });
  assert.equal(aud.status, 403, aud.text);
  assert.equal((await t.centre.services.store.reveals.list({})).length, 0, 'no reveal made');
});

test('a reveal: 201 with until = from + live.revealSeconds, journaled; a second POST answers the one in force', async () => {
  const r = await opNord.req('POST', '/api/live/CAM-N/reveal', { reason: '  a person on the ground  ' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.cameraId, 'CAM-N');
  assert.equal(r.json.actor, 'op-nord');
  assert.equal(r.json.reason, 'a person on the ground', 'trimmed');
  assert.equal(r.json.alarmId, null);
  assert.equal(Date.parse(r.json.until) - Date.parse(r.json.from), 120_000);
  const again = await opNord.req('POST', '/api/live/CAM-N/reveal', { reason: 'another reason, later' });
  assert.equal(again.status, 200, again.text);
  assert.deepEqual(again.json, r.json, 'the reveal in force, not extended');
  const [j] = await journal('live.reveal');
  assert.equal(j?.actor, 'op-nord');
  assert.equal(j?.target, 'CAM-N');
  const d = JSON.parse(j!.details);
  assert.deepEqual([d.reason, d.alarmId, d.from, d.until], ['a person on the ground', null, r.json.from, r.json.until]);
  // Opened from an alarm of the camera, no reason needed; it is per user: the admin's is another reveal.
  const fromAlarm = await admin.req('POST', '/api/live/CAM-N/reveal', { alarmId: ALARM_N });
  assert.equal(fromAlarm.status, 201, fromAlarm.text);
  assert.equal(fromAlarm.json.alarmId, ALARM_N);
  assert.notEqual(fromAlarm.json.id, r.json.id);
  // The policy playback and live ask: this user, this camera, clear until the reveal's end.
  const { privacy } = t.centre.services;
  const op = { userId: (await t.centre.services.store.users.getByUsername('op-nord'))!.id } as never;
  assert.deepEqual(await privacy.blurredFor(op, 'CAM-N'), {
    blurred: false,
    revealUntil: Date.parse(r.json.until),
    revealId: r.json.id,
  });
  assert.deepEqual(await privacy.blurredFor(op, 'CAM-N2'), { blurred: true });
});

test('DELETE ends the caller’s reveal now (journaled early); a later POST makes a new one', async () => {
  const cur = (await opNord.req('POST', '/api/live/CAM-N/reveal', { reason: 'still the same person' })).json;
  const del = await opNord.req('DELETE', '/api/live/CAM-N/reveal');
  assert.equal(del.status, 204, del.text);
  const ends = await journal('live.reveal_end');
  const end = ends.find((e) => JSON.parse(e.details).id === cur.id);
  assert.equal(JSON.parse(end!.details).how, 'early');
  assert.equal(end!.actor, 'op-nord');
  assert.equal((await opNord.req('DELETE', '/api/live/CAM-N/reveal')).status, 204, 'nothing in force: nothing to do');
  assert.equal((await journal('live.reveal_end')).length, ends.length, 'journaled once');
  const next = await opNord.req('POST', '/api/live/CAM-N/reveal', { reason: 'a second look at him' });
  assert.equal(next.status, 201, next.text);
  assert.notEqual(next.json.id, cur.id);
  assert.equal((await opNord.req('DELETE', '/api/live/CAM-S/reveal')).status, 404, 'outside the sectors');
  assert.equal((await auditor.req('DELETE', '/api/live/CAM-N/reveal')).status, 403);
});

test('the reveal report: newest first, with camera names and ends, filtered; supervisors read their sectors only', async () => {
  await admin.req('POST', '/api/live/CAM-S/reveal', { reason: 'south side check' });
  const all = await auditor.req('GET', '/api/reveals');
  assert.equal(all.status, 200, all.text);
  const items = all.json.items as Array<Record<string, unknown>>;
  assert.ok(items.length >= 4, all.text);
  const froms = items.map((i) => Date.parse(i.from as string));
  assert.deepEqual(
    froms,
    [...froms].sort((a, b) => b - a),
    'newest first',
  );
  const first = items.find((i) => i.reason === 'a person on the ground')!;
  assert.equal(first.cameraName, 'Camera CAM-N');
  assert.equal(typeof first.endedAt, 'string', 'ended early');
  assert.ok(items.some((i) => i.cameraId === 'CAM-S'));
  const sup = await supNord.req('GET', '/api/reveals');
  assert.ok(
    (sup.json.items as Array<{ cameraId: string }>).every((i) => i.cameraId !== 'CAM-S'),
    'not the other sector',
  );
  const byActor = await admin.req('GET', '/api/reveals?actor=admin&cameraId=CAM-S');
  assert.deepEqual(
    byActor.json.items.map((i: { reason: string }) => i.reason),
    ['south side check'],
  );
  const later = new Date(t.clock.now() + 1).toISOString();
  assert.deepEqual((await admin.req('GET', `/api/reveals?from=${later}`)).json.items, []);
  assert.equal((await opNord.req('GET', '/api/reveals')).status, 403, 'operators do not read the report');
  assert.equal((await admin.req('GET', '/api/reveals?from=yesterday')).status, 400);
});

test('privacy settings: camera over sector over centre, in camera answers; PATCH by admins only, journaled', async () => {
  const eff = async (id: string) => {
    const r = await admin.req('GET', `/api/cameras/${id}`);
    return [r.json.privacy, r.json.privacyEffective];
  };
  assert.deepEqual(await eff('CAM-N'), ['inherit', 'blur'], 'the centre’s live.privacy');
  assert.equal((await admin.req('PATCH', '/api/sectors/nord', { privacy: 'off' })).json.privacy, 'off');
  assert.deepEqual(await eff('CAM-N'), ['inherit', 'off'], 'the sector’s');
  assert.equal((await admin.req('PATCH', '/api/cameras/CAM-N', { privacy: 'blur' })).status, 200);
  assert.deepEqual(await eff('CAM-N'), ['blur', 'blur'], 'the camera’s own');
  assert.deepEqual(await eff('CAM-N2'), ['inherit', 'off']);
  const list = await opNord.req('GET', '/api/cameras');
  assert.deepEqual(
    list.json.items.map((c: { id: string; privacyEffective: string }) => [c.id, c.privacyEffective]),
    [
      ['CAM-N', 'blur'],
      ['CAM-N2', 'off'],
    ],
  );
  assert.equal((await opNord.req('PATCH', '/api/cameras/CAM-N', { privacy: 'off' })).status, 403);
  assert.equal((await admin.req('PATCH', '/api/cameras/CAM-N', { privacy: 'hidden' })).status, 400);
  assert.equal((await admin.req('PATCH', '/api/sectors/nord', { privacy: 'maybe' })).status, 400);
  const sectorJ = (await journal('sector.update')).find((e) => e.target === 'nord');
  assert.deepEqual(JSON.parse(sectorJ!.details).privacy, { from: 'inherit', to: 'off' });
  const camJ = (await journal('camera.update')).find((e) => e.target === 'CAM-N');
  assert.deepEqual(JSON.parse(camJ!.details).changed, ['privacy']);
  await admin.req('PATCH', '/api/sectors/nord', { privacy: 'inherit' });
  await admin.req('PATCH', '/api/cameras/CAM-N', { privacy: 'inherit' });
});

test('a fresh configuration blurs people on the wall, reveals last 300 s', () => {
  const cfg = parseConfig({});
  assert.equal(cfg.live.privacy, 'blur');
  assert.equal(cfg.live.revealSeconds, 300);
  assert.throws(() => parseConfig({ live: { revealSeconds: 0 } }), /revealSeconds/);
  assert.throws(() => parseConfig({ live: { privacy: 'sometimes' } }), /privacy/);
});

test('after a restart: reveals whose end passed are ended (expired, journaled), those in force end on time', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-reveal-restart-'));
  const cfg = parseConfig({ dataDir, http: { port: 0 }, log: { level: 'silent' }, live: { revealSeconds: 60 } });
  const logger = pino({ level: 'silent' });
  const clock = new TestClock();
  const t0 = clock.t;
  try {
    const one = await createCentre(cfg, { clock, logger });
    await one.services.fleet.upsertSector(SYSTEM, { id: 'nord', name: 'Nord' }, '', true);
    await camera({ centre: one }, 'R-1', 'nord');
    await camera({ centre: one }, 'R-2', 'nord');
    const a = await one.services.reveals.create(SYSTEM, 'R-1', { reason: 'first look at R-1' });
    clock.advance(59_000);
    const b = await one.services.reveals.create(SYSTEM, 'R-2', { reason: 'then a look at R-2' });
    await one.close();
    // Down past a's end (t0 + 60 s), not past b's (t0 + 119 s).
    clock.t = t0 + 118_000;
    const two = await createCentre(cfg, { clock, logger });
    try {
      const rows = async () => new Map((await two.services.store.reveals.list({})).map((r) => [r.id, r]));
      const ra = (await rows()).get(a.reveal.id)!;
      assert.equal(ra.how, 'expired', 'ended at the start');
      assert.equal(ra.endedAtMs, t0 + 118_000);
      assert.equal(two.services.reveals.find('system', 'R-1'), undefined);
      assert.equal(two.services.reveals.find('system', 'R-2')?.id, b.reveal.id, 'b is still in force');
      // b's timer: 1 s of real time left.
      const deadline = Date.now() + 5000;
      while ((await rows()).get(b.reveal.id)?.how !== 'expired' && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      assert.equal((await rows()).get(b.reveal.id)?.how, 'expired', 'b ended on time after the restart');
      const ends = await two.services.store.audit.search({ action: 'live.reveal_end', limit: 10 });
      assert.deepEqual(
        ends.map((e) => [JSON.parse(e.details).id, JSON.parse(e.details).how]).sort(),
        [
          [a.reveal.id, 'expired'],
          [b.reveal.id, 'expired'],
        ].sort(),
      );
    } finally {
      await two.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(keysDir(dataDir), { recursive: true, force: true });
  }
});
