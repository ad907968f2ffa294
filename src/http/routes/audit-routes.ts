import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principal, type Services } from '../context.js';
import { errors } from './schemas.js';

const entrySchema = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  ip: z.string(),
  details: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});

export const auditRoutes =
  (s: Services): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/audit',
      {
        schema: {
          tags: ['audit'],
          summary: 'Journal entries, newest first (admin, auditor).',
          querystring: z.strictObject({
            actor: z.string().max(200).optional(),
            action: z.string().max(100).optional(),
            target: z.string().max(500).optional(),
            before: z.coerce.number().int().min(1).optional().describe('Only entries with seq below this (paging).'),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
          }),
          response: { 200: z.array(entrySchema), ...errors },
        },
      },
      async (req) => {
        const p = principal(req, 'audit.read');
        const { before, ...f } = req.query;
        const rows = await s.store.audit.search({ ...f, ...(before !== undefined && { beforeSeq: before }) });
        await s.journal.record({ actor: p.username, action: 'audit.read', ip: req.ip, details: { filter: req.query } });
        return rows;
      },
    );
    app.get(
      '/api/audit/verify',
      {
        schema: {
          tags: ['audit'],
          summary:
            'Verify the whole hash chain and its external anchors; lists each edited, removed or reordered entry and each anchored head no longer in the journal.',
          response: {
            200: z.object({
              ok: z.boolean(),
              entries: z.number(),
              lastSeq: z.number(),
              lastHash: z.string(),
              problems: z.array(z.object({ seq: z.number(), kind: z.string(), message: z.string() })),
            }),
            ...errors,
          },
        },
      },
      async (req) => {
        principal(req, 'audit.read');
        return s.journalIntegrity.verify();
      },
    );
    app.get(
      '/api/audit/anchors',
      {
        schema: {
          tags: ['audit'],
          summary:
            'The journal heads anchored outside the database (seq, hash, time, MAC), oldest first: what the transparency register publishes.',
          response: {
            200: z.array(z.object({ seq: z.number(), hash: z.string(), at: z.string(), mac: z.string() }).nullable()),
            ...errors,
          },
        },
      },
      async (req) => {
        principal(req, 'audit.read');
        return (await s.journalIntegrity.anchoring.log.list()).map((a) => a ?? null);
      },
    );
  };
