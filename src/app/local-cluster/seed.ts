// What `vigie cluster up --cameras K` puts in the cluster's database before the nodes start: K simulated cameras in
// one sector, the authorisations the legal gate asks for, and cheap analytics on each, so that a developer sees the
// cameras recorded and analysed by the nodes at once. Every record says it is illustrative; nothing is seeded twice.
import type { AuthorisationInput } from '../../core/legal/schemas.js';
import type { Services } from '../../core/services.js';
import { SYSTEM } from '../../core/users/principal.js';
import { addDays } from '../demo-legal.js';

export const SIM_SECTOR = 'cluster-sim';
export const simCameraId = (i: number) => `SIM-${String(i + 1).padStart(2, '0')}`;

// The lightest analytics that still run the whole chain (decoder, detector, rules): sub stream, 2 fps, int8 at 320.
const ANALYTICS = {
  enabled: true,
  stream: 'sub',
  fps: 2,
  width: 320,
  pipeline: { precision: 'int8', inputSize: 320, inputShape: 'fit', detectEvery: 3, classes: ['person'] },
  scene: {
    zones: [
      {
        id: 'whole',
        name: 'Illustrative: the whole view',
        polygon: [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ],
      },
    ],
    rules: [
      { id: 'someone', name: 'Illustrative: someone in view', kind: 'intrusion', zoneId: 'whole', classes: ['person'] },
    ],
  },
};

function authorisations(today: string): AuthorisationInput[] {
  const common = {
    authority: 'Local cluster (ILLUSTRATIVE — test data)',
    signedOn: addDays(today, -2),
    startsOn: addDays(today, -1),
    endsOn: addDays(today, 365),
    purposes: ['public_safety' as const],
    publishDocument: false,
    cameraIds: [],
    sectorIds: [SIM_SECTOR],
  };
  return [
    {
      ...common,
      kind: 'video_protection',
      reference: 'CLUSTER-SIM-VP',
      purposeText: 'ILLUSTRATIVE: recording of the simulated cameras of a local cluster.',
      retentionDays: 1,
    },
    {
      ...common,
      kind: 'algorithmic_processing',
      reference: 'CLUSTER-SIM-AP',
      purposeText: 'ILLUSTRATIVE: intrusion detection on the simulated cameras of a local cluster.',
      families: ['intrusion'],
    },
  ];
}

/** Registers (or points at the simulator again) `count` simulated cameras; returns their ids. */
export async function seedSimulatedCameras(
  s: Services,
  urls: (id: string) => { main: string; sub?: string },
  count: number,
): Promise<string[]> {
  if (count === 0) return [];
  await s.fleet.upsertSector(SYSTEM, { id: SIM_SECTOR, name: 'Simulated cameras (local cluster)' });
  const held = new Set((await s.legal.all()).map((a) => a.reference));
  for (const a of authorisations(s.legal.day())) if (!held.has(a.reference)) await s.legal.create(SYSTEM, a);
  const ids = Array.from({ length: count }, (_, i) => simCameraId(i));
  for (const id of ids) {
    const streams = urls(id);
    // A camera seeded by an earlier run keeps its id and history; only its URLs follow the simulator's port.
    if (await s.store.cameras.get(id)) await s.fleet.update(SYSTEM, id, { streams });
    else
      await s.fleet.create(SYSTEM, {
        id,
        name: `Simulated ${id}`,
        sectorId: SIM_SECTOR,
        streams,
        phase: 'pilot',
        status: 'active',
        tags: ['simulated', 'illustrative'],
      });
    await s.analytics.put(SYSTEM, id, ANALYTICS);
  }
  return ids;
}
