import type { Command } from 'commander';
import { createCentre } from '../app/centre.js';
import { journalConfigChanges } from '../app/config-journal.js';
import { startDemo } from '../app/demo.js';
import { checkMediaTools } from '../app/media-tools.js';
import { loadConfig } from '../config/load.js';
import type { CameraSimulator } from '../media/simulator/simulator.js';

export function registerServeCommand(program: Command) {
  program
    .command('serve')
    .description('run the centre (API, console, and later media and analytics roles)')
    .option('--demo', 'seed the illustrative Valenciennes demo fleet and simulate its first cameras')
    .option('--sim-cameras <n>', 'demo cameras served by the RTSP simulator', '8')
    .option('--sim-port <port>', "RTSP port of the demo's camera simulator (in the seeded cameras' URLs)", '8554')
    .action(async (opts: { demo?: boolean; simCameras: string; simPort: string }) => {
      const simPort = Number(opts.simPort);
      if (!Number.isInteger(simPort) || simPort < 1 || simPort > 65535)
        throw new Error(`--sim-port must be a port number (1-65535), got "${opts.simPort}"`);
      // Everything the centre and its ffmpeg children create is its user's only (files 0600, folders 0700): camera
      // footage, the database and keys are personal data. Explicit modes where files are made cover in-process use.
      process.umask(0o077);
      const cfg = loadConfig(program.opts().config);
      const centre = await createCentre(cfg);
      const { logger, server, services } = centre;
      await journalConfigChanges(services.store, services.journal, cfg);
      const address = await server.listen({ host: cfg.http.host, port: cfg.http.port });
      logger.info({ address, store: services.store.kind }, 'vigie centre listening');
      const setupToken = await services.users.issueSetupToken();
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
      logger.info({ recording: cfg.ingest.enabled, analytics: cfg.analytics.enabled }, 'centre started');
    });
}
