import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { demoFleet } from '../core/fleet/demo-fleet.js';
import type { Services } from '../core/services.js';
import { datasetsDir } from '../eval/datasets/paths.js';
import { CameraSimulator } from '../media/simulator/simulator.js';
import { seedDemoAnalytics } from './demo-analytics.js';
import { demoGateRefusal, seedDemoAuthorisations } from './demo-legal.js';
import { setupCommand } from './media-tools.js';
import { DEMO_SIMULATED_TAG, seedDemoFleet } from './seed-demo.js';

/**
 * PETS09-S2L1 as Debian's opencv-doc ships it (the same view, at 10 fps): real footage for the demo on a machine
 * without the datasets (scripts/setup-system.sh installs the package there).
 */
export const DEBIAN_PETS09 = '/usr/share/doc/opencv-doc/examples/data/vtest.avi';

/**
 * Real footage for the demo cameras: the datasets when they are beside the checkout, else Debian's copy of PETS09;
 * the cameras beyond the list get generated scenes.
 */
export function demoFootage(datasets = datasetsDir(), debianPets09 = DEBIAN_PETS09): string[] {
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
  if (clips.length === 0 && existsSync(debianPets09)) clips.push(debianPets09);
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
  // Before the analytics: the gate refuses analytics that no authorisation covers.
  const authorised = await seedDemoAuthorisations(services);
  if (authorised.length)
    log.info({ references: authorised }, 'recorded the illustrative authorisations of the demo (legal register)');
  if (o.cameras === 0 || !o.simulate) return undefined;
  const footage = demoFootage();
  const ids = demoFleet()
    .cameras.slice(0, o.cameras)
    .map((c, i) => ({ id: c.id, ...(footage[i] && { source: footage[i] }) }));
  if (footage.length === 0)
    log.warn(
      `no real footage (${datasetsDir()}, ${DEBIAN_PETS09}): the demo cameras show generated scenes and no analytics; ` +
        `${setupCommand()} installs opencv-doc, which ships PETS09`,
    );
  const base = `rtsp://127.0.0.1:${o.port}/`;
  const stale = (await services.fleet.all()).filter(
    (c) => ids.some((i) => i.id === c.id) && !c.streams.main.startsWith(base),
  );
  if (stale.length)
    log.warn({ cameras: stale.map((c) => c.id), port: o.port }, 'demo cameras seeded for another --sim-port: offline');
  // Only with the simulator: analytics of a camera with no stream would only retry.
  const analysed = await seedDemoAnalytics(services.store, services.analytics, ids, (camera, refused) =>
    log.warn({ camera, refused }, 'the legal gate refused the demo analytics of a camera: none configured there'),
  );
  if (analysed.length) log.info({ cameras: analysed }, 'configured illustrative analytics on the demo cameras');
  if (analysed.length && authorised.length) {
    const refused = await demoGateRefusal(services);
    if (refused) log.warn({ refused }, 'Illustrative: the legal gate refused fire detection (its authorisation ended)');
  }
  if (!cfg.analytics.enabled)
    log.warn('analytics.enabled is false in the configuration: the demo raises no analytic alarm');
  const sim = new CameraSimulator({ port: o.port, cacheDir: join(cfg.dataDir, 'sim-cache'), sceneVariants: 4 });
  log.info(
    {
      cameras: ids.length,
      port: o.port,
      footage: footage.slice(0, ids.length),
      generated: Math.max(0, ids.length - footage.length),
    },
    'starting the camera simulator (first run prepares clips)',
  );
  await sim.start(ids);
  return sim;
}
