import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError, notFound } from '../../core/errors.js';
import {
  type DocName,
  jsonSchemaOf,
  type PublicRegister,
  SCHEMAS,
  type Served,
  served,
} from '../../core/public/public-register.js';
import type { Services } from '../context.js';
import { TokenBuckets } from '../rate-limit.js';

const CACHE = 'public, max-age=300';

/** Does If-None-Match name this tag? (`*`, a list, weak or strong: the weak comparison RFC 9110 asks for here). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

function send(req: FastifyRequest, reply: FastifyReply, d: Served) {
  const gz = d.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) ? d.gzip : undefined;
  const etag = gz?.etag ?? d.etag;
  reply.header('etag', etag).header('cache-control', CACHE).header('x-content-type-options', 'nosniff');
  // Open data: any site or app may read it (no cookie is ever sent or needed, nothing here depends on who asks).
  reply.header('access-control-allow-origin', '*');
  if (d.gzip) reply.header('vary', 'accept-encoding');
  if (matches(req.headers['if-none-match'], etag)) return reply.code(304).send();
  if (gz) reply.header('content-encoding', 'gzip');
  return reply.type(d.type).send(gz?.body ?? d.body);
}

const docs: Array<[string, DocName, string]> = [
  [
    '/public/register.json',
    'register.json',
    'The whole public register: cameras, authorisations, contracts, statistics.',
  ],
  ['/public/cameras.geojson', 'cameras.geojson', 'Published cameras as GeoJSON (RFC 7946, [lon, lat]).'],
  ['/public/cameras.csv', 'cameras.csv', 'Published cameras as CSV.'],
  ['/public/algorithms.json', 'algorithms.json', 'One entry per algorithm (Dutch Algorithm Register standard fields).'],
  ['/public/contracts.json', 'contracts.json', 'The system’s contracts.'],
];

/**
 * The public transparency register (law.md L9): no login, rate-limited per address, cacheable (ETag, 304).
 * Everything here comes from the register built in memory; nothing personal, no withheld camera.
 */
export const publicRoutes =
  (s: Services, register: PublicRegister, perMinute: number): FastifyPluginAsyncZod =>
  async (app) => {
    const buckets = new TokenBuckets(perMinute);
    // Encapsulated in this plugin: only /public is limited this way.
    app.addHook('onRequest', async (req) => {
      const wait = buckets.take(req.ip);
      if (wait > 0)
        throw new DomainError(429, 'too_many_requests', `too many requests; retry in ${wait} s`, {
          retryAfter: wait,
        });
    });
    const config = { public: true };

    for (const [path, name, summary] of docs)
      app.get(path, { config, schema: { tags: ['public'], summary } }, async (req, reply) =>
        send(req, reply, await register.get(name)),
      );

    app.get(
      '/public/statistics.json',
      {
        config,
        schema: {
          tags: ['public'],
          summary: 'Monthly statistics (default: the last 12 months); counts below the threshold read "< N".',
          querystring: z.strictObject({
            month: z
              .string()
              .regex(/^(19|20)\d\d-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')
              .optional()
              .describe('One month (YYYY-MM) in the centre’s time zone.'),
          }),
        },
      },
      async (req, reply) =>
        send(
          req,
          reply,
          req.query.month ? await register.month(req.query.month) : await register.get('statistics.json'),
        ),
    );

    const schemaDocs = new Map(
      Object.keys(SCHEMAS).map((n) => [
        n,
        served(JSON.stringify(jsonSchemaOf(n as keyof typeof SCHEMAS), null, 2), 'application/schema+json'),
      ]),
    );
    app.get(
      '/public/schema/:name',
      {
        config,
        schema: {
          tags: ['public'],
          summary: 'The JSON Schema of a public document (register.json, algorithms.json, statistics.json, …).',
          params: z.strictObject({ name: z.string().max(40) }),
        },
      },
      async (req, reply) => {
        const d = schemaDocs.get(req.params.name);
        if (!d) throw notFound(`schema ${req.params.name}`);
        return send(req, reply, d);
      },
    );

    app.get(
      '/public/documents/:file',
      {
        config,
        schema: {
          tags: ['public'],
          summary: 'An authorisation’s signed document (<authorisation id>.pdf), only when an admin published it.',
          params: z.strictObject({ file: z.string().regex(/^[0-9a-f-]{36}\.pdf$/, '<authorisation id>.pdf') }),
        },
      },
      async (req, reply) => {
        const { a, bytes } = await s.legal.document('public', req.params.file.slice(0, -4));
        reply.header('content-disposition', `inline; filename="${a.reference.replace(/[^\w.-]/g, '_')}.pdf"`);
        // An uploaded file shown from this origin: whatever it holds runs in a sandbox, without the centre's origin.
        reply.header('content-security-policy', 'sandbox');
        return send(req, reply, { body: bytes, etag: `"${a.document!.sha256}"`, type: 'application/pdf' });
      },
    );
  };
