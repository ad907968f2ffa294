// What /public/register.json answers, in the shape the public API publishes (issue 20): the page's test serves this
// when the centre under test has no public API yet, so the page is tested against the contract, not against itself.
// A withheld camera is, by construction, not in it; statistics carry "< 5" where a count is under the threshold.

const auth = (over: Record<string, unknown>) => ({
  kind: 'video_protection',
  authority: 'Préfet du Nord',
  signedOn: '2025-02-10',
  startsOn: '2025-03-01',
  endsOn: '2030-02-28',
  sha256: null,
  documentUrl: null,
  ...over,
});
export const VP = auth({
  id: '0b0c7d1e-1111-4c3a-9a55-000000000001',
  reference: 'Arrêté 2025-VP-017',
  sha256: '3f4a8c0e2b5d7f9a1c3e5b7d9f0a2c4e6b8d0f1a3c5e7b9d1f3a5c7e9b1d3f5a',
  documentUrl: '/public/documents/3f4a8c0e2b5d7f9a1c3e5b7d9f0a2c4e6b8d0f1a3c5e7b9d1f3a5c7e9b1d3f5a.pdf',
});
export const AP = auth({
  id: '0b0c7d1e-1111-4c3a-9a55-000000000002',
  kind: 'algorithmic_processing',
  reference: 'Arrêté 2026-IA-003',
  signedOn: '2026-01-05',
  startsOn: '2026-01-15',
  endsOn: '2027-03-31',
  sha256: '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d',
});

const camera = (i: number, sector: string, lat: number | null, lon: number | null, extra = {}) => ({
  id: `PUB-${String(i).padStart(3, '0')}`,
  name: `Rue illustrative ${i}`,
  sector,
  lat,
  lon,
  covers: `La voie publique devant le n° ${i}, trottoirs compris`,
  phase: ['pilot', 'replacement', 'extension'][i % 3],
  installedAt: `2025-0${1 + (i % 9)}-12`,
  purposes: ['public_safety', 'crime_prevention'],
  retentionDays: 15,
  authorisations: [VP],
  analytics: [],
  ...extra,
});

export const FIXTURE = {
  generatedAt: '2026-12-04T09:30:00.000Z',
  city: 'Valenciennes (illustratif)',
  cameras: [
    camera(1, 'Centre-ville', 50.3578, 3.5236, {
      authorisations: [VP, AP],
      analytics: [
        {
          family: 'intrusion',
          kind: 'intrusion',
          model: 'yolox-nano',
          modelVersion: '0.1.1',
          accuracy: { precision: 0.91, recall: 0.84, clips: 12 },
          humanStep: 'An operator decides on every alarm.',
        },
        {
          family: 'wrong_way',
          kind: 'wrong_way',
          model: 'yolox-nano',
          modelVersion: '0.1.1',
          accuracy: null,
          humanStep: 'An operator decides on every alarm.',
        },
      ],
    }),
    ...[2, 3, 4, 5, 6].map((i) =>
      camera(i, 'Centre-ville', 50.3578 + (((i * 37) % 7) - 3) * 0.0008, 3.5236 + (((i * 53) % 9) - 4) * 0.0012),
    ),
    ...[7, 8, 9, 10].map((i) =>
      camera(i, 'Gare', 50.3626 + (((i * 13) % 5) - 2) * 0.0005, 3.517 + (((i * 29) % 7) - 3) * 0.001),
    ),
    camera(11, 'Gare', null, null, { authorisations: [] }),
  ],
  authorisations: [VP, AP],
  contracts: [
    {
      vendor: 'Illustrative Systems SAS',
      object: 'Fourniture et pose de 40 caméras (illustratif)',
      amountCents: 184_250_00,
      currency: 'EUR',
      signedOn: '2025-01-20',
      durationMonths: 48,
      maintenance: 'Maintenance préventive annuelle, intervention sous 8 h ouvrées',
    },
  ],
  statistics: {
    generatedAt: '2026-11-20T08:00:00.000Z',
    minCount: 5,
    timeZone: 'Europe/Paris',
    months: [
      {
        month: '2026-10',
        from: '2026-09-30T22:00:00.000Z',
        to: '2026-10-31T23:00:00.000Z',
        complete: true,
        alarms: {
          total: 25,
          byKind: [
            { kind: 'intrusion', count: 23 },
            { kind: 'wrong_way', count: '< 5' },
          ],
        },
        dispositions: {
          closed: 23,
          confirmed: { count: 7, share: 0.3 },
          false_alarm: { count: 14, share: 0.61 },
          not_actionable: { count: '< 5', share: null },
        },
        exports: { count: '< 5', byLegalGround: null, note: 'exports record no legal ground yet' },
        evidenceHolds: '< 5',
        accessRequests: { received: '< 5', answered: '< 5', refused: '< 5', note: '' },
        availability: { share: 0.987, method: 'offline alarms' },
      },
      {
        month: '2026-11',
        from: '2026-10-31T23:00:00.000Z',
        to: '2026-11-30T23:00:00.000Z',
        complete: false,
        alarms: {
          total: 37,
          byKind: [
            { kind: 'intrusion', count: 31 },
            { kind: 'wrong_way', count: 6 },
          ],
        },
        dispositions: {
          closed: 35,
          confirmed: { count: 9, share: 0.26 },
          false_alarm: { count: 24, share: 0.69 },
          not_actionable: { count: '< 5', share: null },
        },
        exports: { count: 5, byLegalGround: null, note: 'exports record no legal ground yet' },
        evidenceHolds: '< 5',
        accessRequests: { received: '< 5', answered: '< 5', refused: '< 5', note: '' },
        availability: { share: 0.991, method: 'offline alarms' },
      },
    ],
  },
};
