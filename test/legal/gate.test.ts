// The gate (law.md L4): analytics go on, or change while on, only under an algorithmic_processing authorisation in
// force today that covers the camera and each family they detect; the 409 names what is missing, nothing is stored.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SYSTEM } from '../../src/core/users/principal.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';
import { body, camera, DEC_4, intrusionSpec } from './support.js';

let t: TestCentre;
let admin: Client;

before(async () => {
  t = await startCentre({ config: { ingest: { enabled: false }, analytics: { enabled: false } } });
  t.clock.t = DEC_4;
  const { fleet } = t.centre.services;
  await fleet.upsertSector(SYSTEM, { id: 'gare', name: 'Gare' });
  await fleet.upsertSector(SYSTEM, { id: 'parc', name: 'Parc' });
  for (const id of ['VAL-042', 'VAL-043', 'VAL-044', 'VAL-045', 'VAL-046', 'VAL-047', 'VAL-048', 'VAL-049'])
    await camera(t, id, 'gare');
  await camera(t, 'VAL-060', 'parc');
  admin = await t.user('admin', 'admin');
});
after(() => t?.stop());

const record = async (b: Record<string, unknown>) => {
  const r = await admin.req('POST', '/api/authorisations', b);
  assert.equal(r.status, 201, r.text);
  return r.json as { id: string; reference: string };
};

/** PUT analytics on; asserts the 409's message and that the stored config and the journal did not move. */
async function refused(cameraId: string, message: string) {
  const before = (await admin.req('GET', `/api/cameras/${cameraId}/analytics`)).json;
  const journaled = await t.centre.services.store.audit.search({ action: 'analytics.config', limit: 1000 });
  const r = await admin.req('PUT', `/api/cameras/${cameraId}/analytics`, intrusionSpec(true));
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.message, message);
  assert.deepEqual((await admin.req('GET', `/api/cameras/${cameraId}/analytics`)).json, before, 'nothing stored');
  const after = await t.centre.services.store.audit.search({ action: 'analytics.config', limit: 1000 });
  assert.equal(after.length, journaled.length, 'nothing journaled');
  assert.deepEqual(await t.centre.services.analytics.enabled(), []);
}

test('no authorisation at all: the 409 says which family, on which camera and which day', async () => {
  assert.equal(t.centre.services.legal.day(), '2026-12-04');
  await refused('VAL-042', "VAL-042: no algorithmic_processing authorisation covers 'intrusion' on 2026-12-04");
});

test('wrong family: an authorisation for weapons does not cover an intrusion rule', async () => {
  await record(
    body({ kind: 'algorithmic_processing', reference: 'AP-WEAPON', cameraIds: ['VAL-043'], families: ['weapon'] }),
  );
  await refused('VAL-043', "VAL-043: no algorithmic_processing authorisation covers 'intrusion' on 2026-12-04");
});

test('camera outside the perimeter: another camera and another sector are covered, not this one', async () => {
  await record(
    body({ kind: 'algorithmic_processing', reference: 'AP-OTHER', cameraIds: ['VAL-045'], sectorIds: ['parc'] }),
  );
  await refused('VAL-044', "VAL-044: no algorithmic_processing authorisation covers 'intrusion' on 2026-12-04");
});

test('not yet started: the message names the authorisation and its first day', async () => {
  await record(
    body({ kind: 'algorithmic_processing', reference: 'AP-LATER', cameraIds: ['VAL-046'], startsOn: '2026-12-05' }),
  );
  await refused(
    'VAL-046',
    "VAL-046: no algorithmic_processing authorisation covers 'intrusion' on 2026-12-04 (AP-LATER starts on 2026-12-05)",
  );
});

test('expired: an authorisation that ended yesterday covers nothing today', async () => {
  await record(
    body({ kind: 'algorithmic_processing', reference: 'AP-PAST', cameraIds: ['VAL-047'], endsOn: '2026-12-03' }),
  );
  await refused(
    'VAL-047',
    "VAL-047: no algorithmic_processing authorisation covers 'intrusion' on 2026-12-04 (AP-PAST ended on 2026-12-03)",
  );
});

test('revoked: what covered the camera no longer does once revoked', async () => {
  const a = await record(body({ kind: 'algorithmic_processing', reference: 'AP-REVOKED', cameraIds: ['VAL-048'] }));
  const revoke = await admin.req('POST', `/api/authorisations/${a.id}/revoke`, { reason: 'annulé par le tribunal' });
  assert.equal(revoke.status, 200, revoke.text);
  assert.equal(revoke.json.inForce, false);
  await refused(
    'VAL-048',
    "VAL-048: no algorithmic_processing authorisation covers 'intrusion' on 2026-12-04 (AP-REVOKED was revoked)",
  );
});

test('covered by camera id and by sector: accepted, stored, journaled; the day after the end it is refused', async () => {
  await record(
    body({ kind: 'algorithmic_processing', reference: 'AP-CAM', cameraIds: ['VAL-049'], endsOn: '2026-12-04' }),
  );
  await record(body({ kind: 'algorithmic_processing', reference: 'AP-PARC', sectorIds: ['parc'] }));
  const journaled = async () =>
    (await t.centre.services.store.audit.search({ action: 'analytics.config', limit: 1000 })).map((e) => e.target);
  const before = await journaled();
  for (const id of ['VAL-049', 'VAL-060']) {
    const r = await admin.req('PUT', `/api/cameras/${id}/analytics`, intrusionSpec(true));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.enabled, true);
  }
  const on = (await t.centre.services.analytics.enabled()).map((c) => c.cameraId).sort();
  assert.deepEqual(on, ['VAL-049', 'VAL-060']);
  const now = await journaled(); // newest first
  assert.deepEqual(now.slice(0, now.length - before.length).sort(), ['VAL-049', 'VAL-060']);
  // A day later (Paris time) AP-CAM has ended: changing the analytics while on needs a basis again. (Through the
  // service: the admin's 12-hour session would have ended by then.)
  const saved = t.clock.t;
  t.clock.t = Date.parse('2026-12-04T23:30:00Z');
  try {
    assert.equal(t.centre.services.legal.day(), '2026-12-05');
    await assert.rejects(t.centre.services.analytics.put(SYSTEM, 'VAL-049', intrusionSpec(true)), {
      status: 409,
      message:
        "VAL-049: no algorithmic_processing authorisation covers 'intrusion' on 2026-12-05 (AP-CAM ended on 2026-12-04)",
    });
  } finally {
    t.clock.t = saved;
  }
});

test('switching analytics off never needs a basis', async () => {
  for (const id of ['VAL-042', 'VAL-049']) {
    const r = await admin.req('PUT', `/api/cameras/${id}/analytics`, intrusionSpec(false));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.enabled, false);
  }
  assert.deepEqual(
    (await t.centre.services.analytics.enabled()).map((c) => c.cameraId),
    ['VAL-060'],
  );
});

test('a spec detecting several families names each one missing', async () => {
  await record(
    body({ kind: 'algorithmic_processing', reference: 'AP-FIRE', cameraIds: ['VAL-042'], families: ['fire'] }),
  );
  const spec = {
    ...intrusionSpec(true),
    pipeline: { situations: { fire: { enabled: true }, ground: { enabled: true } } },
  };
  const r = await admin.req('PUT', '/api/cameras/VAL-042/analytics', spec);
  assert.equal(r.status, 409, r.text);
  assert.equal(
    r.json.message,
    "VAL-042: no algorithmic_processing authorisation covers 'intrusion' on 2026-12-04; " +
      "VAL-042: no algorithmic_processing authorisation covers 'person_on_ground' on 2026-12-04",
  );
});
