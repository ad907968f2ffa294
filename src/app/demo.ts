import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { datasetsDir } from '../analytics/datasets/paths.js';
import type { Config } from '../config/schema.js';
import { demoFleet } from '../core/fleet/demo-fleet.js';
import type { Services } from '../http/context.js';
import { CameraSimulator } from '../media/simulator/simulator.js';
import { seedDemoAnalytics } from './demo-analytics.js';
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

export interface DemoOptions {
  /** Cameras served by the RTSP simulator (the first ones of the fleet). */
  cameras: number;
  /** The simulator's RTSP port, written into the seeded cameras' stream URLs. */
  port: number;
  /** False when the simulator's system packages are missing (already said once): the fleet only. */
  simulate: boolean;
}

/**
 * The demo: the illustrative fleet, its first cameras served by the RTSP simulator from real footage with analytics
 * suited to it, and the ingest limited to those (the other 222 demo cameras have no stream to record).
 */
export async function startDemo(
  cfg: Config,
  services: Services,
  log: Logger,
  o: DemoOptions,
): Promise<CameraSimulator | undefined> {
  cfg.ingest.onlyTag ??= DEMO_SIMULATED_TAG;
  const seeded = await seedDemoFleet(services.store, services.fleet, o.cameras, `rtsp://127.0.0.1:${o.port}`);
  if (seeded) log.info({ cameras: seeded, simulated: o.cameras }, 'seeded the illustrative Valenciennes demo fleet');
  if (o.cameras === 0 || !o.simulate) return undefined;
  const footage = demoFootage();
  const ids = demoFleet()
    .cameras.slice(0, o.cameras)
    .map((c, i) => ({ id: c.id, ...(footage.length && { source: footage[i % footage.length] }) }));
  const base = `rtsp://127.0.0.1:${o.port}/`;
  const stale = (await services.fleet.all()).filter(
    (c) => ids.some((i) => i.id === c.id) && !c.streams.main.startsWith(base),
  );
  if (stale.length)
    log.warn({ cameras: stale.map((c) => c.id), port: o.port }, 'demo cameras seeded for another --sim-port: offline');
  // Only with the simulator: analytics of a camera with no stream would only retry.
  const analysed = await seedDemoAnalytics(services.store, services.analytics, ids);
  if (analysed.length) log.info({ cameras: analysed }, 'configured illustrative analytics on the demo cameras');
  if (!cfg.analytics.enabled)
    log.warn('analytics.enabled is false in the configuration: the demo raises no analytic alarm');
  const sim = new CameraSimulator({ port: o.port, cacheDir: join(cfg.dataDir, 'sim-cache'), sceneVariants: 4 });
  log.info(
    { cameras: ids.length, port: o.port, footage: footage.length ? 'datasets' : 'generated scenes' },
    'starting the camera simulator (first run prepares clips)',
  );
  await sim.start(ids);
  return sim;
}
