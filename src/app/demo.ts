import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { datasetsDir } from '../analytics/datasets/paths.js';
import type { Config } from '../config/schema.js';
import { demoFleet } from '../core/fleet/demo-fleet.js';
import type { Services } from '../core/services.js';
import { checkSimulatorRequirements } from '../media/simulator/requirements.js';
import { CameraSimulator } from '../media/simulator/simulator.js';
import { DEMO_SIMULATED_TAG, seedDemoFleet } from './seed-demo.js';

/** Real footage for the demo cameras when the datasets are beside the checkout; generated scenes otherwise. */
export function demoFootage(datasets = datasetsDir()): string[] {
  const clips: string[] = [];
  const pets = join(datasets, 'pets09-s2l1/PETS09-S2L1.mp4');
  if (existsSync(pets)) clips.push(pets);
  for (const sub of ['ucsd-ped2/test', 'ucsd-ped2/train']) {
    const dir = join(datasets, sub);
    if (existsSync(dir))
      clips.push(
        ...readdirSync(dir)
          .filter((f) => f.endsWith('.mp4'))
          .sort()
          .map((f) => join(dir, f)),
      );
  }
  return clips;
}

/**
 * The demo: the illustrative fleet, its first cameras served by the RTSP simulator from real footage, and the
 * ingest limited to those (the other 222 demo cameras have no stream to record).
 */
export async function startDemo(
  cfg: Config,
  services: Services,
  log: Logger,
  cameras: number,
): Promise<CameraSimulator | undefined> {
  cfg.ingest.onlyTag ??= DEMO_SIMULATED_TAG;
  const seeded = await seedDemoFleet(services.store, services.fleet, cameras);
  if (seeded) log.info({ cameras: seeded, simulated: cameras }, 'seeded the illustrative Valenciennes demo fleet');
  if (cameras === 0) return undefined;
  const req = checkSimulatorRequirements();
  if (!req.ok) {
    log.warn({ missing: req.missing, fix: req.fix }, 'demo cameras not simulated: system packages missing');
    return undefined;
  }
  const footage = demoFootage();
  const ids = demoFleet()
    .cameras.slice(0, cameras)
    .map((c, i) => ({ id: c.id, ...(footage.length && { source: footage[i % footage.length] }) }));
  const sim = new CameraSimulator({ port: 8554, cacheDir: join(cfg.dataDir, 'sim-cache'), sceneVariants: 4 });
  log.info(
    { cameras: ids.length, footage: footage.length ? 'datasets' : 'generated scenes' },
    'starting the camera simulator (first run prepares clips)',
  );
  await sim.start(ids);
  return sim;
}
