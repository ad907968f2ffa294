import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PROCESSING_FORMATS, renderProcessing } from '../../core/legal/processing-render.js';
import { principal, type Services } from '../context.js';

const TYPES = {
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
} as const;

/** The record of processing (RGPD art. 30) and its DPIA annex, as configured now: for admins and auditors. */
export const registerRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/register/processing',
      {
        schema: {
          tags: ['legal'],
          summary:
            'The record of processing activities (RGPD art. 30) with its DPIA annex, built from the live configuration (admins and auditors; the read is journaled).',
          description: 'json (default), md (Markdown) or html (a standalone printable page).',
          querystring: z.strictObject({ format: z.enum(PROCESSING_FORMATS).default('json') }),
          produces: Object.values(TYPES),
        },
      },
      async (req, reply) => {
        const { format } = req.query;
        const record = await s.processingRecord.build(principal(req), format, req.ip);
        // Never cached: it lists who may see what and the centre's open risks.
        reply.type(TYPES[format]).header('cache-control', 'private, no-store');
        // The page is self-contained (escaped text, its own style): it may load nor run anything else.
        if (format === 'html') reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
        return reply.send(renderProcessing(record, format));
      },
    );
  };
