import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

/** src/console in the source tree; built code (dist/) has no copy, so it falls back to the source tree. */
export function consoleDir(): string {
  for (const rel of ['../../console/', '../../../src/console/']) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(`${p}index.html`)) return p;
  }
  throw new Error('console files not found (src/console/index.html)');
}

// Only the console's own files are served (listed once at start): nothing else can be reached by a crafted path.
// The console's words (words/<area>.js, one per area of the console) are the one sub-folder.
const consoleFiles = (root: string) =>
  new Set(
    [...readdirSync(root), ...readdirSync(join(root, 'words')).map((f) => `words/${f}`)].filter((f) =>
      /^(words\/)?[a-z0-9-]+\.(js|css)$/.test(f),
    ),
  );

// The console loads nothing from elsewhere (but the map tiles an admin configured); video comes from MSE (blob:) or
// the playback endpoint.
const csp = (tileOrigin?: string) =>
  [
    "default-src 'self'",
    "media-src 'self' blob:",
    `img-src 'self' data:${tileOrigin ? ` ${tileOrigin}` : ''}`,
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');

export interface ConsoleOptions {
  mapTileUrl?: string;
  mapAttribution?: string;
}

/** The static console: `/` and `/console/<file>`, reachable before login (the page logs in). */
export const consoleRoutes =
  (o: ConsoleOptions = {}): FastifyPluginAsync =>
  async (app) => {
    const root = consoleDir();
    const FILES = consoleFiles(root);
    await app.register(fastifyStatic, { root, serve: false });
    const tileOrigin = o.mapTileUrl ? new URL(o.mapTileUrl.replace(/[{}]/g, '')).origin : undefined;
    // What the console's map needs to know; reachable before login (nothing secret in it).
    app.get('/console/settings.json', { config: { public: true }, schema: { hide: true } }, async () => ({
      mapTileUrl: o.mapTileUrl ?? null,
      mapAttribution: o.mapAttribution ?? null,
    }));
    const headers = {
      'content-security-policy': csp(tileOrigin),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    };
    app.get('/', { config: { public: true }, schema: { hide: true } }, (_req, reply) =>
      reply.headers(headers).sendFile('index.html'),
    );
    const serve = (file: string, reply: FastifyReply) =>
      FILES.has(file)
        ? reply.headers(headers).sendFile(file)
        : reply.status(404).send({ error: 'not_found', message: 'no such file' });
    const route = { config: { public: true }, schema: { hide: true } };
    app.get<{ Params: { file: string } }>('/console/:file', route, (req, reply) => serve(req.params.file, reply));
    app.get<{ Params: { file: string } }>('/console/words/:file', route, (req, reply) =>
      serve(`words/${req.params.file}`, reply),
    );
  };
