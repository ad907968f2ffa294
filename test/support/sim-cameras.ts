import type { FleetService } from '../../src/core/fleet/fleet-service.js';
import { SYSTEM } from '../../src/core/users/principal.js';
import type { CameraSimulator } from '../../src/media/simulator/simulator.js';

/** Registers simulated cameras in the fleet (sector created if needed), active and ready to record. */
export async function addSimulatedCameras(fleet: FleetService, sim: CameraSimulator, ids: string[], sectorId = 'gare') {
  await fleet.upsertSector(SYSTEM, { id: sectorId, name: sectorId });
  for (const id of ids) {
    await fleet.create(SYSTEM, {
      id,
      name: id,
      sectorId,
      streams: sim.urls(id),
      phase: 'pilot',
      status: 'active',
      tags: [],
    });
  }
}
