import { demoFleet } from '../core/fleet/demo-fleet.js';
import type { FleetService } from '../core/fleet/fleet-service.js';
import type { Store } from '../core/ports/store.js';
import { SYSTEM } from '../core/users/principal.js';

export const DEMO_SIMULATED_TAG = 'simulated';

/** Seeds the illustrative Valenciennes fleet into an empty registry; never touches a real one. */
export async function seedDemoFleet(
  store: Store,
  fleet: FleetService,
  simulated = 0,
  streamBase?: string,
): Promise<number> {
  if ((await store.cameras.list({ limit: 1 })).total > 0) return 0;
  const { sectors, cameras } = demoFleet(streamBase);
  // The first cameras are served by the simulator: tagged so the demo records only those.
  for (const c of cameras.slice(0, simulated)) c.tags = [...c.tags, DEMO_SIMULATED_TAG];
  for (const s of sectors) await fleet.upsertSector(SYSTEM, s, '', false);
  await fleet.importMany(SYSTEM, cameras, 'demo');
  return cameras.length;
}
