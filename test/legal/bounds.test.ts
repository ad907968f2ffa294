// The register's pure bounds: the strictest of overlapping authorisations binds a camera's retention; an export's
// footage names the video_protection authorisations in force over its range (a revoked one only before revocation).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { basesOverRange, retentionExcess } from '../../src/core/legal/bounds.js';
import type { Authorisation } from '../../src/core/legal/schemas.js';

const auth = (o: Partial<Authorisation> & Pick<Authorisation, 'id'>): Authorisation => ({
  kind: 'video_protection',
  authority: 'Préfet du Nord',
  reference: o.id.toUpperCase(),
  signedOn: '2026-01-01',
  startsOn: '2026-01-01',
  endsOn: '2026-12-31',
  purposes: ['public_safety'],
  purposeText: '',
  cameraIds: [],
  sectorIds: ['gare'],
  retentionDays: 20,
  families: [],
  publishDocument: false,
  document: null,
  revokedAt: null,
  revokedBy: null,
  revokeReason: null,
  createdAt: '2026-01-01T00:00:00Z',
  createdBy: 'admin',
  updatedAt: '2026-01-01T00:00:00Z',
  ...o,
});
const cam = { id: 'VAL-042', sectorId: 'gare' };

test('retention: the strictest authorisation in force binds; none in force, none binds', () => {
  // A renewal overlapping the old one: 12 days binds until the 20-day one ends.
  const all = [auth({ id: 'old' }), auth({ id: 'new', startsOn: '2026-06-01', retentionDays: 12 })];
  assert.equal(retentionExcess(all, { ...cam, retentionDays: 12 }, '2026-06-15'), undefined);
  assert.equal(
    retentionExcess(all, { ...cam, retentionDays: 15 }, '2026-06-15'),
    'VAL-042: retention of 15 days exceeds the 12 days authorised by NEW (Préfet du Nord)',
  );
  assert.equal(retentionExcess(all, { ...cam, retentionDays: 15 }, '2026-05-15'), undefined, 'only OLD then');
  assert.equal(retentionExcess(all, { ...cam, retentionDays: 25 }, '2027-01-01'), undefined, 'none in force');
  assert.equal(retentionExcess(all, cam, '2026-06-15'), undefined, "the centre's default: the retention pass binds it");
  assert.equal(retentionExcess(all, { id: 'VAL-070', sectorId: 'parc', retentionDays: 25 }, '2026-06-15'), undefined);
});

test('an export names the authorisations over its range: overlap by day, revoked only before revocation, named ones', () => {
  const all = [
    auth({ id: 'ended', endsOn: '2026-03-31' }),
    auth({ id: 'current', startsOn: '2026-04-01' }),
    auth({ id: 'revoked', revokedAt: '2026-04-02T12:00:00Z' }),
    auth({ id: 'elsewhere', sectorIds: ['parc'] }),
    auth({ id: 'ap', kind: 'algorithmic_processing', retentionDays: undefined, families: ['intrusion'] }),
  ];
  const range = (from: string, to: string) => ({
    fromMs: Date.parse(from),
    toMs: Date.parse(to),
    from: from.slice(0, 10),
    to: to.slice(0, 10),
  });
  const ids = (r: ReturnType<typeof range>, named: string[] = []) =>
    basesOverRange(all, cam, r, new Set(named)).map((a) => a.id);
  assert.deepEqual(ids(range('2026-03-31T22:00:00Z', '2026-04-01T01:00:00Z')), ['ended', 'current', 'revoked']);
  assert.deepEqual(ids(range('2026-04-03T10:00:00Z', '2026-04-03T11:00:00Z')), ['current']);
  assert.deepEqual(ids(range('2026-04-03T10:00:00Z', '2026-04-03T11:00:00Z'), ['ap']), ['current', 'ap']);
  const ref = basesOverRange(all, cam, range('2026-04-03T10:00:00Z', '2026-04-03T11:00:00Z'), new Set())[0];
  assert.deepEqual(Object.keys(ref!).sort(), [
    'authority',
    'endsOn',
    'id',
    'kind',
    'reference',
    'revokedAt',
    'startsOn',
  ]);
});
