import pino from 'pino';
import { createCentre } from '../src/app/centre.js';
import { parseConfig } from '../src/config/load.js';
import { SYSTEM } from '../src/core/users/principal.js';

// The centre as served, plus one static route as the framework-only baseline.
const cfg = parseConfig({ dataDir: process.env.VIGIE_DATA_DIR, log: { level: 'silent' } });
const centre = await createCentre(cfg, { logger: pino({ level: 'silent' }) });
const sample = JSON.stringify(await centre.services.fleet.list(SYSTEM, { sectorId: 'sector-3', limit: 100 }));
centre.server.get('/bench/static-list', { config: { public: true } }, async (_req, reply) =>
  reply.type('application/json').send(sample),
);
const address = await centre.server.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`LISTEN ${address}\n`);
process.on('SIGTERM', () => centre.close().then(() => process.exit(0)));
