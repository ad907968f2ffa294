import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { createServices } from '../app/centre.js';
import { seedDemoAuthorisations } from '../app/demo-legal.js';
import { seedDemoFleet } from '../app/seed-demo.js';
import { configJsonSchema, loadConfig } from '../config/load.js';
import { camerasToCsv, parseCamerasCsv } from '../core/fleet/csv.js';
import { camerasToGeoJson, parseCamerasGeoJson } from '../core/fleet/geojson.js';
import { roles } from '../core/ports/store.js';
import type { Services } from '../core/services.js';
import type { Principal } from '../core/users/principal.js';
import { readSecret } from './prompt.js';

export const cliActor = (): Principal => ({
  userId: 'cli',
  username: `cli:${userInfo().username}`,
  role: 'admin',
  sectorIds: [],
  via: 'cli',
});
export const out = (v: unknown): void => {
  process.stdout.write(`${typeof v === 'string' ? v : JSON.stringify(v, null, 2)}\n`);
};

/** Runs fn against the configured store and always closes it. */
export function withServices(program: Command, fn: (s: Services) => Promise<void>) {
  return async () => {
    const { services } = await createServices(loadConfig(program.opts().config));
    try {
      await fn(services);
    } finally {
      await services.store.close();
    }
  };
}

export function registerAdminCommands(program: Command) {
  const config = program.command('config').description('configuration');
  config
    .command('schema')
    .description('print the JSON Schema of vigie.yaml')
    .action(() => out(configJsonSchema()));
  config
    .command('check')
    .description('validate vigie.yaml and print the effective configuration')
    .action(() => out(loadConfig(program.opts().config)));

  const users = program.command('users').description('accounts');
  users
    .command('create-admin')
    .description('create an admin account (password read from stdin, or generated and printed once)')
    .requiredOption('--username <name>')
    .option('--generate', 'generate a random password and print it once')
    .action(async (o: { username: string; generate?: boolean }) =>
      withServices(program, async (s) => {
        const password = o.generate
          ? randomBytes(18).toString('base64url')
          : await readSecret('password (12+ characters): ');
        const u = await s.users.create(cliActor(), { username: o.username, password, role: 'admin', sectorIds: [] });
        out(o.generate ? { ...u, password } : u);
      })(),
    );
  users
    .command('create')
    .description('create a user')
    .requiredOption('--username <name>')
    .requiredOption('--role <role>', roles.join(' | '))
    .option('--sectors <ids>', 'comma-separated sector ids', '')
    .action(async (o: { username: string; role: string; sectors: string }) =>
      withServices(program, async (s) => {
        const password = await readSecret('password (12+ characters): ');
        const sectorIds = o.sectors ? o.sectors.split(',').map((x) => x.trim()) : [];
        out(await s.users.create(cliActor(), { username: o.username, password, role: o.role as never, sectorIds }));
      })(),
    );
  users.command('list').action(withServices(program, async (s) => out(await s.users.list(cliActor()))));

  const cams = program.command('cameras').description('camera fleet');
  cams
    .command('list')
    .option('--sector <id>')
    .option('--limit <n>', 'max rows', '1000')
    .action(async (o: { sector?: string; limit: string }) =>
      withServices(program, async (s) => {
        const r = await s.fleet.list(cliActor(), { ...(o.sector && { sectorId: o.sector }), limit: Number(o.limit) });
        out(r);
      })(),
    );
  cams
    .command('import <file>')
    .description('import a CSV or GeoJSON file (all rows or none)')
    .action(async (file: string) =>
      withServices(program, async (s) => {
        const text = readFileSync(file, 'utf8');
        const geo = /\.(geo)?json$/i.test(file);
        const r = geo ? parseCamerasGeoJson(text) : parseCamerasCsv(text);
        if (!r.ok) {
          for (const e of r.errors) process.stderr.write(`${file}: ${e.message}\n`);
          throw new Error(`${r.errors.length} invalid row(s); nothing imported`);
        }
        out(await s.fleet.importMany(cliActor(), r.cameras, geo ? 'geojson' : 'csv'));
      })(),
    );
  cams
    .command('export')
    .option('--format <f>', 'csv | geojson', 'csv')
    .option('-o, --output <file>')
    .action(async (o: { format: string; output?: string }) =>
      withServices(program, async (s) => {
        const all = await s.fleet.exportAll(cliActor(), o.format);
        const text = o.format === 'geojson' ? JSON.stringify(camerasToGeoJson(all), null, 1) : camerasToCsv(all);
        if (o.output) writeFileSync(o.output, text);
        else process.stdout.write(text);
      })(),
    );
  program
    .command('demo-seed')
    .description('seed the illustrative demo fleet, and its illustrative authorisations, into an empty registry')
    .action(
      withServices(program, async (s) =>
        out({ seeded: await seedDemoFleet(s.store, s.fleet), authorisations: await seedDemoAuthorisations(s) }),
      ),
    );

  const audit = program.command('audit').description('audit journal');
  audit
    .command('verify')
    .description(
      'check the hash chain and the anchors of its head (audit.anchorFile); exit 1 and say where if any entry was edited, removed or reordered',
    )
    .option('--expect-head <seq:hash>', 'a head noted earlier (catches removal of the newest entries)')
    .action(async (o: { expectHead?: string }) =>
      withServices(program, async (s) => {
        // The anchors outside the database are checked too: a chain re-forged with the key does not contain them.
        const r = await s.journalIntegrity.verify();
        if (o.expectHead) {
          const [seq, hash] = o.expectHead.split(':');
          const head = await s.store.audit.page(Number(seq) - 1, 1);
          if (head[0]?.seq !== Number(seq) || head[0]?.hash !== hash) {
            r.ok = false;
            r.problems.push({ seq: Number(seq), kind: 'removed', message: `noted head ${seq} is missing or changed` });
          }
        }
        out(r);
        if (!r.ok) process.exitCode = 1;
      })(),
    );
  audit
    .command('tail')
    .option('-n <count>', 'entries', '20')
    .action(async (o: { n: string }) =>
      withServices(program, async (s) => out((await s.store.audit.search({ limit: Number(o.n) })).reverse()))(),
    );
}
