// Seams of the settings issue 20 adds, set in vigie.yaml's shape (parseConfig, as the centre reads its file) and seen
// where they act: the gate's day (legal.timeZone), the warnings' levels (legal.warnDays), the public register's
// city and contacts (publicRegister.cityName / contactEmail / contactUrl).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { SYSTEM } from '../../src/core/users/principal.js';
import { startCentre, type TestCentre } from '../support/centre.js';

const open: TestCentre[] = [];
after(async () => {
  for (const t of open) await t.stop();
});

async function centre(config: Record<string, unknown>) {
  const t = await startCentre({ config: { ingest: { enabled: false }, analytics: { enabled: false }, ...config } });
  open.push(t);
  await t.centre.services.fleet.upsertSector(SYSTEM, { id: 'port', name: 'Port' });
  await t.centre.services.fleet.create(SYSTEM, {
    id: 'TZ-1',
    name: 'Quai',
    sectorId: 'port',
    streams: { main: 'rtsp://127.0.0.1:9/none' },
    phase: 'pilot',
    status: 'active',
    tags: [],
    position: { lat: 50.36, lon: 3.52 },
  });
  return t;
}

const FIRE = { enabled: true, pipeline: { situations: { fire: { enabled: true } } } };

test('legal.timeZone decides the day the gate names: 12:00 UTC is the next day at Kiritimati (UTC+14)', async () => {
  for (const [timeZone, day] of [
    ['Europe/Paris', '2026-06-01'],
    ['Pacific/Kiritimati', '2026-06-02'],
  ] as const) {
    const t = await centre({ legal: { timeZone } });
    t.clock.t = Date.parse('2026-06-01T12:00:00Z');
    const admin = await t.user('admin', 'admin');
    const r = await admin.req('PUT', '/api/cameras/TZ-1/analytics', FIRE);
    assert.equal(r.status, 409, r.text);
    assert.match(r.json.message, new RegExp(`TZ-1: no algorithmic_processing authorisation covers 'fire' on ${day}`));
  }
});

test('legal.warnDays sets the warning levels: [3] warns 3 days before, not at 30 or 7', async () => {
  const t = await centre({ legal: { warnDays: [3] } });
  const { legal, legalExpiry, store } = t.centre.services;
  t.clock.t = Date.parse('2026-06-01T08:00:00Z');
  await legal.create(SYSTEM, {
    kind: 'video_protection',
    authority: 'Préfet du Nord (test)',
    reference: 'VP-WARN',
    signedOn: '2026-01-01',
    startsOn: '2026-01-01',
    endsOn: '2026-06-08',
    purposes: ['public_safety'],
    purposeText: '',
    cameraIds: [],
    sectorIds: ['port'],
    retentionDays: 30,
    publishDocument: false,
  });
  const warned = async () => (await store.events.search({ kinds: ['legal_basis_expiring'], limit: 10 })).length;
  await legalExpiry.run();
  assert.equal(await warned(), 0, '7 days left: no level of [3] reached');
  t.clock.t = Date.parse('2026-06-05T08:00:00Z');
  await legalExpiry.run();
  const [e] = await store.events.search({ kinds: ['legal_basis_expiring'], limit: 10 });
  assert.equal(e?.details.level, 3);
});

test('publicRegister.cityName, contactEmail and contactUrl reach the public register', async () => {
  const t = await centre({
    publicRegister: {
      cityName: 'Valenciennes',
      contactEmail: 'dpo@example.org',
      contactUrl: 'https://example.org/dpo',
    },
  });
  await t.centre.services.publicRegister!.refresh();
  const reg = (await (await fetch(`${t.base}/public/register.json`)).json()) as { city: string };
  assert.equal(reg.city, 'Valenciennes');
  const algo = (await (await fetch(`${t.base}/public/algorithms.json`)).json()) as {
    algorithms: { organisation: string; contact: string; website: string }[];
  };
  assert.equal(algo.algorithms[0]!.organisation, 'Valenciennes');
  assert.equal(algo.algorithms[0]!.contact, 'dpo@example.org');
  assert.equal(algo.algorithms[0]!.website, 'https://example.org/dpo');
});
