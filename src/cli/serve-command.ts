import type { Command } from 'commander';
import { createCentre } from '../app/centre.js';
import { journalConfigChanges } from '../app/config-journal.js';
import { seedDemoFleet } from '../app/seed-demo.js';
import { loadConfig } from '../config/load.js';

export function registerServeCommand(program: Command) {
  program
    .command('serve')
    .description('run the centre (API, console, and later media and analytics roles)')
    .option('--demo', 'seed the illustrative Valenciennes demo fleet when the registry is empty')
    .action(async (opts: { demo?: boolean }) => {
      const cfg = loadConfig(program.opts().config);
      const centre = await createCentre(cfg);
      const { logger, server, services } = centre;
      await journalConfigChanges(services.store, services.journal, cfg);
      if (opts.demo || cfg.demo) {
        const n = await seedDemoFleet(services.store, services.fleet);
        if (n) logger.info({ cameras: n }, 'seeded the illustrative Valenciennes demo fleet');
      }
      const address = await server.listen({ host: cfg.http.host, port: cfg.http.port });
      logger.info({ address, store: services.store.kind }, 'vigie centre listening');
      await centre.start();
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
      let closing = false;
      const shutdown = async (signal: string) => {
        if (closing) return;
        closing = true;
        logger.info({ signal }, 'shutting down');
        const timer = setTimeout(() => process.exit(1), 10_000).unref();
        await centre.close();
        clearTimeout(timer);
        process.exit(0);
      };
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
      process.on('SIGINT', () => void shutdown('SIGINT'));
    });
}
