import { hostname } from 'node:os';
import { type Command, Option } from 'commander';
import { createCentre } from '../app/centre.js';
import { checkNodeCanStart, runs } from '../app/cluster.js';
import { journalConfigChanges } from '../app/config-journal.js';
import { startDemo } from '../app/demo.js';
import { checkMediaTools } from '../app/media-tools.js';
import { nodeNameOf, ROLES } from '../config/cluster-schema.js';
import { loadConfig } from '../config/load.js';
import type { CameraSimulator } from '../media/simulator/simulator.js';

export function registerServeCommand(program: Command) {
  program
    .command('serve')
    .description('run the centre, whole (role all) or one role of a cluster node')
    .addOption(new Option('--role <role>', 'what this node runs (overrides `role` in the config)').choices(ROLES))
    .option('--demo', 'seed the illustrative Valenciennes demo fleet and simulate its first cameras')
    .option('--sim-cameras <n>', 'demo cameras served by the RTSP simulator', '8')
    .option('--sim-port <port>', "RTSP port of the demo's camera simulator (in the seeded cameras' URLs)", '8554')
    .action(async (opts: { demo?: boolean; simCameras: string; simPort: string; role?: string }) => {
      const simPort = Number(opts.simPort);
      if (!Number.isInteger(simPort) || simPort < 1 || simPort > 65535)
        throw new Error(`--sim-port must be a port number (1-65535), got "${opts.simPort}"`);
      // Everything the centre and its ffmpeg children create is its user's only (files 0600, folders 0700): camera
      // footage, the database and keys are personal data. Explicit modes where files are made cover in-process use.
      process.umask(0o077);
      const cfg = loadConfig(program.opts().config, process.env, { role: opts.role });
      // Refusals come before anything starts, as one line each: recordings not writable here; NATS unreachable or a
      // node name in use as the centre's first step (openClusterNode).
      checkNodeCanStart(cfg);
      const centre = await createCentre(cfg);
      const { logger, server, services } = centre;
      await journalConfigChanges(services.store, services.journal, cfg);
      // Only an api node serves HTTP; a recorder or analytics node works for the cluster through the bus.
      const api = runs(cfg.role, 'api');
      const address = api ? await server.listen({ host: cfg.http.host, port: cfg.http.port }) : undefined;
      if (address) logger.info({ address, store: services.store.kind }, 'vigie centre listening');
      const setupToken = api ? await services.users.issueSetupToken() : undefined;
      if (setupToken) {
        // The only way in on a fresh install: no default password exists.
        process.stderr.write(
          `\nNo user exists yet. Create the first admin within this run with the one-time setup token:\n` +
            `  curl -X POST ${address}/api/setup -H 'content-type: application/json' \\\n` +
            `    -d '{"token":"${setupToken}","username":"admin","password":"<at least 12 characters>"}'\n` +
            `or stop the centre and run: npx vigie users create-admin --username admin\n\n`,
        );
      }
      let sim: CameraSimulator | undefined;
      let closing = false;
      const shutdown = async (signal: string) => {
        if (closing) return;
        closing = true;
        logger.info({ signal }, 'shutting down');
        const timer = setTimeout(() => process.exit(1), 15_000).unref();
        await centre.close();
        await sim?.stop();
        clearTimeout(timer);
        process.exit(0);
      };
      // Registered before the slow steps (clip preparation), so a stop during them is still clean.
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
      process.on('SIGINT', () => void shutdown('SIGINT'));
      const demo = Boolean(opts.demo || cfg.demo);
      const cameras = demo ? Number(opts.simCameras) : 0;
      const media = checkMediaTools(cfg, cameras > 0);
      if (!media.ok) {
        // One line instead of a failure per camera: the media roles do not start at all.
        logger.warn({ missing: media.missing }, media.message);
        cfg.ingest.enabled = false;
        cfg.analytics.enabled = false;
      }
      if (demo) sim = await startDemo(cfg, services, logger, { cameras, port: simPort, simulate: media.ok });
      if (closing) return;
      await centre.start();
      const node = cfg.cluster && { role: cfg.role, node: nodeNameOf(cfg.cluster, hostname()) };
      logger.info({ recording: cfg.ingest.enabled, analytics: cfg.analytics.enabled, ...node }, 'centre started');
    });
}
