// What the legal-register tests share: a dated authorisation body, a camera, a scene with one intrusion rule.
import type { AuthorisationInput } from '../../src/core/legal/schemas.js';
import { SYSTEM } from '../../src/core/users/principal.js';
import type { TestCentre } from '../support/centre.js';

/** 11:00 in Paris on the day the message names: the centre's day is 2026-12-04. */
export const DEC_4 = Date.parse('2026-12-04T10:00:00Z');

/** A video_protection or algorithmic_processing authorisation body (override what the case is about). */
export function body(over: Partial<AuthorisationInput> & Pick<AuthorisationInput, 'kind'>): Record<string, unknown> {
  const base: Record<string, unknown> = {
    authority: 'Préfet du Nord',
    reference: 'ARR-2026-001',
    signedOn: '2026-01-02',
    startsOn: '2026-01-05',
    endsOn: '2026-12-31',
    purposes: ['public_safety'],
    purposeText: 'Prévention des atteintes aux personnes et aux biens.',
    cameraIds: [],
    sectorIds: [],
    ...(over.kind === 'video_protection' && { retentionDays: 15 }),
    ...(over.kind === 'algorithmic_processing' && { families: ['intrusion'] }),
  };
  return { ...base, ...over };
}

export async function camera(t: TestCentre, id: string, sectorId: string, retentionDays?: number) {
  await t.centre.services.fleet.create(SYSTEM, {
    id,
    name: id,
    sectorId,
    streams: { main: 'rtsp://127.0.0.1:9/none' },
    phase: 'pilot',
    status: 'active',
    tags: [],
    ...(retentionDays !== undefined && { retentionDays }),
  });
}

/** Analytics with one intrusion rule (family 'intrusion'), on or off. */
export const intrusionSpec = (enabled: boolean) => ({
  enabled,
  scene: {
    zones: [
      {
        id: 'yard',
        name: 'Yard',
        polygon: [
          [0.1, 0.1],
          [0.5, 0.1],
          [0.3, 0.5],
        ],
      },
    ],
    rules: [{ kind: 'intrusion', id: 'r1', zoneId: 'yard' }],
  },
});
