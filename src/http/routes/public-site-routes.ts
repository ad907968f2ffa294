import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
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

/** One file as served: its bytes, type and a strong ETag (the content's hash), so a revisit costs a 304. */
interface Served {
  body: Buffer;
  type: string;
  etag: string;
}
const served = (body: Buffer | string, type: string): Served => {
  const bytes = Buffer.from(body);
  return { body: bytes, type, etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"` };
};

/**
 * The public transparency register's page: `/public/` (French, `?lang=en` English) and its files under
 * `/public/assets/`. No login; cacheable. Its data comes from the public JSON routes (`/public/register.json`).
 */
export const publicSiteRoutes = (): FastifyPluginAsync => async (app) => {
  const root = publicSiteDir();
  // Read once at start: only these files can be reached, whatever the path asked. The event kinds' and phases'
  // labels are the console's own (one list of words), served from here so the page never asks /console/.
  const files = new Map<string, Served>();
  for (const f of readdirSync(root).filter((f) => /^[a-z0-9-]+\.(js|css)$/.test(f)))
    files.set(f, served(readFileSync(join(root, f)), TYPES[f.split('.').pop()!]!));
  files.set('labels.js', served(readFileSync(join(consoleDir(), 'words', 'labels.js')), TYPES.js!));
  const page = readFileSync(join(root, 'index.html'), 'utf8');
  const html = 'text/html; charset=utf-8';
  const pages = {
    fr: served(page, html),
    // The language is in the page as served, not only set by the script: screen readers and axe read <html lang>.
    en: served(page.replace('<html lang="fr">', '<html lang="en">'), html),
  };
  const headers = {
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'cache-control': 'public, max-age=300',
  };
  const send = (req: FastifyRequest, reply: FastifyReply, f: Served) => {
    reply.headers(headers).header('etag', f.etag);
    if (req.headers['if-none-match'] === f.etag) return reply.status(304).send();
    return reply.type(f.type).send(f.body);
  };
  const route = { config: { public: true }, schema: { hide: true } };
  app.get<{ Querystring: { lang?: string } }>('/public/', route, (req, reply) =>
    send(req, reply, pages[req.query.lang === 'en' ? 'en' : 'fr']),
  );
  app.get<{ Params: { file: string } }>('/public/assets/:file', route, (req, reply) => {
    const f = files.get(req.params.file);
    if (!f) return reply.status(404).send({ error: 'not_found', message: 'no such file' });
    return send(req, reply, f);
  });
};
