// A small centre for the public-register tests: two published cameras, one withheld (in a sector of its own), the
// legal basis, analytics on a published and on the withheld camera, a few alarms, a contract, two documents.
import { readFileSync } from 'node:fs';
import type { Alarm } from '../../src/core/ports/alarms.js';
import { SYSTEM } from '../../src/core/users/principal.js';
import { alarm } from '../contract/store.contract.js';
import { type Client, startCentre, type TestCentre } from '../support/centre.js';

export const HIDDEN = { id: 'HID-9', name: 'Bunker Gate Camera', sector: 'Bunker Hidden Sector' };
/** The admin's user name: it must appear nowhere on /public. */
export const ADMIN = 'mme-ferrand';
export const PDF = Buffer.from('%PDF-1.4\n% public register test\n%%EOF\n');
const scene = JSON.parse(
  readFileSync(new URL('../../src/analytics/rules/scenes/pets09-s2l1.json', import.meta.url), 'utf8'),
);

export interface PublicFixture {
  t: TestCentre;
  admin: Client;
  anon: Client;
  publishedDoc: string;
  unpublishedDoc: string;
  vpAuth: string;
}

export async function publicFixture(config: Record<string, unknown> = {}): Promise<PublicFixture> {
  const t = await startCentre({ config: { publicRegister: { rateLimitPerMinute: 10_000, ...config } } });
  const s = t.centre.services;
  await s.fleet.upsertSector(SYSTEM, { id: 'nord', name: 'Nord' });
  await s.fleet.upsertSector(SYSTEM, { id: 'bunker', name: HIDDEN.sector });
  const cam = (id: string, sectorId: string, name: string, extra = {}) =>
    s.fleet.create(SYSTEM, {
      id,
      name,
      sectorId,
      streams: { main: 'rtsp://127.0.0.1:9/secret-stream' },
      phase: 'pilot',
      status: 'active',
      tags: [],
      ...extra,
    });
  // Latitude 50.36 and longitude 3.52: swapped, a point would fall in the sea off Somalia, out of any check's doubt.
  await cam('PUB-1', 'nord', 'Place d’Armes', { position: { lat: 50.36, lon: 3.52 }, installedAt: '2026-03-01' });
  await cam('PUB-2', 'nord', 'Rue de Paris', { position: { lat: 50.35, lon: 3.53 }, retentionDays: 10 });
  await cam(HIDDEN.id, 'bunker', HIDDEN.name, { position: { lat: 50.34, lon: 3.51 } });
  await t.authorise();
  // A stricter authorisation over PUB-1: its retention binds (14 < 30).
  const vp = await s.legal.create(SYSTEM, {
    kind: 'video_protection',
    authority: 'Préfet du Nord',
    reference: 'VP-2026-014',
    signedOn: '2026-01-02',
    startsOn: '2026-01-02',
    endsOn: '2030-12-31',
    purposes: ['crime_prevention'],
    purposeText: '',
    cameraIds: ['PUB-1'],
    sectorIds: [],
    retentionDays: 14,
    publishDocument: true,
  });
  await s.legal.attachDocument(SYSTEM, vp.id, PDF, 'vp.pdf');
  const hidden = await s.legal.create(SYSTEM, {
    kind: 'other',
    authority: 'Mairie',
    reference: 'OTHER-1',
    signedOn: '2026-01-02',
    startsOn: '2026-01-02',
    endsOn: '2030-12-31',
    purposes: ['other'],
    purposeText: '',
    cameraIds: ['PUB-2'],
    sectorIds: [],
    publishDocument: false,
  });
  await s.legal.attachDocument(SYSTEM, hidden.id, Buffer.concat([PDF, Buffer.from('x')]), 'other.pdf');
  for (const id of ['PUB-1', HIDDEN.id]) await s.analytics.put(SYSTEM, id, { enabled: true, fps: 5, scene });
  const admin = await t.user(ADMIN, 'admin');
  const r = await admin.req('PUT', `/api/publication/cameras/${HIDDEN.id}`, {
    published: false,
    reason: 'sensitive site (prison gate)',
  });
  if (r.status !== 200) throw new Error(r.text);
  await admin.req('PUT', '/api/publication/cameras/PUB-1', { published: true, covers: 'the square and its fountain' });
  await admin.req('POST', '/api/contracts', {
    vendor: 'Caméras du Nord SA',
    object: 'Supply and installation of 40 cameras',
    amountCents: 123_456_00,
    signedOn: '2026-02-01',
    durationMonths: 48,
    maintenance: 'on-site repair within 48 h',
  });
  // This month: 2 intrusion alarms on a published camera (below the threshold), 6 fire alarms on the withheld one
  // (it still counts), 7 closed wrong-way alarms with dispositions 3 / 4 / 0.
  const now = t.clock.t;
  const put = (n: number, cameraId: string, extra: Partial<Alarm>) =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        s.store.alarms.insert(
          alarm(`a0000000-0000-4000-8000-${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`, cameraId, {
            raisedAt: now - 3_600_000 - i,
            ...extra,
          }),
        ),
      ),
    );
  await put(2, 'PUB-1', { kind: 'intrusion' });
  await put(6, HIDDEN.id, { kind: 'fire' });
  await put(3, 'PUB-2', { kind: 'wrong_way', state: 'closed', disposition: 'confirmed' });
  await put(4, 'PUB-2', { kind: 'wrong_way', state: 'closed', disposition: 'false_alarm' });
  await s.publicRegister!.refresh();
  const { Client: C } = await import('../support/centre.js');
  return { t, admin, anon: new C(t.base), publishedDoc: vp.id, unpublishedDoc: hidden.id, vpAuth: vp.id };
}
