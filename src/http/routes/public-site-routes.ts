import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import { consoleDir } from './console-routes.js';

/** src/public-site in the source tree (built code has no copy, as for the console). */
export function publicSiteDir(): string {
  for (const rel of ['../../public-site/', '../../../src/public-site/']) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(`${p}index.html`)) return p;
  }
  throw new Error('public register files not found (src/public-site/index.html)');
}

// The public register's page loads nothing but its own files and /public/register.json: no tiles, no fonts, nothing
// from elsewhere, and nothing from the console or the API (a resident's browser never touches a logged-in route).
const CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

/**
 * The public transparency register's page: `/public/` (French, `?lang=en` English) and its files under
 * `/public/assets/`. No login; cacheable. Its data comes from the public JSON routes (`/public/register.json`).
 */
export const publicSiteRoutes = (): FastifyPluginAsync => async (app) => {
  const root = publicSiteDir();
  // Read once at start: only these files can be reached, whatever the path asked. The event kinds' and phases'
  // labels are the console's own (one list of words), served from here so the page never asks /console/.
  const files = new Map<string, Buffer>();
  for (const f of readdirSync(root).filter((f) => /^[a-z0-9-]+\.(js|css)$/.test(f)))
    files.set(f, readFileSync(join(root, f)));
  files.set('labels.js', readFileSync(join(consoleDir(), 'words', 'labels.js')));
  const page = readFileSync(join(root, 'index.html'), 'utf8');
  const pages = {
    fr: page,
    // The language is in the page as served, not only set by the script: screen readers and axe read <html lang>.
    en: page.replace('<html lang="fr">', '<html lang="en">'),
  };
  const headers = {
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'cache-control': 'public, max-age=300',
  };
  const route = { config: { public: true }, schema: { hide: true } };
  app.get<{ Querystring: { lang?: string } }>('/public/', route, (req, reply) =>
    reply
      .headers(headers)
      .type('text/html; charset=utf-8')
      .send(pages[req.query.lang === 'en' ? 'en' : 'fr']),
  );
  app.get<{ Params: { file: string } }>('/public/assets/:file', route, (req, reply) => {
    const body = files.get(req.params.file);
    if (!body) return reply.status(404).send({ error: 'not_found', message: 'no such file' });
    return reply.headers(headers).type(TYPES[req.params.file.split('.').pop()!]!).send(body);
  });
};
